package io.fcrp.impl.protocol;

import static io.fcrp.impl.protocol.ProtocolTestSupport.assertProtocolError;
import static io.fcrp.impl.protocol.ProtocolTestSupport.compressedFrame;
import static io.fcrp.impl.protocol.ProtocolTestSupport.concat;
import static io.fcrp.impl.protocol.ProtocolTestSupport.frame;
import static io.fcrp.impl.protocol.ProtocolTestSupport.hex;
import static io.fcrp.impl.protocol.ProtocolTestSupport.rawHeader;
import static io.fcrp.impl.protocol.ProtocolTestSupport.threadAllocatedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The negative cases of spec §10 and every receiver error of §2.5, §2.6, §4 and the §11.1
 * hardening, each checked for its {@link ProtocolError} and, where the spec gives one, its
 * reference text.
 */
class NegativeCasesTest {

    private static final int MAX = FrameHeader.MAX_PAYLOAD;
    private static final int ONE_MIB = 1024 * 1024;

    /** TV-1's 19-byte payload. */
    private static final String TV1_PAYLOAD = "01010000000001010000000000000000000000";
    /** TV-6's 122-byte payload (Set alpha=one, Del beta). */
    private static final String TV6_PAYLOAD = GoldenVectorsTest.TV6.substring(32);

    private static byte[] tv6Payload() {
        return hex(TV6_PAYLOAD);
    }

    private static Frame decode(byte[] frame) throws ProtocolException {
        return FrameCodec.decode(frame, MAX);
    }

    /** A stream that fails the test if anyone reads past its {@code allowed} bytes. */
    private static final class GuardedStream extends InputStream {
        private final byte[] bytes;
        private final int allowed;
        private int position;

        GuardedStream(byte[] bytes, int allowed) {
            this.bytes = bytes;
            this.allowed = allowed;
        }

        @Override
        public int read() {
            if (position >= allowed) {
                throw new AssertionError("read beyond byte " + allowed);
            }
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= allowed) {
                throw new AssertionError("read beyond byte " + allowed);
            }
            int n = Math.min(length, Math.min(allowed, bytes.length) - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }

    // =================================================================== §2.5 framing

    @Test
    void badMagic() {
        byte[] header = hex("46435251 01 01 0000 00000000 00000000");
        assertProtocolError(ProtocolError.MAGIC_MISMATCH, "FCRP magic mismatch", () -> decode(header));
        assertProtocolError(
                ProtocolError.MAGIC_MISMATCH,
                "FCRP magic mismatch",
                () -> new FrameReader(new ByteArrayInputStream(header), MAX).next());
        for (int i = 0; i < 4; i++) {
            byte[] tv1 = hex(GoldenVectorsTest.TV1);
            tv1[i] ^= 0x20; // e.g. lower-case "fcrp"
            assertProtocolError(ProtocolError.MAGIC_MISMATCH, "FCRP magic mismatch", () -> decode(tv1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x7F, 0xFF})
    void wrongVersion(int version) {
        byte[] header = rawHeader(version, 1, 0, 0, 0, 0);
        assertProtocolError(
                ProtocolError.UNSUPPORTED_VERSION, "unsupported FCRP version: " + version, () -> decode(header));
    }

    @Test
    void wrongVersionSpecVector() {
        byte[] header = hex("46435250 02 01 0000 00000000 00000000");
        assertProtocolError(ProtocolError.UNSUPPORTED_VERSION, "unsupported FCRP version: 2", () -> decode(header));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 9, 0x80, 0xFF})
    void unknownKind(int kind) {
        byte[] header = rawHeader(1, kind, 0, 0, 0, 0);
        assertProtocolError(
                ProtocolError.UNSUPPORTED_KIND, "unsupported FCRP frame kind: " + kind, () -> decode(header));
        assertProtocolError(
                ProtocolError.UNSUPPORTED_KIND,
                "unsupported FCRP frame kind: " + kind,
                () -> new FrameReader(new ByteArrayInputStream(header), MAX).next());
    }

    @Test
    void unknownKindSpecVector() {
        byte[] header = hex("46435250 01 08 0000 00000000 00000000");
        assertProtocolError(ProtocolError.UNSUPPORTED_KIND, "unsupported FCRP frame kind: 8", () -> decode(header));
    }

    @Test
    void payloadAboveLimitIsRejectedFromTheHeaderAlone() throws Exception {
        byte[] header = rawHeader(1, FrameKind.MUTATION_BATCH.code(), 0, 0, 268_435_457L, 268_435_457L);
        assertEquals("01000010", hex(Arrays.copyOfRange(header, 8, 12)));
        GuardedStream in = new GuardedStream(header, 16);
        FrameReader reader = new FrameReader(in, MAX);
        long before = threadAllocatedBytes();
        assertProtocolError(
                ProtocolError.PAYLOAD_TOO_LARGE, "FCRP frame payload exceeds limit (268435457 bytes)", reader::next);
        long allocated = threadAllocatedBytes() - before;
        assertEquals(16, reader.bytesRead(), "only the header is read");
        if (before >= 0) {
            assertTrue(allocated < ONE_MIB, "allocated " + allocated + " bytes for a rejected header");
        }
        // a stream that has more bytes behind the header: they are left unread
        byte[] withMore = concat(header, new byte[64]);
        ByteArrayInputStream more = new ByteArrayInputStream(withMore);
        FrameReader second = new FrameReader(more, MAX);
        assertProtocolError(ProtocolError.PAYLOAD_TOO_LARGE, null, second::next);
        assertEquals(64, more.available());
        // FrameCodec.decode rejects the same header without looking at the buffer length
        assertProtocolError(ProtocolError.PAYLOAD_TOO_LARGE, "FCRP frame payload exceeds limit", () -> decode(header));
    }

    @Test
    void payloadLimitIsCheckedBeforeMagicAndVersion() {
        byte[] header = hex("00000000 07 63 fe ff ffffffff 00000000");
        assertProtocolError(
                ProtocolError.PAYLOAD_TOO_LARGE,
                "FCRP frame payload exceeds limit (4294967295 bytes)",
                () -> new FrameReader(new GuardedStream(header, 16), MAX).next());
    }

    @Test
    void payloadLimitFollowsTheReceiverLimit() throws Exception {
        byte[] header = rawHeader(1, 5, 0, 0, 1001, 1001);
        assertProtocolError(
                ProtocolError.PAYLOAD_TOO_LARGE,
                "(1001 bytes)",
                () -> new FrameReader(new GuardedStream(header, 16), 1000).next());
        assertProtocolError(ProtocolError.PAYLOAD_TOO_LARGE, null, () -> FrameCodec.decode(header, 1000));
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(InputStream.nullInputStream(), MAX + 1));
    }

