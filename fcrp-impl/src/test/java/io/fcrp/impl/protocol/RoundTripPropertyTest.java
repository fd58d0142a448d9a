package io.fcrp.impl.protocol;

import static io.fcrp.impl.protocol.ProtocolTestSupport.decodePayload;
import static io.fcrp.impl.protocol.ProtocolTestSupport.hex;
import static io.fcrp.impl.protocol.ProtocolTestSupport.writerWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded-random round trips of every frame kind, the FrameReader over long streams (including
 * frames above the reused-buffer size), every strict prefix of a stream, and byte flips. No
 * external property library: every failure message carries the seed (and iteration) to replay it.
 */
class RoundTripPropertyTest {

    private static final int MAX = FrameHeader.MAX_PAYLOAD;
    private static final int ONE_MIB = 1024 * 1024;
    private static final long T = 1_700_000_000_000L;

    // ================================================================== generators

    /** A u64 drawn to hit the edges: 0, 1, 2^63 − 1, 2^63, u64::MAX, and values ≥ 2^63. */
    static long u64(Random r) {
        switch (r.nextInt(10)) {
            case 0:
                return 0;
            case 1:
                return 1 + r.nextInt(1000);
            case 2:
                return Long.MAX_VALUE;
            case 3:
                return Long.MIN_VALUE; // 2^63
            case 4:
                return -1L; // 2^64 - 1
            case 5:
                return r.nextLong() | Long.MIN_VALUE; // >= 2^63
            case 6:
                return T + r.nextInt(1_000_000);
            default:
                return r.nextLong();
        }
    }

