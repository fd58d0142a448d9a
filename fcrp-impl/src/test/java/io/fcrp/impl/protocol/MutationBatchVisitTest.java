package io.fcrp.impl.protocol;

import static io.fcrp.impl.protocol.ProtocolTestSupport.assertProtocolError;
import static io.fcrp.impl.protocol.ProtocolTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MutationBatchCodec#visit} hands out exactly what {@link MutationBatchCodec#decode} returns
 * (plus the wire key tag), and validates the whole batch before the first record is visited.
 */
class MutationBatchVisitTest {

    private static final long T = 1_700_000_000_000L;

    /** One visited record, with key and value copied out of the payload array. */
    private static final class Visited {
        final Mutation mutation;
        final long keyTag;

        Visited(Mutation mutation, long keyTag) {
            this.mutation = mutation;
            this.keyTag = keyTag;
        }
    }

    private static List<Visited> visit(PayloadReader reader) throws ProtocolException {
        List<Visited> visited = new ArrayList<>();
        RecordView view = new RecordView();
        int count = MutationBatchCodec.visit(reader, view, r -> {
            assertSame(view, r, "one view re-pointed at every record");
            assertSame(reader.array(), r.bytes(), "slices of the payload array, not copies");
            visited.add(new Visited(
                    new Mutation(
                            r.shardId(),
                            r.sequence(),
                            r.timestampMs(),
                            r.op(),
                            r.keyHash(),
                            Arrays.copyOfRange(r.bytes(), r.keyOffset(), r.keyOffset() + r.keyLength()),
                            Arrays.copyOfRange(r.bytes(), r.valueOffset(), r.valueOffset() + r.valueLength()),
                            r.expireAtMs()),
                    r.keyTag()));
        });
        assertEquals(count, visited.size(), "returned count");
        assertEquals(0, reader.remaining(), "the whole payload is consumed");
        return visited;
    }

    private static void assertVisitMatchesDecode(byte[] array, int offset, int length, String context)
            throws ProtocolException {
        List<Mutation> decoded = MutationBatchCodec.decode(new PayloadReader(array, offset, length));
        List<Visited> visited = visit(new PayloadReader(array, offset, length));
        assertEquals(decoded.size(), visited.size(), context);
        for (int i = 0; i < decoded.size(); i++) {
            Mutation d = decoded.get(i);
            Mutation v = visited.get(i).mutation;
            String ctx = context + " record " + i;
            assertEquals(d.shardId(), v.shardId(), ctx);
            assertEquals(d.sequence(), v.sequence(), ctx);
            assertEquals(d.timestampMs(), v.timestampMs(), ctx);
            assertEquals(d.op(), v.op(), ctx);
            assertEquals(d.keyHash(), v.keyHash(), ctx);
            assertEquals(d.expireAtMs(), v.expireAtMs(), ctx);
            assertArrayEquals(d.key(), v.key(), ctx);
            assertArrayEquals(d.value(), v.value(), ctx);
            assertEquals(d, v, ctx);
            // the tag handed out is the one on the wire (our encoder writes hash >>> 56)
            assertEquals(d.keyHash() >>> 56, visited.get(i).keyTag, ctx);
        }
    }

