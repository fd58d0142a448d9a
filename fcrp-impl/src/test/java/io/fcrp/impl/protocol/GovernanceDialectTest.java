package io.fcrp.impl.protocol;

import static io.fcrp.impl.protocol.ProtocolTestSupport.assertProtocolError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receive side of the {@code shardmap} 0.6–0.7 governance dialect (spec §11.1): op 4, a Set
 * followed by its governance metadata, and the GOV2 snapshot chunk layout, read next to the v1
 * layouts; malformed governance is refused like any malformed payload.
 */
class GovernanceDialectTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void aGovernedSetIsReadAsASetWithItsMetadata() throws Exception {
        byte[] payload = batch(governedSet("private", "secret", "tenant-a/acl"), plainSet("public", "open"));
        List<Mutation> mutations = MutationBatchCodec.decode(new PayloadReader(payload));
        assertEquals(2, mutations.size());
        Mutation governed = mutations.get(0);
        assertEquals(MutationOp.SET, governed.op());
        assertEquals("secret", text(governed.value()));
        assertEquals("tenant-a/acl", text(governed.governance()));
        assertNull(mutations.get(1).governance(), "op 1 carries no metadata");

        List<Boolean> governedFlags = new ArrayList<>();
        MutationBatchCodec.visit(new PayloadReader(payload), new RecordView(), r -> governedFlags.add(r.governed()));
        assertEquals(List.of(true, false), governedFlags);
    }

    @Test
    void truncatedGovernanceIsRefusedBeforeAnyRecordIsVisited() {
        byte[] valid = batch(plainSet("a", "1"), governedSet("b", "2", "meta"));
        for (int cut = 1; cut <= "meta".length() + 4; cut++) {
            byte[] shorter = Arrays.copyOf(valid, valid.length - cut);
            int[] visited = {0};
            assertProtocolError(
                    ProtocolError.PAYLOAD_TRUNCATED,
                    "FCRP payload is truncated",
                    () -> MutationBatchCodec.visit(new PayloadReader(shorter), new RecordView(), r -> visited[0]++));
            assertEquals(0, visited[0], "cut " + cut);
        }
    }

    @Test
    void aGov2ChunkIsReadWithAndWithoutMetadata() throws Exception {
        PayloadWriter writer = new PayloadWriter(256);
        SnapshotChunk.writeHead(writer, 0, true, ShardWatermarks.of(new long[] {7, 9}), 2);
        writer.u32(SnapshotChunk.GOVERNANCE_MARKER);
        gov2Entry(writer, "private", "secret", "acl", T + 5);
        gov2Entry(writer, "public", "open", null, Entry.NO_EXPIRY);
        SnapshotChunk chunk = SnapshotChunk.decode(new PayloadReader(writer.payloadCopy()));
        assertEquals(2, chunk.entries().size());
        Entry governed = chunk.entries().get(0);
        assertEquals("secret", text(governed.value()));
        assertEquals("acl", text(governed.governance()));
        assertEquals(T + 5, governed.expireAtMs());
        assertFalse(chunk.entries().get(1).isGoverned());
        assertTrue(chunk.isLast());
    }

    @Test
    void anEmptyGov2ChunkHasOnlyTheMarker() throws Exception {
        PayloadWriter writer = new PayloadWriter(64);
        SnapshotChunk.writeHead(writer, 0, true, ShardWatermarks.zeros(1), 0);
        writer.u32(SnapshotChunk.GOVERNANCE_MARKER);
        assertTrue(SnapshotChunk.decode(new PayloadReader(writer.payloadCopy()))
                .entries()
                .isEmpty());
    }

    @Test
    void aGov2EntryWhoseMetadataRunsPastTheChunkIsRefused() {
        PayloadWriter writer = new PayloadWriter(64);
        SnapshotChunk.writeHead(writer, 0, true, ShardWatermarks.zeros(1), 1);
        writer.u32(SnapshotChunk.GOVERNANCE_MARKER);
        writer.u32(1).u32(1).u32(100).u64(Entry.NO_EXPIRY).u8('k').u8('v').u8('x');
        assertProtocolError(
                ProtocolError.PAYLOAD_TRUNCATED,
                "FCRP payload is truncated",
                () -> SnapshotChunk.decode(new PayloadReader(writer.payloadCopy())));
    }

    @Test
    void theLegacyLayoutIsUnchanged() throws Exception {
        SnapshotChunk chunk = new SnapshotChunk(
                1, false, ShardWatermarks.zeros(1), List.of(new Entry(bytes("k"), bytes("v"), Entry.NO_EXPIRY)));
        SnapshotChunk read = SnapshotChunk.decode(new PayloadReader(chunk.encode()));
        assertArrayEquals(bytes("v"), read.entries().get(0).value());
        assertFalse(read.entries().get(0).isGoverned());
    }

    private static void gov2Entry(PayloadWriter writer, String key, String value, String governance, long expiry) {
        writer.u32(key.length())
                .u32(value.length())
                .u32(governance == null ? 0xFFFFFFFFL : governance.length())
                .u64(expiry)
                .bytes(bytes(key))
                .bytes(bytes(value));
        if (governance != null) {
            writer.bytes(bytes(governance));
        }
    }

    /** A batch payload of hand-written records. */
    private static byte[] batch(byte[]... records) {
        PayloadWriter writer = new PayloadWriter(256);
        writer.u32(records.length);
        for (byte[] record : records) {
            writer.bytes(record);
        }
        return writer.payloadCopy();
    }

    private static byte[] plainSet(String key, String value) {
        return record(MutationOp.SET.code(), key, value, null);
    }

    private static byte[] governedSet(String key, String value, String governance) {
        return record(MutationBatchCodec.GOVERNED_SET_OP, key, value, governance);
    }

    private static byte[] record(int op, String key, String value, String governance) {
        byte[] k = bytes(key);
        long hash = KeyHash.of(k);
        PayloadWriter writer = new PayloadWriter(128);
        writer.u32(0)
                .u64(1)
                .u64(T)
                .u8(op)
                .u64(hash)
                .u64(KeyHash.tag(hash))
                .u64(Entry.NO_EXPIRY)
                .u32(k.length)
                .u32(value.length())
                .bytes(k)
                .bytes(bytes(value));
        if (governance != null) {
            writer.u32(governance.length()).bytes(bytes(governance));
        }
        return writer.payloadCopy();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
