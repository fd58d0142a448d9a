package io.fcrp.impl.protocol;

import static io.fcrp.impl.protocol.ProtocolTestSupport.hex;
import static io.fcrp.impl.protocol.ProtocolTestSupport.writerWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec §10: every test vector byte-for-byte on encode and field-for-field on decode, and every row
 * of the §10.0 hash/shard table. The hex strings are copied verbatim from the spec.
 */
class GoldenVectorsTest {

    /** T = 1700000000000 ms (2023-11-14T22:13:20Z), the timestamp used by the vectors. */
    private static final long T = 1_700_000_000_000L;

    static final String TV1 = "4643525001010000130000001300000001010000000001010000000000000000000000";
    static final String TV2 = "46435250010100001b0000001b000000010100000000010200000005000000000000000700000000000000";
    static final String TV3 = "4643525001010000190000001900000001010600000073656372657401010000000000000000000000";
    static final String TV4 = "46435250010100001b0000001b000000010100000000010200000003000000000000000000000000000000";
    static final String TV5 = "4643525001070000160000001600000012000000696e76616c6964206175746820746f6b656e";
    static final String TV6 =
            "46435250010500007a0000007a000000020000000000000001000000000000000068e5cf8b010000015aab25f6"
                    + "b50369bebe00000000000000ffffffffffffffff0500000003000000616c7068616f6e6500000000020000000000000001"
                    + "68e5cf8b0100000241f6df977ffffa282800000000000000ffffffffffffffff040000000000000062657461";
    static final String TV7 =
            "46435250010500004000000040000000010000000300000009000000000000000068e5cf8b01000003aa7471fa"
                    + "05e6c19f9f000000000000006052e6cf8b0100000700000000000000757365723a3432";
    static final String TV8 =
            "46435250010500003b0000003b00000001000000010000002a000000000000000068e5cf8b010000011d88da4f"
                    + "70e321a9a900000000000000887be5cf8b01000001000000010000006b76";
    static final String TV9 = "464352500106000014000000140000000200000003000000000000000000000000000000";
    static final String TV10 = "464352500102000014000000140000000200000003000000000000000000000000000000";
    static final String TV11 =
            "4643525001030000210000002100000000000000000000000102000000000000000000000000000000000000" + "0000000000";
    static final String TV12 =
            "464352500103000033000000330000000300000000000000010200000001000000000000000200000000000000"
                    + "010000000100000001000000ffffffffffffffff6b76";
    static final String TV13 =
            "4643525001050100580000007a00000028b52ffd207a7d020074030200010068e5cf8b010000015aab25f6b5"
                    + "0369bebe00ff0500000003000000616c7068616f6e650241f6df977ffffa282804006265746109003207011d81c8808402"
                    + "800a0bf2054600b90da00d";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a golden frame and checks the header fields every vector shares. */
    private static Frame decodeFrame(String vector, FrameKind kind, int payloadLength) throws ProtocolException {
        byte[] bytes = hex(vector);
        assertEquals(FrameHeader.LENGTH + payloadLength, bytes.length, "total length");
        FrameHeader header = FrameHeader.parse(bytes, 0, FrameHeader.MAX_PAYLOAD);
        assertEquals(kind, header.kind());
        assertEquals(0, header.flags());
        assertFalse(header.compressed());
        assertEquals(payloadLength, header.payloadLength());
        assertEquals(payloadLength, header.uncompressedLength());
        Frame frame = FrameCodec.decode(bytes, FrameHeader.MAX_PAYLOAD);
        assertEquals(kind, frame.kind());
        assertFalse(frame.compressed());
        assertEquals(payloadLength, frame.payloadLength());
        assertEquals(bytes.length, frame.wireLength());
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 16, bytes.length), frame.payloadCopy());
        return frame;
    }

    // ---------------------------------------------------------------- Hello (TV-1 … TV-4)

    private static void assertHello(Hello hello, int role, String token, long... since) {
        assertEquals(1, hello.version());
        assertEquals(role, hello.role());
        assertEquals(token, hello.token());
        assertArrayEquals(since, hello.since().toArray(), "since vector (exact length)");
    }

    @Test
    void tv1HelloFreshReplica() throws Exception {
        Hello hello = Hello.request(null, ShardWatermarks.of(0));
        assertEquals(TV1, hex(FrameCodec.encode(FrameKind.HELLO, hello.encode())));
        // an empty-string token is the same on the wire
        assertEquals(
                TV1,
                hex(FrameCodec.encode(
                        FrameKind.HELLO,
                        Hello.request("", ShardWatermarks.of(0)).encode())));
        assertEquals(TV1, hex(FrameCodec.encode(FrameKind.HELLO, writerWith(hello.encode()), Compression.NONE, 3)));

        Frame frame = decodeFrame(TV1, FrameKind.HELLO, 19);
        Hello decoded = Hello.decode(frame.reader());
        assertHello(decoded, Hello.ROLE_REPLICA, null, 0L);
        assertNull(decoded.token());
    }

    @Test
    void tv2HelloWithSince() throws Exception {
        Hello hello = Hello.request(null, ShardWatermarks.of(5, 7));
        assertEquals(TV2, hex(FrameCodec.encode(FrameKind.HELLO, hello.encode())));
        assertHello(Hello.decode(decodeFrame(TV2, FrameKind.HELLO, 27).reader()), 1, null, 5L, 7L);
    }

    @Test
    void tv3HelloWithToken() throws Exception {
        Hello hello = Hello.request("secret", ShardWatermarks.of(0));
        assertEquals(TV3, hex(FrameCodec.encode(FrameKind.HELLO, hello.encode())));
        assertHello(Hello.decode(decodeFrame(TV3, FrameKind.HELLO, 25).reader()), 1, "secret", 0L);
    }

    @Test
    void tv4HelloAcknowledgement() throws Exception {
        Hello ack = Hello.acknowledgement(ShardWatermarks.of(3, 0));
        assertEquals(TV4, hex(FrameCodec.encode(FrameKind.HELLO, ack.encode())));
        assertHello(Hello.decode(decodeFrame(TV4, FrameKind.HELLO, 27).reader()), 1, null, 3L, 0L);
    }

    // ---------------------------------------------------------------- Error (TV-5)

    @Test
    void tv5ErrorInvalidAuthToken() throws Exception {
        assertEquals("invalid auth token", Payloads.ERROR_INVALID_TOKEN);
        assertEquals(TV5, hex(FrameCodec.encode(FrameKind.ERROR, Payloads.encodeError(Payloads.ERROR_INVALID_TOKEN))));
        assertEquals(
                "invalid auth token",
                Payloads.decodeError(decodeFrame(TV5, FrameKind.ERROR, 22).reader()));
    }

    // ---------------------------------------------------------------- MutationBatch (TV-6 … TV-8)

    private static List<Mutation> tv6Mutations() {
        return List.of(
                new Mutation(
                        0,
                        1,
                        T,
                        MutationOp.SET,
                        KeyHash.of(utf8("alpha")),
                        utf8("alpha"),
                        utf8("one"),
                        Entry.NO_EXPIRY),
                new Mutation(
                        0,
                        2,
                        T + 1,
                        MutationOp.DEL,
                        KeyHash.of(utf8("beta")),
                        utf8("beta"),
                        new byte[0],
                        Entry.NO_EXPIRY));
    }

    /** The fields of one record exactly as the visitor sees them on the wire. */
    private static final class WireRecord {
        int shard;
        long sequence;
        long timestamp;
        MutationOp op;
        long hash;
        long tag;
        long expire;
        byte[] key;
        byte[] value;
    }

    private static List<WireRecord> visitAll(Frame frame) throws ProtocolException {
        List<WireRecord> records = new ArrayList<>();
        MutationBatchCodec.visit(frame.reader(), new RecordView(), view -> {
            WireRecord r = new WireRecord();
            r.shard = view.shardId();
            r.sequence = view.sequence();
            r.timestamp = view.timestampMs();
            r.op = view.op();
            r.hash = view.keyHash();
            r.tag = view.keyTag();
            r.expire = view.expireAtMs();
            r.key = view.key();
            r.value = view.value();
            records.add(r);
        });
        return records;
    }

    private static void assertRecord(
            WireRecord r,
            int shard,
            long seq,
            long ts,
            MutationOp op,
            long hash,
            long tag,
            long expire,
            String key,
            String value) {
        assertEquals(shard, r.shard, "shard_id");
        assertEquals(seq, r.sequence, "sequence");
        assertEquals(ts, r.timestamp, "timestamp_ms");
        assertEquals(op, r.op, "op");
        assertEquals(hash, r.hash, "key_hash");
        assertEquals(tag, r.tag, "key_tag");
        assertEquals(expire, r.expire, "expire_at_ms");
        assertArrayEquals(utf8(key), r.key, "key");
        assertArrayEquals(utf8(value), r.value, "value");
    }

    @Test
    void tv6MutationBatchSetAndDel() throws Exception {
        assertEquals(0xbe6903b5f625ab5aL, KeyHash.of(utf8("alpha")));
        assertEquals(0x28faff7f97dff641L, KeyHash.of(utf8("beta")));
        assertEquals(0, KeyHash.shard(KeyHash.of(utf8("alpha")), 2));
        assertEquals(0, KeyHash.shard(KeyHash.of(utf8("beta")), 2));
        byte[] payload = MutationBatchCodec.encode(tv6Mutations());
        assertEquals(TV6, hex(FrameCodec.encode(FrameKind.MUTATION_BATCH, payload)));

        Frame frame = decodeFrame(TV6, FrameKind.MUTATION_BATCH, 122);
        List<WireRecord> records = visitAll(frame);
        assertEquals(2, records.size());
        assertRecord(
                records.get(0), 0, 1, 1700000000000L, MutationOp.SET, 0xbe6903b5f625ab5aL, 190, -1L, "alpha", "one");
        assertEquals("13720501819814554458", Long.toUnsignedString(records.get(0).hash));
        assertRecord(records.get(1), 0, 2, 1700000000001L, MutationOp.DEL, 0x28faff7f97dff641L, 40, -1L, "beta", "");
        assertEquals("2952953429168748097", Long.toUnsignedString(records.get(1).hash));
        assertEquals(tv6Mutations(), MutationBatchCodec.decode(frame.reader()));
    }

    @Test
    void tv7MutationBatchExpire() throws Exception {
        byte[] key = utf8("user:42");
        long hash = KeyHash.of(key);
        assertEquals(0x9fc1e605fa7174aaL, hash);
        assertEquals(3, KeyHash.shard(hash, 4));
        Mutation expire = new Mutation(3, 9, T, MutationOp.EXPIRE, hash, key, new byte[0], T + 60_000);
        assertEquals(TV7, hex(FrameCodec.encode(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(List.of(expire)))));

        Frame frame = decodeFrame(TV7, FrameKind.MUTATION_BATCH, 64);
        List<WireRecord> records = visitAll(frame);
        assertEquals(1, records.size());
        assertRecord(
                records.get(0), 3, 9, T, MutationOp.EXPIRE, 0x9fc1e605fa7174aaL, 159, 1700000060000L, "user:42", "");
        assertEquals("11511735035886662826", Long.toUnsignedString(records.get(0).hash));
        assertEquals(List.of(expire), MutationBatchCodec.decode(frame.reader()));
    }

    @Test
    void tv8MutationBatchSetWithExpiry() throws Exception {
        byte[] key = utf8("k");
        long hash = KeyHash.of(key);
        assertEquals(0xa921e3704fda881dL, hash);
        assertEquals(1, KeyHash.shard(hash, 2));
        Mutation set = new Mutation(1, 42, T, MutationOp.SET, hash, key, utf8("v"), T + 5_000);
        // the streaming encoder (appendRecord into a writer) produces the same bytes
        PayloadWriter writer = new PayloadWriter(16);
        writer.u32(1);
        MutationBatchCodec.appendRecord(writer, 1, 42, T, MutationOp.SET, hash, T + 5_000, key, utf8("v"));
        assertEquals(TV8, hex(FrameCodec.encode(FrameKind.MUTATION_BATCH, writer, Compression.NONE, 3)));
        assertEquals(TV8, hex(FrameCodec.encode(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(List.of(set)))));

        Frame frame = decodeFrame(TV8, FrameKind.MUTATION_BATCH, 59);
        List<WireRecord> records = visitAll(frame);
        assertEquals(1, records.size());
        assertRecord(records.get(0), 1, 42, T, MutationOp.SET, 0xa921e3704fda881dL, 169, 1700000005000L, "k", "v");
        assertEquals("12187272138156836893", Long.toUnsignedString(records.get(0).hash));
        assertEquals(List.of(set), MutationBatchCodec.decode(frame.reader()));
    }

    // ---------------------------------------------------------------- watermark payloads (TV-9, TV-10)

    @Test
    void tv9Ack() throws Exception {
        byte[] payload = Payloads.encodeWatermarks(ShardWatermarks.of(3, 0));
        assertEquals(TV9, hex(FrameCodec.encode(FrameKind.ACK, payload)));
        assertArrayEquals(
                new long[] {3, 0},
                Payloads.decodeWatermarks(decodeFrame(TV9, FrameKind.ACK, 20).reader())
                        .toArray());
    }

    @Test
    void tv10SnapshotBeginAndEnd() throws Exception {
        byte[] payload = Payloads.encodeWatermarks(ShardWatermarks.of(3, 0));
        assertEquals(TV10, hex(FrameCodec.encode(FrameKind.SNAPSHOT_BEGIN, payload)));
        assertArrayEquals(
                new long[] {3, 0},
                Payloads.decodeWatermarks(
                                decodeFrame(TV10, FrameKind.SNAPSHOT_BEGIN, 20).reader())
                        .toArray());

        // SnapshotEnd: same bytes with byte 5 = 0x04
        byte[] end = hex(TV10);
        end[5] = 0x04;
        String endHex = hex(end);
        assertEquals(endHex, hex(FrameCodec.encode(FrameKind.SNAPSHOT_END, payload)));
        assertArrayEquals(
                new long[] {3, 0},
                Payloads.decodeWatermarks(
                                decodeFrame(endHex, FrameKind.SNAPSHOT_END, 20).reader())
                        .toArray());
    }

    @Test
    void emptyWatermarkVectorIsFourZeroBytes() throws Exception {
        assertEquals("00000000", hex(Payloads.encodeWatermarks(ShardWatermarks.empty())));
        assertEquals(
                0, Payloads.decodeWatermarks(new PayloadReader(hex("00000000"))).size());
    }

    // ---------------------------------------------------------------- SnapshotChunk (TV-11, TV-12)

    @Test
    void tv11EmptyLastSnapshotChunk() throws Exception {
        SnapshotChunk chunk = new SnapshotChunk(0, true, ShardWatermarks.of(0, 0), List.of());
        assertEquals(TV11, hex(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, chunk.encode())));

        SnapshotChunk decoded = SnapshotChunk.decode(
                decodeFrame(TV11, FrameKind.SNAPSHOT_CHUNK, 33).reader());
        assertEquals(0, decoded.chunkIndex());
        assertTrue(decoded.isLast());
        assertArrayEquals(new long[] {0, 0}, decoded.watermarks().toArray());
        assertTrue(decoded.entries().isEmpty());
    }

    @Test
    void tv12SnapshotChunkWithOneEntry() throws Exception {
        SnapshotChunk chunk = new SnapshotChunk(
                3, true, ShardWatermarks.of(1, 2), List.of(new Entry(utf8("k"), utf8("v"), Entry.NO_EXPIRY)));
        assertEquals(TV12, hex(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, chunk.encode())));

        // the primary's streaming path: head with placeholders, entries appended, then patched
        PayloadWriter writer = new PayloadWriter(8);
        int[] offsets = SnapshotChunk.writeHead(writer, 3, false, ShardWatermarks.of(1, 2), 0);
        SnapshotChunk.appendEntry(writer, utf8("k"), utf8("v"), Entry.NO_EXPIRY);
        writer.patchU8(offsets[0], 1);
        writer.patchU32(offsets[1], 1);
        assertEquals(TV12, hex(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, writer, Compression.NONE, 3)));

        Frame frame = decodeFrame(TV12, FrameKind.SNAPSHOT_CHUNK, 51);
        SnapshotChunk decoded = SnapshotChunk.decode(frame.reader());
        assertEquals(3, decoded.chunkIndex());
        assertTrue(decoded.isLast());
        assertArrayEquals(new long[] {1, 2}, decoded.watermarks().toArray());
        assertEquals(1, decoded.entries().size());
        Entry entry = decoded.entries().get(0);
        assertArrayEquals(utf8("k"), entry.key());
        assertArrayEquals(utf8("v"), entry.value());
        assertEquals(Entry.NO_EXPIRY, entry.expireAtMs());
        assertFalse(entry.hasExpiry());

        List<Object[]> visited = new ArrayList<>();
        SnapshotChunk.Head head = SnapshotChunk.visit(
                frame.reader(),
                (bytes, ko, kl, vo, vl, expire, go, gl) -> visited.add(new Object[] {
                    new String(bytes, ko, kl, StandardCharsets.UTF_8),
                    new String(bytes, vo, vl, StandardCharsets.UTF_8),
                    expire
                }));
        assertEquals(3, head.chunkIndex);
        assertTrue(head.last);
        assertEquals(1, head.entryCount);
        assertArrayEquals(new long[] {1, 2}, head.watermarks.toArray());
        assertEquals(1, visited.size());
        assertArrayEquals(new Object[] {"k", "v", -1L}, visited.get(0));
    }

    // ---------------------------------------------------------------- TV-13 (zstd)

    @Test
    void tv13CompressedMutationBatch() throws Exception {
        byte[] tv6Payload = MutationBatchCodec.encode(tv6Mutations());
        assertEquals(122, tv6Payload.length);
        byte[] encoded = FrameCodec.encode(FrameKind.MUTATION_BATCH, writerWith(tv6Payload), Compression.ZSTD, 3);
        byte[] golden = hex(TV13);

        // header fields as the spec lists them, whatever the compressed bytes
        assertEquals(hex(golden).substring(0, 16), hex(encoded).substring(0, 16), "magic/version/kind/flags/reserved");
        assertEquals(122, LittleEndian.getInt(encoded, 12), "uncompressed_len");
        assertEquals(encoded.length - 16, LittleEndian.getInt(encoded, 8), "payload_len");
        // zstd frame layout: magic, content size present, no checksum, no dictionary
        assertEquals("28b52ffd", hex(java.util.Arrays.copyOfRange(encoded, 16, 20)));
        assertEquals(122, Zstd.getFrameContentSize(encoded, 16, encoded.length - 16));
        int descriptor = encoded[20] & 0xFF;
        assertEquals(0, descriptor & 0x04, "content checksum flag");
        assertEquals(0, descriptor & 0x03, "dictionary id flag");

        // spec: zstd-jni 1.5.7 produced exactly these bytes
        assertEquals(TV13, hex(encoded), "TV-13 compressed bytes");

        // decode: the golden frame decompresses to TV-6's payload
        FrameHeader header = FrameHeader.parse(golden, 0, FrameHeader.MAX_PAYLOAD);
        assertEquals(FrameKind.MUTATION_BATCH, header.kind());
        assertTrue(header.compressed());
        assertEquals(0x01, header.flags());
        assertEquals(88, header.payloadLength());
        assertEquals(122, header.uncompressedLength());
        assertEquals(104, golden.length);
        Frame frame = FrameCodec.decode(golden, FrameHeader.MAX_PAYLOAD);
        assertTrue(frame.compressed());
        assertEquals(FrameKind.MUTATION_BATCH, frame.kind());
        assertEquals(122, frame.payloadLength());
        assertEquals(104, frame.wireLength());
        assertArrayEquals(tv6Payload, frame.payloadCopy());
        assertArrayEquals(java.util.Arrays.copyOfRange(hex(TV6), 16, 138), frame.payloadCopy());
        assertEquals(tv6Mutations(), MutationBatchCodec.decode(frame.reader()));
        // and our own compressed frame decodes to the same payload
        assertArrayEquals(
                tv6Payload, FrameCodec.decode(encoded, FrameHeader.MAX_PAYLOAD).payloadCopy());
    }

    // ---------------------------------------------------------------- §10.0 hash/shard table

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    static Stream<Arguments> hashTable() {
        return Stream.of(
                Arguments.of("(empty key, 0 bytes)", new byte[0], "2d06800538d394c2", 45, new int[] {0, 1, 2, 4, 8}),
                Arguments.of("a", utf8("a"), "e6c632b61e964e1f", 230, new int[] {0, 0, 1, 3, 6}),
                Arguments.of("k", utf8("k"), "a921e3704fda881d", 169, new int[] {0, 1, 2, 4, 9}),
                Arguments.of("alpha", utf8("alpha"), "be6903b5f625ab5a", 190, new int[] {0, 0, 0, 1, 3}),
                Arguments.of("beta", utf8("beta"), "28faff7f97dff641", 40, new int[] {0, 0, 1, 3, 7}),
                Arguments.of("user:42", utf8("user:42"), "9fc1e605fa7174aa", 159, new int[] {0, 1, 3, 7, 14}),
                Arguments.of("key-0", utf8("key-0"), "819f6b51706f0178", 129, new int[] {0, 1, 3, 6, 12}),
                Arguments.of("key-1", utf8("key-1"), "2d29f1336b0229f9", 45, new int[] {0, 1, 2, 4, 9}),
                Arguments.of(
                        "hello world, this is a longer key > 16",
                        utf8("hello world, this is a longer key > 16"),
                        "e3c19231bc86cd57",
                        227,
                        new int[] {0, 1, 3, 7, 14}),
                Arguments.of(
                        "200 bytes, byte i = i mod 251", pattern(200), "f42a8864feaf0703", 244, new int[] {0, 0, 0, 0, 1
                        }),
                Arguments.of("1000 bytes, byte i = i mod 251", pattern(1000), "33ef703fb2b20ed1", 51, new int[] {
                    0, 1, 3, 7, 15
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashTable")
    void hashTagAndShardTable(String name, byte[] key, String xxh3, int tag, int[] shards) {
        long expected = Long.parseUnsignedLong(xxh3, 16);
        long hash = KeyHash.of(key);
        assertEquals(xxh3, String.format("%016x", hash), "XXH3-64 of " + name);
        assertEquals(expected, hash);
        // the offset/length overload over a slice of a larger array
        byte[] padded = new byte[key.length + 7];
        System.arraycopy(key, 0, padded, 3, key.length);
        assertEquals(expected, KeyHash.of(padded, 3, key.length), "slice hash of " + name);
        assertEquals(tag, KeyHash.tag(hash), "key_tag of " + name);
        int[] counts = {1, 2, 4, 8, 16};
        for (int i = 0; i < counts.length; i++) {
            int n = counts[i];
            assertEquals(shards[i], KeyHash.shard(hash, n), "shard of " + name + " for N=" + n);
            // the reference formula ((hash << 7) >>> (64 - b)), for N > 1
            if (n > 1) {
                int b = Integer.numberOfTrailingZeros(n);
                assertEquals(shards[i], (int) ((hash << 7) >>> (64 - b)), "reference formula, N=" + n);
            }
        }
        // the key tag that goes on the wire for this key
        Mutation m = new Mutation(0, 1, T, MutationOp.SET, hash, key, new byte[0], Entry.NO_EXPIRY);
        assertEquals(tag, m.keyTag());
    }
}