    @Test
    void payloadExactlyAtLimitPassesTheHeaderCheck() throws Exception {
        byte[] header = rawHeader(1, FrameKind.SNAPSHOT_CHUNK.code(), 0, 0, 268_435_456L, 268_435_456L);
        FrameHeader parsed = FrameHeader.parse(header, 0, MAX);
        assertEquals(268_435_456, parsed.payloadLength());
        assertEquals(268_435_456, parsed.uncompressedLength());
        assertEquals(FrameKind.SNAPSHOT_CHUNK, parsed.kind());
        // decoding the header alone gets past every header check and stops at the length check
        assertProtocolError(ProtocolError.FRAME_LENGTH_MISMATCH, "FCRP frame length mismatch", () -> decode(header));
        // a compressed frame may declare exactly the limit as its uncompressed size
        byte[] compressed = rawHeader(1, FrameKind.SNAPSHOT_CHUNK.code(), 1, 0, 100, 268_435_456L);
        assertEquals(268_435_456, FrameHeader.parse(compressed, 0, MAX).uncompressedLength());
    }

    @Test
    void truncatedHeader() throws Exception {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        for (int n = 1; n < 16; n++) {
            byte[] prefix = Arrays.copyOf(tv1, n);
            FrameReader reader = new FrameReader(new ByteArrayInputStream(prefix), MAX);
            int len = n;
            assertProtocolError(ProtocolError.STREAM_CLOSED_MID_HEADER, "FCRP stream closed mid-header", reader::next);
            assertEquals(len, reader.bytesRead());
        }
        assertNull(new FrameReader(new ByteArrayInputStream(new byte[0]), MAX).next(), "clean EOF");
        // a complete frame followed by 5 bytes of the next header
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(tv1, Arrays.copyOf(tv1, 5))), MAX);
        assertNotNull(reader.next());
        assertProtocolError(ProtocolError.STREAM_CLOSED_MID_HEADER, "FCRP stream closed mid-header", reader::next);
    }

    @Test
    void truncatedPayload() throws Exception {
        byte[] tv6 = hex(GoldenVectorsTest.TV6);
        for (int n = 16; n < tv6.length; n++) {
            FrameReader reader = new FrameReader(new ByteArrayInputStream(Arrays.copyOf(tv6, n)), MAX);
            assertProtocolError(
                    ProtocolError.STREAM_CLOSED_MID_PAYLOAD, "FCRP stream closed mid-payload", reader::next);
        }
        byte[] tv13 = hex(GoldenVectorsTest.TV13);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(Arrays.copyOf(tv13, tv13.length - 1)), MAX);
        assertProtocolError(ProtocolError.STREAM_CLOSED_MID_PAYLOAD, "FCRP stream closed mid-payload", reader::next);
    }

    @Test
    void frameBufferShorterThanHeader() {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        for (int n = 0; n < 16; n++) {
            byte[] prefix = Arrays.copyOf(tv1, n);
            assertProtocolError(ProtocolError.FRAME_TRUNCATED, "FCRP frame is truncated", () -> decode(prefix));
        }
    }

    @Test
    void frameLengthMismatch() {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        byte[] longer = Arrays.copyOf(tv1, tv1.length + 1);
        byte[] shorter = Arrays.copyOf(tv1, tv1.length - 1);
        byte[] twoFrames = concat(tv1, tv1);
        for (byte[] bad : List.of(longer, shorter, twoFrames, Arrays.copyOf(tv1, 16))) {
            assertProtocolError(ProtocolError.FRAME_LENGTH_MISMATCH, "FCRP frame length mismatch", () -> decode(bad));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x02, 0x80, 0x03, 0x81, 0xFE, 0xFF})
    void unsupportedFlags(int flags) {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        tv1[6] = (byte) flags;
        assertProtocolError(
                ProtocolError.UNSUPPORTED_FLAGS, "FCRP frame contains unsupported flags", () -> decode(tv1));
        assertProtocolError(
                ProtocolError.UNSUPPORTED_FLAGS,
                "FCRP frame contains unsupported flags",
                () -> new FrameReader(new ByteArrayInputStream(tv1), MAX).next());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x80, 0xFF})
    void reservedByteNotZero(int reserved) {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        tv1[7] = (byte) reserved;
        assertProtocolError(ProtocolError.RESERVED_NOT_ZERO, null, () -> decode(tv1));
        assertProtocolError(
                ProtocolError.RESERVED_NOT_ZERO,
                null,
                () -> new FrameReader(new ByteArrayInputStream(tv1), MAX).next());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 18, 20, 0xFFFFFFFFL})
    void uncompressedFrameWithDifferentUncompressedLength(long uncompressedLength) {
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        LittleEndian.putInt(tv1, 12, (int) uncompressedLength);
        assertProtocolError(
                ProtocolError.UNCOMPRESSED_LENGTH_MISMATCH,
                "FCRP uncompressed frame length mismatch",
                () -> decode(tv1));
        assertProtocolError(
                ProtocolError.UNCOMPRESSED_LENGTH_MISMATCH,
                "FCRP uncompressed frame length mismatch",
                () -> new FrameReader(new ByteArrayInputStream(tv1), MAX).next());
    }

    // =================================================================== zstd

    /** One standard zstd frame holding 100 MB of zeros (content size in the header). */
    private static byte[] zstdBomb() {
        return BombHolder.BOMB;
    }

    private static final class BombHolder {
        static final int SIZE = 100_000_000;
        static final byte[] BOMB = Zstd.compress(new byte[SIZE], 3);
    }

    @Test
    void zstdBombIsRejectedFromTheDeclaredSize() throws Exception {
        byte[] bomb = zstdBomb();
        assertTrue(bomb.length < 64 * 1024, "bomb is small: " + bomb.length);
        assertEquals(BombHolder.SIZE, Zstd.getFrameContentSize(bomb), "bomb declares 100 MB");
        byte[] frame = concat(rawHeader(1, FrameKind.MUTATION_BATCH.code(), 1, 0, bomb.length, BombHolder.SIZE), bomb);

        long before = threadAllocatedBytes();
        assertProtocolError(
                ProtocolError.UNCOMPRESSED_TOO_LARGE, "(100000000 bytes)", () -> FrameCodec.decode(frame, ONE_MIB));
        FrameReader reader = new FrameReader(new GuardedStream(frame, 16), ONE_MIB);
        assertProtocolError(ProtocolError.UNCOMPRESSED_TOO_LARGE, null, reader::next);
        long allocated = threadAllocatedBytes() - before;
        assertEquals(16, reader.bytesRead(), "rejected before the payload is read");
        if (before >= 0) {
            assertTrue(allocated < ONE_MIB, "allocated " + allocated + " bytes while rejecting a zstd bomb");
        }
        // a declared size above the 256 MiB cap is rejected whatever the receive limit
        byte[] huge = concat(rawHeader(1, FrameKind.MUTATION_BATCH.code(), 1, 0, bomb.length, 0xFFFFFFFFL), bomb);
        assertProtocolError(ProtocolError.UNCOMPRESSED_TOO_LARGE, "(4294967295 bytes)", () -> decode(huge));
    }

    @Test
    void zstdContentLargerThanDeclaredFails() throws Exception {
        // the bomb, honestly sized at 1 MiB: zstd must stop at the declared capacity
        byte[] bomb = zstdBomb();
        byte[] frame = concat(rawHeader(1, FrameKind.MUTATION_BATCH.code(), 1, 0, bomb.length, ONE_MIB), bomb);
        long before = threadAllocatedBytes();
        assertProtocolError(
                ProtocolError.DECOMPRESSION_FAILED,
                "FCRP zstd decompression failed",
                () -> FrameCodec.decode(frame, ONE_MIB));
        assertProtocolError(
                ProtocolError.DECOMPRESSION_FAILED,
                "FCRP zstd decompression failed",
                () -> new FrameReader(new ByteArrayInputStream(frame), ONE_MIB).next());
        long allocated = threadAllocatedBytes() - before;
        if (before >= 0) {
            assertTrue(allocated < 8 * ONE_MIB, "allocated " + allocated + " bytes");
        }
        // TV-13 with uncompressed_len one byte short of the real 122
        byte[] tv13 = hex(GoldenVectorsTest.TV13);
        LittleEndian.putInt(tv13, 12, 121);
        assertProtocolError(ProtocolError.DECOMPRESSION_FAILED, "FCRP zstd decompression failed", () -> decode(tv13));
        LittleEndian.putInt(tv13, 12, 0);
        assertProtocolError(ProtocolError.DECOMPRESSION_FAILED, "FCRP zstd decompression failed", () -> decode(tv13));
    }

    @Test
    void zstdDeclaredSizeLargerThanContentIsAcceptedWithTheShorterResult() throws Exception {
        // spec §2.3 / §12 Q15: the reference uses the shorter result
        byte[] tv13 = hex(GoldenVectorsTest.TV13);
        LittleEndian.putInt(tv13, 12, 200);
        Frame frame = decode(tv13);
        assertEquals(122, frame.payloadLength());
        assertArrayEquals(tv6Payload(), frame.payloadCopy());
    }

    @Test
    void corruptZstdData() throws Exception {
        byte[] tv13 = hex(GoldenVectorsTest.TV13);
        byte[] badMagic = tv13.clone();
        badMagic[16] = 0x29;
        byte[] truncated = Arrays.copyOf(tv13, tv13.length - 5);
        LittleEndian.putInt(truncated, 8, truncated.length - 16);
        byte[] garbage = concat(rawHeader(1, 5, 1, 0, 8, 122), hex("0102030405060708"));
        byte[] badBlockType = tv13.clone();
        badBlockType[22] |= 0x06; // first block header: block type 3 (reserved)
        java.util.Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("bad zstd magic", badMagic);
        cases.put("truncated zstd frame", truncated);
        cases.put("not zstd at all", garbage);
        cases.put("reserved block type", badBlockType);
        for (java.util.Map.Entry<String, byte[]> c : cases.entrySet()) {
            byte[] bad = c.getValue();
            ProtocolException e = assertProtocolError(
                    ProtocolError.DECOMPRESSION_FAILED, "FCRP zstd decompression failed", () -> decode(bad));
            assertNotNull(e.getMessage(), c.getKey());
            assertProtocolError(
                    ProtocolError.DECOMPRESSION_FAILED,
                    "FCRP zstd decompression failed",
                    () -> new FrameReader(new ByteArrayInputStream(bad), MAX).next());
        }
    }

    @Test
    void emptyCompressedPayloadIsZeroZstdFramesAndFailsAsAPayload() throws Exception {
        // libzstd (and so the reference's bulk decompress) accepts an empty input as zero frames
        // producing zero bytes; the empty payload is then rejected by every payload decoder.
        byte[] empty = rawHeader(1, FrameKind.MUTATION_BATCH.code(), 1, 0, 0, 0);
        Frame frame = decode(empty);
        assertTrue(frame.compressed());
        assertEquals(0, frame.payloadLength());
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> MutationBatchCodec.decode(frame.reader()));
    }

    @Test
    void concatenatedAndSkippableZstdFramesAreAcceptedLikeTheReference() throws Exception {
        // spec §12 Q11: the reference decompressor accepts several zstd frames and skippable frames
        byte[] payload = tv6Payload();
        byte[] first = Zstd.compress(Arrays.copyOf(payload, 50), 3);
        byte[] second = Zstd.compress(Arrays.copyOfRange(payload, 50, payload.length), 3);
        byte[] skippable = hex("502a4d18" + "03000000" + "aabbcc");
        byte[] zstd = concat(first, skippable, second);
        byte[] frame = concat(rawHeader(1, FrameKind.MUTATION_BATCH.code(), 1, 0, zstd.length, payload.length), zstd);
        Frame decoded = decode(frame);
        assertArrayEquals(payload, decoded.payloadCopy());
        assertEquals(2, MutationBatchCodec.decode(decoded.reader()).size());
    }

    @ParameterizedTest
    @EnumSource(FrameKind.class)
    void compressedFlagIsAcceptedOnEveryKind(FrameKind kind) throws Exception {
        byte[] payload;
        switch (kind) {
            case HELLO:
                payload = hex(TV1_PAYLOAD);
                break;
            case MUTATION_BATCH:
                payload = tv6Payload();
                break;
            case ERROR:
                payload = Payloads.encodeError(Payloads.ERROR_EXPECTED_HELLO);
                break;
            case SNAPSHOT_CHUNK:
                payload = hex(GoldenVectorsTest.TV11.substring(32));
                break;
            default:
                payload = Payloads.encodeWatermarks(ShardWatermarks.of(3, 0));
        }
        byte[] frame = compressedFrame(kind, payload, 3);
        assertEquals(0x01, frame[6]);
        Frame decoded = decode(frame);
        assertEquals(kind, decoded.kind());
        assertTrue(decoded.compressed());
        assertArrayEquals(payload, decoded.payloadCopy());
        Frame read = new FrameReader(new ByteArrayInputStream(frame), MAX).next();
        assertEquals(kind, read.kind());
        assertArrayEquals(payload, read.payloadCopy());
        assertNotNull(ProtocolTestSupport.decodePayload(read));
    }

    @Test
    void compressedHelloDecodesToTv1() throws Exception {
        byte[] frame = compressedFrame(FrameKind.HELLO, hex(TV1_PAYLOAD), 3);
        Hello hello = Hello.decode(decode(frame).reader());
        assertEquals(1, hello.version());
        assertEquals(1, hello.role());
        assertNull(hello.token());
        assertArrayEquals(new long[] {0}, hello.since().toArray());
    }

    // =================================================================== §2.6 / §4 payloads

    @Test
    void helloTrailingByte() {
        byte[] frame = frame(FrameKind.HELLO, hex(TV1_PAYLOAD + "00"));
        assertEquals(20, LittleEndian.getInt(frame, 8));
        assertProtocolError(
                ProtocolError.TRAILING_BYTES,
                "FCRP payload contains trailing bytes",
                () -> Hello.decode(decode(frame).reader()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0xFF})
    void helloRole(int role) {
        byte[] payload = hex(TV1_PAYLOAD);
        payload[1] = (byte) role;
        assertProtocolError(
                ProtocolError.UNSUPPORTED_HELLO_ROLE,
                "unsupported FCRP hello role: " + role,
                () -> Hello.decode(decode(frame(FrameKind.HELLO, payload)).reader()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0xFF})
    void helloAcknowledgementAcceptsAnyRole(int role) throws Exception {
        // spec §4.1: a replica MUST accept any role value in the primary's acknowledgement
        byte[] payload = hex(GoldenVectorsTest.TV4.substring(32));
        payload[1] = (byte) role;
        Hello ack = Hello.decode(new PayloadReader(payload), true);
        assertEquals(role, ack.role());
        assertArrayEquals(new long[] {3, 0}, ack.since().toArray());
        // every other check still applies to an acknowledgement
        assertProtocolError(
                ProtocolError.TRAILING_BYTES,
                "FCRP payload contains trailing bytes",
                () -> Hello.decode(new PayloadReader(concat(payload, new byte[1])), true));
        assertProtocolError(
                ProtocolError.UNSUPPORTED_HELLO_ROLE,
                "unsupported FCRP hello role: " + role,
                () -> Hello.decode(new PayloadReader(payload), false));
    }

    @Test
    void helloRoleTwoIsAccepted() throws Exception {
        byte[] payload = hex(TV1_PAYLOAD);
        payload[1] = 2;
        assertEquals(
                Hello.ROLE_SERVICE_SUBSCRIBER,
                Hello.decode(new PayloadReader(payload)).role());
    }

    @Test
    void helloVersionTwoDecodesForThePrimaryToReject() throws Exception {
        // §10 negative case "TV-1 with hello_version = 02": not a decode error; the primary answers
        // with Error "unsupported FCRP version" (session logic, §6.1 step 3.3)
        byte[] tv1 = hex(GoldenVectorsTest.TV1);
        tv1[16] = 2;
        assertEquals(2, Hello.decode(decode(tv1).reader()).version());
        assertEquals("unsupported FCRP version", Payloads.ERROR_UNSUPPORTED_VERSION);
        assertEquals("expected Hello frame", Payloads.ERROR_EXPECTED_HELLO);
    }

    @Test
    void helloHasSinceAnyNonZeroIsTrue() throws Exception {
        byte[] payload = hex(TV1_PAYLOAD);
        payload[6] = (byte) 0x80;
        assertArrayEquals(
                new long[] {0}, Hello.decode(new PayloadReader(payload)).since().toArray());
        // has_since = 0: nothing may follow
        assertNull(Hello.decode(new PayloadReader(hex("010100000000" + "00"))).since());
        assertProtocolError(
                ProtocolError.TRAILING_BYTES,
                "FCRP payload contains trailing bytes",
                () -> Hello.decode(new PayloadReader(hex("010100000000" + "00" + "0100000000000000"))));
    }

    @Test
    void snapshotIsLastAnyNonZeroIsTrue() throws Exception {
        // spec §0: readers treat any non-zero boolean as true
        byte[] payload = hex(GoldenVectorsTest.TV12.substring(32));
        for (int value : new int[] {0x01, 0x02, 0x80, 0xFF}) {
            payload[8] = (byte) value;
            assertTrue(SnapshotChunk.decode(new PayloadReader(payload)).isLast(), "is_last = " + value);
        }
        payload[8] = 0;
        assertEquals(false, SnapshotChunk.decode(new PayloadReader(payload)).isLast());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0", "fe", "c080", "eda080", "f4908080", "e282", "736563ff726574"})
    void helloTokenNotUtf8(String tokenHex) {
        byte[] token = hex(tokenHex);
        byte[] payload = new PayloadWriter(32)
                .u8(1)
                .u8(1)
                .u32(token.length)
                .bytes(token)
                .u8(1)
                .u32(1)
                .u64(0)
                .payloadCopy();
        assertProtocolError(
                ProtocolError.TOKEN_NOT_UTF8,
                "FCRP hello auth token is not UTF-8",
                () -> Hello.decode(decode(frame(FrameKind.HELLO, payload)).reader()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "6f6bfe"})
    void errorPayloadNotUtf8(String messageHex) {
        byte[] message = hex(messageHex);
        byte[] payload = new PayloadWriter(8).u32(message.length).bytes(message).payloadCopy();
        assertProtocolError(
                ProtocolError.ERROR_MESSAGE_NOT_UTF8,
                "FCRP error payload not UTF-8",
                () -> Payloads.decodeError(
                        decode(frame(FrameKind.ERROR, payload)).reader()));
    }

    @Test
    void helloTruncated() {
        byte[] tv1 = hex(TV1_PAYLOAD);
        for (int n = 0; n < tv1.length; n++) {
            byte[] prefix = Arrays.copyOf(tv1, n);
            ProtocolException e = assertThrows(ProtocolException.class, () -> Hello.decode(new PayloadReader(prefix)));
            assertTrue(
                    e.error() == ProtocolError.PAYLOAD_TRUNCATED || e.error() == ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "prefix " + n + ": " + e.error());
        }
        // token_len pointing past the end
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Hello.decode(new PayloadReader(hex("0101" + "07000000" + "736563726574"))));
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Hello.decode(new PayloadReader(hex("0101" + "ffffffff" + "00"))));
    }

    @Test
    void errorPayloadTruncatedAndTrailing() {
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Payloads.decodeError(new PayloadReader(hex("050000006f6b"))));
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Payloads.decodeError(new PayloadReader(hex("ffffffff"))));
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Payloads.decodeError(new PayloadReader(hex("0000"))));
    }

    /** TV-6's payload with the op byte of record {@code record} replaced. */
    private static byte[] tv6WithOp(int record, int op) {
        byte[] payload = tv6Payload();
        payload[record == 0 ? 4 + 20 : 4 + 61 + 20] = (byte) op;
        return payload;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 0x80, 0xFF})
    void mutationOp(int op) {
        for (int record = 0; record < 2; record++) {
            byte[] payload = tv6WithOp(record, op);
            assertProtocolError(
                    ProtocolError.UNSUPPORTED_MUTATION_OP,
                    "unsupported FCRP mutation op: " + op,
                    () -> MutationBatchCodec.decode(
                            decode(frame(FrameKind.MUTATION_BATCH, payload)).reader()));
        }
    }

    @Test
    void mutationRecordTruncated() {
        byte[] payload = tv6Payload();
        // cut inside the second record's fixed part, key, and the last byte of its key
        for (int cut : new int[] {1, 3, 4, 10, 30, 50, 57, 60, 61}) {
            byte[] shorter = Arrays.copyOf(payload, payload.length - cut);
            ProtocolException e = assertThrows(
                    ProtocolException.class,
                    () -> MutationBatchCodec.decode(
                            decode(frame(FrameKind.MUTATION_BATCH, shorter)).reader()));
            // count 2 × 53 may exceed what is left once most of record 1 is gone
            assertTrue(
                    e.error() == ProtocolError.PAYLOAD_TRUNCATED || e.error() == ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "cut " + cut + ": " + e.error());
            if (cut <= 10) {
                assertEquals(ProtocolError.PAYLOAD_TRUNCATED, e.error());
                assertTrue(e.getMessage().contains("FCRP payload is truncated"));
            }
        }
    }

    @Test
    void mutationKeyOrValueLengthPastTheEnd() {
        // TV-8's single record: key_len at payload offset 4+45, value_len at 4+49
        byte[] tv8 = hex(GoldenVectorsTest.TV8.substring(32));
        for (long[] lengths : new long[][] {
            {2, 1},
            {1, 2},
            {3, 0},
            {0, 3},
            {0xFFFFFFFFL, 1},
            {1, 0xFFFFFFFFL},
            {0xFFFFFFFFL, 0xFFFFFFFFL},
            {0x80000000L, 0x80000000L}
        }) {
            byte[] payload = tv8.clone();
            LittleEndian.putInt(payload, 4 + 45, (int) lengths[0]);
            LittleEndian.putInt(payload, 4 + 49, (int) lengths[1]);
            assertProtocolError(
                    ProtocolError.PAYLOAD_TRUNCATED,
                    "FCRP payload is truncated",
                    () -> MutationBatchCodec.decode(new PayloadReader(payload)));
        }
        // key 0 + value 2 of the same two bytes is fine: the lengths only need to add up
        byte[] shifted = tv8.clone();
        LittleEndian.putInt(shifted, 4 + 45, 0);
        LittleEndian.putInt(shifted, 4 + 49, 2);
        assertDoesNotThrow(() -> MutationBatchCodec.decode(new PayloadReader(shifted)));
    }

    @Test
    void mutationCountExceedsPayloadFailsFast() throws Exception {
        byte[] tiny = hex("ffffffff" + "00000000");
        long before = threadAllocatedBytes();
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                "4294967295",
                () -> MutationBatchCodec.decode(
                        decode(frame(FrameKind.MUTATION_BATCH, tiny)).reader()));
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                null,
                () -> MutationBatchCodec.decode(new PayloadReader(hex("ffffffff"))));
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                null,
                () -> MutationBatchCodec.visit(new PayloadReader(hex("00000080")), new RecordView(), r -> {
                    throw new AssertionError("visited");
                }));
        long allocated = threadAllocatedBytes() - before;
        if (before >= 0) {
            assertTrue(allocated < ONE_MIB, "allocated " + allocated + " bytes for a lying count");
        }
        // count 3 but only two records (118 bytes < 3 × 53)
        byte[] three = tv6Payload();
        three[0] = 3;
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD, null, () -> MutationBatchCodec.decode(new PayloadReader(three)));
        // count 2 that fits 2 × 53 but only one record is there (its value is long)
        byte[] oneRecord = MutationBatchCodec.encode(
                List.of(new Mutation(0, 1, 0, MutationOp.SET, 0, new byte[0], new byte[100], Entry.NO_EXPIRY)));
        oneRecord[0] = 2;
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> MutationBatchCodec.decode(new PayloadReader(oneRecord)));
        // count 0 is a valid no-op
        assertTrue(MutationBatchCodec.decode(new PayloadReader(hex("00000000"))).isEmpty());
    }

    @Test
    void mutationShardIdIsAnyU32() throws Exception {
        // the reference decodes any u32 shard id; bounding it is the replica's business (spec §12 Q16)
        byte[] payload = hex(GoldenVectorsTest.TV8.substring(32));
        LittleEndian.putInt(payload, 4, 0xFFFFFFFF);
        assertEquals(
                0xFFFFFFFFL,
                Integer.toUnsignedLong(MutationBatchCodec.decode(new PayloadReader(payload))
                        .get(0)
                        .shardId()));
    }

    @Test
    void watermarkCountTooBig() {
        for (String payload : new String[] {
            "ffffffff",
            "ffffffff0000000000000000",
            "03000000" + "0300000000000000" + "0000000000000000",
            "01000000" + "00000000000000",
            "20000000"
        }) {
            assertProtocolError(
                    ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "watermarks",
                    () -> Payloads.decodeWatermarks(decode(frame(FrameKind.SNAPSHOT_BEGIN, hex(payload)))
                            .reader()));
        }
        // the same inside a Hello's since vector
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                "watermarks",
                () -> Hello.decode(new PayloadReader(hex("010100000000" + "01" + "ffffffff" + "0000000000000000"))));
        // and inside a snapshot chunk
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                "watermarks",
                () -> SnapshotChunk.decode(
                        new PayloadReader(hex("0000000000000000" + "01" + "ffffffff" + "00000000"))));
        // fewer than 4 bytes: truncated, not a count error
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> Payloads.decodeWatermarks(new PayloadReader(hex("010000"))));
    }

    @Test
    void snapshotEntryCountTooBig() {
        byte[] tv11 = hex(GoldenVectorsTest.TV11.substring(32));
        byte[] huge = tv11.clone();
        LittleEndian.putInt(huge, 29, 0xFFFFFFFF);
        long before = threadAllocatedBytes();
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                "snapshot entries",
                () -> SnapshotChunk.decode(
                        decode(frame(FrameKind.SNAPSHOT_CHUNK, huge)).reader()));
        long allocated = threadAllocatedBytes() - before;
        if (before >= 0) {
            assertTrue(allocated < ONE_MIB, "allocated " + allocated + " bytes for a lying count");
        }
        // TV-12 says 1 entry (18 bytes follow); claim 2 (32 > 18)
        byte[] tv12 = hex(GoldenVectorsTest.TV12.substring(32));
        tv12[29] = 2;
        assertProtocolError(
                ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                "snapshot entries",
                () -> SnapshotChunk.decode(new PayloadReader(tv12)));
    }

    @Test
    void snapshotEntryTruncated() {
        byte[] tv12 = hex(GoldenVectorsTest.TV12.substring(32));
        for (int n = 0; n < tv12.length; n++) {
            byte[] prefix = Arrays.copyOf(tv12, n);
            ProtocolException e =
                    assertThrows(ProtocolException.class, () -> SnapshotChunk.decode(new PayloadReader(prefix)));
            assertTrue(
                    e.error() == ProtocolError.PAYLOAD_TRUNCATED || e.error() == ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "prefix " + n + ": " + e.error());
        }
        // key_len past the end
        byte[] longKey = tv12.clone();
        LittleEndian.putInt(longKey, 33, 3);
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> SnapshotChunk.decode(new PayloadReader(longKey)));
        byte[] hugeValue = tv12.clone();
        LittleEndian.putInt(hugeValue, 37, 0xFFFFFFFF);
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> SnapshotChunk.decode(new PayloadReader(hugeValue)));
    }

    @ParameterizedTest
    @EnumSource(FrameKind.class)
    void trailingBytesInEveryPayloadKind(FrameKind kind) {
        String payloadHex;
        switch (kind) {
            case HELLO:
                payloadHex = TV1_PAYLOAD;
                break;
            case ERROR:
                payloadHex = GoldenVectorsTest.TV5.substring(32);
                break;
            case MUTATION_BATCH:
                payloadHex = TV6_PAYLOAD;
                break;
            case SNAPSHOT_CHUNK:
                payloadHex = GoldenVectorsTest.TV12.substring(32);
                break;
            default:
                payloadHex = GoldenVectorsTest.TV9.substring(32);
        }
        for (String extra : new String[] {"00", "ff", "0000000000000000"}) {
            byte[] payload = hex(payloadHex + extra);
            assertProtocolError(
                    ProtocolError.TRAILING_BYTES,
                    "FCRP payload contains trailing bytes",
                    () -> ProtocolTestSupport.decodePayload(decode(frame(kind, payload))));
        }
    }

    @Test
    void emptySnapshotChunkWithTrailingEntryBytes() {
        // entry_count 0 followed by a well-formed entry: trailing bytes
        byte[] payload = hex(GoldenVectorsTest.TV11.substring(32) + "0100000001000000ffffffffffffffff6b76");
        assertProtocolError(
                ProtocolError.TRAILING_BYTES,
                "FCRP payload contains trailing bytes",
                () -> SnapshotChunk.decode(new PayloadReader(payload)));
    }

    // =================================================================== encoder limit (§2.4)

    @Test
    void encoderRefusesPayloadAboveTheFrameLimit() throws Exception {
        byte[] payload = new byte[FrameHeader.MAX_PAYLOAD + 1];
        assertProtocolError(
                ProtocolError.ENCODE_LIMIT, null, () -> FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, payload));
    }

    // =================================================================== validation order

    @Test
    void headerChecksRunInSpecOrder() throws IOException {
        // magic before version before kind before flags/reserved/lengths
        assertProtocolError(
                ProtocolError.MAGIC_MISMATCH, null, () -> decode(hex("00000000 02 08 fe ff 00000000 05000000")));
        assertProtocolError(
                ProtocolError.UNSUPPORTED_VERSION, null, () -> decode(hex("46435250 02 08 fe ff 00000000 05000000")));
        assertProtocolError(
                ProtocolError.UNSUPPORTED_KIND, null, () -> decode(hex("46435250 01 08 fe ff 00000000 05000000")));
    }
}