    @Test
    void goldenVectorsVisitLikeTheyDecode() throws Exception {
        for (String vector : new String[] {GoldenVectorsTest.TV6, GoldenVectorsTest.TV7, GoldenVectorsTest.TV8}) {
            byte[] frame = hex(vector);
            assertVisitMatchesDecode(frame, 16, frame.length - 16, vector.substring(0, 24));
            Frame decoded = FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD);
            assertVisitMatchesDecode(
                    decoded.payloadArray(), decoded.payloadOffset(), decoded.payloadLength(), "via Frame");
        }
        Frame tv13 = FrameCodec.decode(hex(GoldenVectorsTest.TV13), FrameHeader.MAX_PAYLOAD);
        assertVisitMatchesDecode(tv13.payloadArray(), tv13.payloadOffset(), tv13.payloadLength(), "TV-13");
    }

    @Test
    void randomBatchesVisitLikeTheyDecodeAtAnyOffset() throws Exception {
        long seed = 20_260_101L;
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            List<Mutation> batch = RoundTripPropertyTest.batch(r, 300);
            byte[] payload = MutationBatchCodec.encode(batch);
            // embed the payload inside a larger array with junk on both sides
            int before = r.nextInt(40);
            int after = r.nextInt(40);
            byte[] array = new byte[before + payload.length + after];
            r.nextBytes(array);
            System.arraycopy(payload, 0, array, before, payload.length);
            String context = "seed " + seed + " iteration " + i;
            assertVisitMatchesDecode(array, before, payload.length, context);
            List<Visited> visited = visit(new PayloadReader(array, before, payload.length));
            List<Mutation> mutations = new ArrayList<>();
            for (Visited v : visited) {
                mutations.add(v.mutation);
            }
            assertEquals(batch, mutations, context);
        }
    }

    @Test
    void visitHandsOutTheWireKeyTagEvenWhenItDisagrees() throws Exception {
        // decode() drops the wire tag (Mutation derives it); visit() exposes it as sent
        byte[] payload = hex(GoldenVectorsTest.TV8.substring(32));
        payload[4 + 29] = 0x12;
        List<Visited> visited = visit(new PayloadReader(payload));
        assertEquals(0x12, visited.get(0).keyTag);
        assertEquals(
                0xa9,
                MutationBatchCodec.decode(new PayloadReader(payload)).get(0).keyTag());
    }

    @Test
    void emptyBatchVisitsNothing() throws Exception {
        int[] calls = {0};
        assertEquals(
                0, MutationBatchCodec.visit(new PayloadReader(hex("00000000")), new RecordView(), r -> calls[0]++));
        assertEquals(0, calls[0]);
    }

    // ------------------------------------------------------------ malformed last record

    /** A valid batch of {@code count} records; returns the payload and the offset of the last record. */
    private static byte[] batchOf(int count, int[] lastRecordOffset) {
        PayloadWriter writer = new PayloadWriter(64);
        writer.u32(count);
        for (int i = 0; i < count; i++) {
            byte[] key = ("key-" + i).getBytes();
            lastRecordOffset[0] = writer.payloadLength();
            MutationBatchCodec.appendRecord(
                    writer,
                    i % 4,
                    i + 1,
                    T + i,
                    MutationOp.values()[i % 3],
                    KeyHash.of(key),
                    i % 2 == 0 ? Entry.NO_EXPIRY : T + 1000,
                    key,
                    i % 3 == 0 ? new byte[] {1, 2, 3} : new byte[0]);
        }
        return writer.payloadCopy();
    }

    private static void assertNothingVisited(byte[] payload, ProtocolError error, String text) {
        int[] calls = {0};
        assertProtocolError(
                error,
                text,
                () -> MutationBatchCodec.visit(new PayloadReader(payload), new RecordView(), r -> calls[0]++));
        assertEquals(0, calls[0], "records visited before the error");
        // decode fails the same way
        assertProtocolError(error, text, () -> MutationBatchCodec.decode(new PayloadReader(payload)));
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1, 2, 5, 40})
    void malformedLastRecordVisitsNoRecord(int count) throws Exception {
        int[] last = {0};
        byte[] valid = batchOf(count, last);
        int lastOp = last[0] + 20;
        // sanity: the valid batch visits every record
        assertEquals(count, visit(new PayloadReader(valid)).size());

        for (int op : new int[] {0, 5, 0xFF}) {
            byte[] bad = valid.clone();
            bad[lastOp] = (byte) op;
            assertNothingVisited(bad, ProtocolError.UNSUPPORTED_MUTATION_OP, "unsupported FCRP mutation op: " + op);
        }
        // last record cut short, in its fixed part and in its key
        for (int cut : new int[] {1, 5, 20}) {
            byte[] bad = Arrays.copyOf(valid, valid.length - cut);
            int[] calls = {0};
            ProtocolException e = assertThrows(
                    ProtocolException.class,
                    () -> MutationBatchCodec.visit(new PayloadReader(bad), new RecordView(), r -> calls[0]++));
            assertTrue(
                    e.error() == ProtocolError.PAYLOAD_TRUNCATED || e.error() == ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "cut " + cut + ": " + e.error());
            assertEquals(0, calls[0], "records visited before the error (cut " + cut + ")");
        }
        // last record's key_len / value_len pointing past the end
        byte[] longKey = valid.clone();
        LittleEndian.putInt(longKey, last[0] + 45, 1000);
        assertNothingVisited(longKey, ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
        byte[] longValue = valid.clone();
        LittleEndian.putInt(longValue, last[0] + 49, 0xFFFFFFFF);
        assertNothingVisited(longValue, ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
        // a byte after the last record
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertNothingVisited(trailing, ProtocolError.TRAILING_BYTES, "FCRP payload contains trailing bytes");
        // count one higher than the records present
        byte[] moreCount = valid.clone();
        LittleEndian.putInt(moreCount, 0, count + 1);
        int[] calls = {0};
        assertThrows(
                ProtocolException.class,
                () -> MutationBatchCodec.visit(new PayloadReader(moreCount), new RecordView(), r -> calls[0]++));
        assertEquals(0, calls[0]);
    }

    @Test
    void malformedBatchInsideACompressedFrameVisitsNoRecord() throws Exception {
        int[] last = {0};
        byte[] bad = batchOf(3, last);
        bad[last[0] + 20] = 5;
        byte[] frame =
                FrameCodec.encode(FrameKind.MUTATION_BATCH, ProtocolTestSupport.writerWith(bad), Compression.ZSTD, 3);
        Frame read = new FrameReader(new ByteArrayInputStream(frame), FrameHeader.MAX_PAYLOAD).next();
        int[] calls = {0};
        assertProtocolError(
                ProtocolError.UNSUPPORTED_MUTATION_OP,
                "unsupported FCRP mutation op: 5",
                () -> MutationBatchCodec.visit(read.reader(), new RecordView(), r -> calls[0]++));
        assertEquals(0, calls[0]);
    }

    @Test
    void visitorExceptionStopsTheVisit() {
        int[] last = {0};
        byte[] valid = batchOf(5, last);
        int[] calls = {0};
        ProtocolException e = assertProtocolError(
                ProtocolError.UNEXPECTED_FRAME,
                "stop",
                () -> MutationBatchCodec.visit(new PayloadReader(valid), new RecordView(), r -> {
                    if (++calls[0] == 2) {
                        throw new ProtocolException(ProtocolError.UNEXPECTED_FRAME, "stop");
                    }
                }));
        assertEquals("stop", e.getMessage());
        assertEquals(2, calls[0]);
    }
}