    static ShardWatermarks watermarks(Random r) {
        int n = r.nextInt(20) == 0 ? r.nextInt(300) : r.nextInt(9);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = u64(r);
        }
        return ShardWatermarks.of(values);
    }

    private static final int[][] CODE_POINT_RANGES = {
        {0x20, 0x7E},
        {0x00, 0x1F},
        {0xA0, 0xFF},
        {0x370, 0x3FF},
        {0x400, 0x4FF},
        {0x4E00, 0x9FFF},
        {0xE000, 0xF8FF},
        {0xFFF0, 0xFFFD},
        {0x1F300, 0x1F64F},
        {0x10000, 0x10FFFF}
    };

    /** A string of random code points (ASCII, controls, Latin-1, Cyrillic, CJK, emoji, astral). */
    static String text(Random r, int maxCodePoints) {
        int n = r.nextInt(maxCodePoints + 1);
        StringBuilder s = new StringBuilder();
        boolean asciiOnly = r.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            int[] range = asciiOnly ? CODE_POINT_RANGES[0] : CODE_POINT_RANGES[r.nextInt(CODE_POINT_RANGES.length)];
            s.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
        }
        return s.toString();
    }

    static byte[] bytes(Random r, int max) {
        int choice = r.nextInt(10);
        int n = choice < 2 ? 0 : choice < 8 ? r.nextInt(Math.min(max, 32) + 1) : r.nextInt(max + 1);
        byte[] b = new byte[n];
        if (r.nextBoolean()) {
            r.nextBytes(b);
        } else {
            Arrays.fill(b, (byte) r.nextInt(4)); // compressible
        }
        return b;
    }

    static long expiry(Random r) {
        switch (r.nextInt(6)) {
            case 0:
            case 1:
                return Entry.NO_EXPIRY;
            case 2:
                return 0; // a real instant, not the sentinel
            case 3:
                return T + r.nextInt(100_000);
            case 4:
                return -2L; // largest real instant
            default:
                long v = r.nextLong();
                return v == Entry.NO_EXPIRY ? 5 : v;
        }
    }

    static Mutation mutation(Random r, int maxValue) {
        MutationOp op = MutationOp.values()[r.nextInt(3)];
        byte[] key = bytes(r, 64);
        byte[] value;
        long expire;
        if (op == MutationOp.SET) {
            value = bytes(r, maxValue);
            expire = expiry(r);
        } else {
            // receivers ignore the value of Del/Expire, but the codec must still carry it
            value = r.nextInt(8) == 0 ? bytes(r, 16) : new byte[0];
            expire = op == MutationOp.DEL && r.nextBoolean() ? Entry.NO_EXPIRY : expiry(r);
        }
        int shard = r.nextBoolean() ? r.nextInt(16) : r.nextInt(Integer.MAX_VALUE);
        long hash = r.nextInt(10) == 0 ? r.nextLong() : KeyHash.of(key);
        return new Mutation(shard, u64(r), u64(r), op, hash, key, value, expire);
    }

    static List<Mutation> batch(Random r, int maxValue) {
        int n = r.nextInt(10) == 0 ? 0 : r.nextInt(5) == 0 ? r.nextInt(100) : 1 + r.nextInt(5);
        List<Mutation> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(mutation(r, maxValue));
        }
        return list;
    }

    static SnapshotChunk chunk(Random r, int maxValue) {
        int n = r.nextInt(8) == 0 ? 0 : r.nextInt(30);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(bytes(r, 64), bytes(r, maxValue), expiry(r)));
        }
        return new SnapshotChunk(u64(r), r.nextBoolean(), watermarks(r), entries);
    }

    static Hello hello(Random r) {
        int version = r.nextInt(4) == 0 ? r.nextInt(256) : 1;
        int role = 1 + r.nextInt(2);
        String token = r.nextInt(4) == 0 ? null : text(r, 24);
        ShardWatermarks since = r.nextInt(5) == 0 ? null : watermarks(r);
        return new Hello(version, role, token, since);
    }

    /** A value of some frame kind together with its encoded payload. */
    static final class Sample {
        final FrameKind kind;
        final Object value;
        final byte[] payload;

        Sample(FrameKind kind, Object value, byte[] payload) {
            this.kind = kind;
            this.value = value;
            this.payload = payload;
        }
    }

    static Sample sample(Random r, int maxValue) {
        FrameKind kind = FrameKind.values()[r.nextInt(FrameKind.values().length)];
        return sample(r, kind, maxValue);
    }

    static Sample sample(Random r, FrameKind kind, int maxValue) {
        switch (kind) {
            case HELLO: {
                Hello h = hello(r);
                return new Sample(kind, h, h.encode());
            }
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK: {
                ShardWatermarks w = watermarks(r);
                return new Sample(kind, w, Payloads.encodeWatermarks(w));
            }
            case SNAPSHOT_CHUNK: {
                SnapshotChunk c = chunk(r, maxValue);
                return new Sample(kind, c, c.encode());
            }
            case MUTATION_BATCH: {
                List<Mutation> b = batch(r, maxValue);
                return new Sample(kind, b, MutationBatchCodec.encode(b));
            }
            case ERROR: {
                String message = r.nextInt(4) == 0 ? Payloads.ERROR_EXPECTED_HELLO : text(r, 60);
                return new Sample(kind, message, Payloads.encodeError(message));
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Asserts that a decoded payload equals the value it was encoded from. */
    static void assertSameValue(Object expected, Object actual, String context) {
        if (expected instanceof Hello) {
            Hello e = (Hello) expected;
            Hello a = (Hello) actual;
            assertEquals(e.version(), a.version(), context + " hello version");
            assertEquals(e.role(), a.role(), context + " hello role");
            assertEquals(e.token(), a.token(), context + " hello token");
            if (e.since() == null) {
                assertNull(a.since(), context + " hello since absent");
            } else {
                assertNotNull(a.since(), context + " hello since present");
                assertArrayEquals(e.since().toArray(), a.since().toArray(), context + " hello since");
            }
        } else if (expected instanceof ShardWatermarks) {
            assertArrayEquals(
                    ((ShardWatermarks) expected).toArray(),
                    ((ShardWatermarks) actual).toArray(),
                    context + " watermarks");
        } else if (expected instanceof SnapshotChunk) {
            SnapshotChunk e = (SnapshotChunk) expected;
            SnapshotChunk a = (SnapshotChunk) actual;
            assertEquals(e.chunkIndex(), a.chunkIndex(), context + " chunk_index");
            assertEquals(e.isLast(), a.isLast(), context + " is_last");
            assertArrayEquals(e.watermarks().toArray(), a.watermarks().toArray(), context + " chunk watermarks");
            assertEquals(e.entries(), a.entries(), context + " entries");
        } else if (expected instanceof List) {
            assertEquals(expected, actual, context + " mutations");
        } else {
            assertEquals(expected, actual, context + " error message");
        }
    }

    static byte[] encodeFrame(Sample s, boolean compressed, int level) throws ProtocolException {
        return FrameCodec.encode(
                s.kind, writerWith(s.payload), compressed ? Compression.ZSTD : Compression.NONE, level);
    }

    private static final int[] LEVELS = {1, 3, 3, 0, -1, 6};

    // ================================================================== round trips

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 0x46435250L, -8_070_450_532_247_928_832L})
    void encodeDecodeRoundTrip(long seed) throws Exception {
        Random r = new Random(seed);
        int frames = 0;
        for (int i = 0; i < 1500; i++) {
            Sample s = sample(r, r.nextInt(50) == 0 ? 70_000 : 200);
            String context = "seed " + seed + " iteration " + i + " kind " + s.kind;
            // decoding the bare payload
            assertSameValue(
                    s.value,
                    decodePayload(new Frame(s.kind, false, s.payload, 0, s.payload.length, 16 + s.payload.length)),
                    context + " (payload)");
            byte[] plain = FrameCodec.encode(s.kind, s.payload);
            assertArrayEquals(plain, encodeFrame(s, false, 3), context + " both uncompressed encoders agree");
            for (boolean compressed : new boolean[] {false, true}) {
                int level = LEVELS[r.nextInt(LEVELS.length)];
                byte[] bytes = compressed ? encodeFrame(s, true, level) : plain;
                String ctx = context + (compressed ? " zstd level " + level : " uncompressed");
                FrameHeader header = FrameHeader.parse(bytes, 0, MAX);
                assertEquals(s.kind, header.kind(), ctx);
                assertEquals(compressed ? 1 : 0, header.flags(), ctx);
                assertEquals(bytes.length - 16, header.payloadLength(), ctx);
                assertEquals(s.payload.length, header.uncompressedLength(), ctx);
                Frame frame = FrameCodec.decode(bytes, MAX);
                assertEquals(s.kind, frame.kind(), ctx);
                assertEquals(compressed, frame.compressed(), ctx);
                assertEquals(bytes.length, frame.wireLength(), ctx);
                assertArrayEquals(s.payload, frame.payloadCopy(), ctx + " payload bytes");
                assertSameValue(s.value, decodePayload(frame), ctx);
                frames++;
            }
        }
        assertEquals(3000, frames);
    }

    @Test
    void unsignedValuesSurviveAsBits() throws Exception {
        ShardWatermarks w = ShardWatermarks.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0);
        byte[] payload = Payloads.encodeWatermarks(w);
        assertEquals(
                "04000000" + "ffffffffffffffff" + "0000000000000080" + "ffffffffffffff7f" + "0000000000000000",
                hex(payload));
        ShardWatermarks back = Payloads.decodeWatermarks(new PayloadReader(payload));
        assertEquals("[18446744073709551615, 9223372036854775808, 9223372036854775807, 0]", back.toString());
        Mutation m = new Mutation(
                7, -1L, Long.MIN_VALUE, MutationOp.SET, KeyHash.of(new byte[] {1}), new byte[] {1}, new byte[0], -2L);
        List<Mutation> decoded = MutationBatchCodec.decode(new PayloadReader(MutationBatchCodec.encode(List.of(m))));
        assertEquals(List.of(m), decoded);
        assertEquals(
                "18446744073709551615", Long.toUnsignedString(decoded.get(0).sequence()));
        assertEquals(-2L, decoded.get(0).expireAtMs(), "u64::MAX - 1 is a real instant");
    }

    @Test
    void nonAsciiTokensAndMessages() throws Exception {
        for (String text : new String[] {"sécrét", "токен", "秘密", "🔑🗝️", "\u0000nul", "a\uD83D\uDE00b", "\uFFFD"}) {
            Hello h = Hello.request(text, ShardWatermarks.of(1));
            Hello back = Hello.decode(FrameCodec.decode(FrameCodec.encode(FrameKind.HELLO, h.encode()), MAX)
                    .reader());
            assertEquals(text, back.token());
            assertEquals(
                    text.getBytes(StandardCharsets.UTF_8).length,
                    LittleEndian.getInt(h.encode(), 2),
                    "token_len counts UTF-8 bytes");
            String message = Payloads.decodeError(new PayloadReader(Payloads.encodeError(text)));
            assertEquals(text, message);
        }
    }

    // ================================================================== FrameReader streams

    /** A stream that hands out data in random short pieces, like a socket. */
    static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int position;

        TrickleStream(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            int piece = random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(65536);
            int n = Math.min(length, Math.min(piece, data.length - position));
            System.arraycopy(data, position, target, offset, n);
            position += n;
            return n;
        }
    }

    /** Samples whose payloads straddle the reused-buffer size (4 MiB). */
    static List<Sample> largeSamples(Random r) {
        List<Sample> list = new ArrayList<>();
        int reused = FrameReader.REUSED_BUFFER_BYTES;
        // an incompressible snapshot chunk just above 4 MiB
        byte[] big = new byte[reused + 1000];
        r.nextBytes(big);
        SnapshotChunk c = new SnapshotChunk(
                7, false, ShardWatermarks.of(1, 2, 3), List.of(new Entry(new byte[] {1, 2, 3}, big, Entry.NO_EXPIRY)));
        list.add(new Sample(FrameKind.SNAPSHOT_CHUNK, c, c.encode()));
        // a compressible batch of 6 MiB: small on the wire, large once inflated
        byte[] pattern = new byte[6 * ONE_MIB];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i % 97);
        }
        List<Mutation> b = List.of(
                new Mutation(
                        1, 5, T, MutationOp.SET, KeyHash.of(new byte[] {9}), new byte[] {9}, pattern, Entry.NO_EXPIRY),
                mutation(r, 100));
        list.add(new Sample(FrameKind.MUTATION_BATCH, b, MutationBatchCodec.encode(b)));
        // payloads of exactly 4 MiB and 4 MiB + 1 (entry of 16 + 1 + value; head of 8+1+4+0+4 = 17 bytes)
        for (int payloadSize : new int[] {reused, reused + 1}) {
            byte[] value = new byte[payloadSize - 17 - 16 - 1];
            r.nextBytes(value);
            SnapshotChunk exact =
                    new SnapshotChunk(0, true, ShardWatermarks.empty(), List.of(new Entry(new byte[] {7}, value, T)));
            byte[] payload = exact.encode();
            assertEquals(payloadSize, payload.length);
            list.add(new Sample(FrameKind.SNAPSHOT_CHUNK, exact, payload));
        }
        return list;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 1234567L, -99L})
    void frameReaderReadsManyFramesBackToBack(long seed) throws Exception {
        Random r = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            samples.add(sample(r, r.nextInt(20) == 0 ? 300_000 : 200));
        }
        List<Sample> large = largeSamples(r);
        for (Sample s : large) {
            samples.add(r.nextInt(samples.size()), s);
        }
        // large frames early too, so small frames run after a non-reused buffer
        samples.add(3, large.get(0));

        List<byte[]> wire = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : samples) {
            boolean compressed = r.nextInt(3) == 0 || s.payload.length > 5 * ONE_MIB;
            byte[] frame = encodeFrame(s, compressed, r.nextBoolean() ? 1 : 3);
            wire.add(frame);
            flags.add(compressed);
            out.write(frame);
        }
        // one incompressible large frame compressed: both wire and inflate buffers above 4 MiB
        samples.add(large.get(0));
        byte[] bigCompressed = encodeFrame(large.get(0), true, 1);
        assertTrue(bigCompressed.length - 16 > FrameReader.REUSED_BUFFER_BYTES);
        wire.add(bigCompressed);
        flags.add(true);
        out.write(bigCompressed);
        samples.add(samples.get(0));
        wire.add(encodeFrame(samples.get(0), false, 3));
        flags.add(false);
        out.write(wire.get(wire.size() - 1));
        byte[] stream = out.toByteArray();

        for (boolean trickle : new boolean[] {false, true}) {
            InputStream in = trickle
                    ? new TrickleStream(stream, new Random(seed ^ 0x5DEECE66DL))
                    : new ByteArrayInputStream(stream);
            FrameReader reader = new FrameReader(in, MAX);
            for (int i = 0; i < samples.size(); i++) {
                String context = "seed " + seed + " trickle " + trickle + " frame " + i;
                Frame frame = reader.next();
                assertNotNull(frame, context);
                Sample s = samples.get(i);
                assertEquals(s.kind, frame.kind(), context);
                assertEquals(flags.get(i), frame.compressed(), context);
                assertEquals(wire.get(i).length, frame.wireLength(), context);
                assertEquals(s.payload.length, frame.payloadLength(), context);
                assertTrue(
                        Arrays.equals(
                                s.payload,
                                0,
                                s.payload.length,
                                frame.payloadArray(),
                                frame.payloadOffset(),
                                frame.payloadOffset() + frame.payloadLength()),
                        context + " payload bytes");
                assertSameValue(s.value, decodePayload(frame), context);
            }
            assertNull(reader.next(), "seed " + seed + ": end of stream");
            assertNull(reader.next(), "seed " + seed + ": still end of stream");
            assertEquals(stream.length, reader.bytesRead());
        }
    }

    // ================================================================== prefixes

    static byte[] smallStream(Random r, List<Integer> boundaries) throws ProtocolException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boundaries.add(0);
        for (FrameKind kind : FrameKind.values()) {
            for (boolean compressed : new boolean[] {false, true}) {
                byte[] frame = encodeFrame(sample(r, kind, 40), compressed, 3);
                out.writeBytes(frame);
                boundaries.add(out.size());
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3L, 77L, 2024L})
    void everyStrictPrefixOfAStreamFailsWithAProtocolException(long seed) throws Exception {
        Random r = new Random(seed);
        List<Integer> boundaries = new ArrayList<>();
        byte[] stream = smallStream(r, boundaries);
        int checked = 0;
        for (int p = 0; p < stream.length; p++) {
            String context = "seed " + seed + " prefix " + p + "/" + stream.length;
            FrameReader reader = new FrameReader(new ByteArrayInputStream(stream, 0, p), MAX);
            int complete = 0;
            while (complete + 1 < boundaries.size() && boundaries.get(complete + 1) <= p) {
                complete++;
            }
            for (int f = 0; f < complete; f++) {
                Frame frame = reader.next();
                assertNotNull(frame, context);
                decodePayload(frame);
            }
            int partial = p - boundaries.get(complete);
            try {
                Frame frame = reader.next();
                assertEquals(0, partial, context + ": a partial frame was returned");
                assertNull(frame, context + ": a prefix at a frame boundary ends cleanly");
            } catch (ProtocolException e) {
                assertTrue(partial > 0, context + ": exception at a frame boundary: " + e);
                assertEquals(
                        partial < 16 ? ProtocolError.STREAM_CLOSED_MID_HEADER : ProtocolError.STREAM_CLOSED_MID_PAYLOAD,
                        e.error(),
                        context);
                checked++;
            } catch (Throwable t) {
                fail(context + ": unexpected " + t, t);
            }
        }
        assertEquals(stream.length - (boundaries.size() - 1), checked);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5L, 6L})
    void everyStrictPrefixOfAFrameOrPayloadFails(long seed) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < 60; i++) {
            Sample s = sample(r, 40);
            byte[] frame = encodeFrame(s, r.nextBoolean(), 3);
            for (int p = 0; p < frame.length; p++) {
                byte[] prefix = Arrays.copyOf(frame, p);
                String context = "seed " + seed + " sample " + i + " frame prefix " + p;
                try {
                    FrameCodec.decode(prefix, MAX);
                    fail(context + " decoded");
                } catch (ProtocolException e) {
                    assertEquals(
                            p < 16 ? ProtocolError.FRAME_TRUNCATED : ProtocolError.FRAME_LENGTH_MISMATCH,
                            e.error(),
                            context);
                } catch (Throwable t) {
                    fail(context + ": unexpected " + t, t);
                }
            }
            for (int p = 0; p < s.payload.length; p++) {
                String context = "seed " + seed + " sample " + i + " " + s.kind + " payload prefix " + p;
                try {
                    decodePayload(new Frame(s.kind, false, s.payload, 0, p, 16 + p));
                    fail(context + " decoded");
                } catch (ProtocolException e) {
                    assertTrue(
                            e.error() == ProtocolError.PAYLOAD_TRUNCATED
                                    || e.error() == ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                            context + ": " + e.error());
                } catch (Throwable t) {
                    fail(context + ": unexpected " + t, t);
                }
            }
        }
    }

    // ================================================================== byte flips

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11L, 12L, 13L, 14L})
    void byteFlipsDecodeOrThrowProtocolException(long seed) throws Exception {
        Random r = new Random(seed);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Sample s = sample(r, r.nextInt(10) == 0 ? 2000 : 60);
            pool.add(encodeFrame(s, r.nextInt(3) == 0, 3));
        }
        int iterations = 6000;
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] mutated = pool.get(r.nextInt(pool.size())).clone();
            int flips = 1 + r.nextInt(r.nextInt(4) == 0 ? 8 : 2);
            for (int f = 0; f < flips; f++) {
                int at = r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(mutated.length);
                if (r.nextBoolean()) {
                    mutated[at] ^= (byte) (1 << r.nextInt(8));
                } else {
                    mutated[at] = (byte) r.nextInt(256);
                }
            }
            boolean viaReader = r.nextInt(4) == 0;
            try {
                Frame frame;
                if (viaReader) {
                    frame = new FrameReader(new ByteArrayInputStream(mutated), ONE_MIB).next();
                } else {
                    frame = FrameCodec.decode(mutated, ONE_MIB);
                }
                decodePayload(frame);
                decoded++;
            } catch (ProtocolException e) {
                assertNotNull(e.error());
                rejected++;
            } catch (Throwable t) {
                fail("seed " + seed + " iteration " + i + " input " + hex(mutated) + ": unexpected " + t, t);
            }
        }
        assertEquals(iterations, decoded + rejected);
        assertTrue(decoded > 0 && rejected > 0, "seed " + seed + ": decoded " + decoded + ", rejected " + rejected);
    }

    @Test
    void randomGarbagePayloadsThrowOnlyProtocolExceptions() {
        Random r = new Random(99);
        for (int i = 0; i < 5000; i++) {
            FrameKind kind = FrameKind.values()[r.nextInt(FrameKind.values().length)];
            byte[] payload = new byte[r.nextInt(120)];
            r.nextBytes(payload);
            if (payload.length >= 4 && r.nextBoolean()) {
                payload[r.nextInt(4)] = 0; // small counts get further
                payload[3] = 0;
                payload[2] = 0;
            }
            try {
                decodePayload(FrameCodec.decode(FrameCodec.encode(kind, payload), MAX));
            } catch (ProtocolException e) {
                assertNotNull(e.error());
            } catch (Throwable t) {
                fail("seed 99 iteration " + i + " " + kind + " payload " + hex(payload) + ": unexpected " + t, t);
            }
        }
    }
}
