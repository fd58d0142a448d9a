package io.fcrp.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.PayloadReader;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.RecordView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entries a {@code shardmap} 0.6–0.7 primary replicates with governance metadata are kept with it
 * and hidden from plain reads (fail closed, as the reference does): only getWithGovernance shows
 * them; they are counted apart and covered by the digest.
 */
class GovernedEntriesTest {

    private static final long NOW = 1_700_000_000_000L;

    private final ReplicaStore store = new ReplicaStore("governed", 4, () -> NOW);
    private long sequence;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aGovernedEntryIsHiddenFromPlainReadsAndReadableWithItsMetadata() throws Exception {
        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "private", "secret", Entry.NO_EXPIRY, "tenant-a/acl"));
        apply(record(MutationOp.SET.code(), "public", "open", Entry.NO_EXPIRY, null));

        assertNull(store.get(bytes("private")), "fail closed: a plain read does not see it");
        assertNull(store.getEntry(bytes("private")));
        Entry governed = store.getWithGovernance(bytes("private"));
        assertEquals("secret", text(governed.value()));
        assertEquals("tenant-a/acl", text(governed.governance()));
        assertEquals("open", text(store.get(bytes("public"))));
        assertNull(store.getWithGovernance(bytes("public")).governance());

        List<String> plain = new ArrayList<>();
        store.forEach(entry -> plain.add(text(entry.key())));
        assertEquals(List.of("public"), plain);
        assertEquals(2, store.size());
        assertEquals(1, store.governedCount());
    }

    @Test
    void governanceFollowsTheEntryThroughSetExpireAndDel() throws Exception {
        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "k", "v1", Entry.NO_EXPIRY, "acl"));
        apply(record(MutationOp.EXPIRE.code(), "k", "", NOW + 60_000, null));
        Entry expiring = store.getWithGovernance(bytes("k"));
        assertEquals(NOW + 60_000, expiring.expireAtMs());
        assertEquals("acl", text(expiring.governance()), "an Expire keeps the metadata");

        apply(record(MutationOp.SET.code(), "k", "v2", Entry.NO_EXPIRY, null));
        assertEquals("v2", text(store.get(bytes("k"))), "a plain Set makes it a plain entry");
        assertEquals(0, store.governedCount());

        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "k", "v3", Entry.NO_EXPIRY, "acl2"));
        assertEquals(1, store.governedCount());
        apply(record(MutationOp.DEL.code(), "k", "", Entry.NO_EXPIRY, null));
        assertNull(store.getWithGovernance(bytes("k")));
        assertEquals(0, store.governedCount());
        assertEquals(0, store.size());
    }

    @Test
    void aCopyIntoAnotherShardCountKeepsTheMetadata() throws Exception {
        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "private", "secret", Entry.NO_EXPIRY, "tenant-a/acl"));
        apply(record(MutationOp.SET.code(), "public", "open", Entry.NO_EXPIRY, null));
        store.publishWatermarks();
        try (ReplicaStore copy = ReplicaStore.copyOf(store, 8, () -> NOW, MemoryBudget.unlimited("copy"))) {
            assertEquals(StoreDigest.of(store).hex(), StoreDigest.of(copy).hex());
            assertEquals(
                    "tenant-a/acl",
                    text(copy.getWithGovernance(bytes("private")).governance()));
            assertEquals(1, copy.governedCount());
        }
    }

    @Test
    void aStagedSnapshotKeepsTheMetadata() {
        ReplicaStore.Staging staging = store.stage();
        byte[] chunk = bytes("keyvaluemeta");
        staging.add(chunk, 0, 3, 3, 5, Entry.NO_EXPIRY, 8, 4);
        staging.add(bytes("plainv"), 0, 5, 5, 1, Entry.NO_EXPIRY, -1, 0);
        staging.commit(ShardWatermarks.zeros(1), "127.0.0.1:7631");
        assertNull(store.get(bytes("key")));
        assertEquals("meta", text(store.getWithGovernance(bytes("key")).governance()));
        assertArrayEquals(bytes("v"), store.get(bytes("plain")));
    }

    @Test
    void theDigestCoversGovernedEntriesAndIsUnchangedWithoutThem() throws Exception {
        apply(record(MutationOp.SET.code(), "public", "open", Entry.NO_EXPIRY, null));
        String plainOnly = StoreDigest.of(store).hex();
        assertEquals(1, StoreDigest.of(store).liveKeys());

        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "private", "secret", Entry.NO_EXPIRY, "acl"));
        StoreDigest withGoverned = StoreDigest.of(store);
        assertEquals(2, withGoverned.liveKeys());
        assertNotEquals(plainOnly, withGoverned.hex());

        apply(record(MutationBatchCodec.GOVERNED_SET_OP, "private", "secret", Entry.NO_EXPIRY, "other"));
        assertNotEquals(withGoverned.hex(), StoreDigest.of(store).hex(), "the metadata itself is digested");

        apply(record(MutationOp.DEL.code(), "private", "", Entry.NO_EXPIRY, null));
        assertEquals(plainOnly, StoreDigest.of(store).hex(), "without governed entries the digest is the v1 one");
        assertFalse(store.getWithGovernance(bytes("public")).isGoverned());
        assertTrue(store.size() == 1);
    }

    private void apply(byte[] record) throws Exception {
        PayloadWriter writer = new PayloadWriter(128);
        writer.u32(1).bytes(record);
        MutationBatchCodec.visit(
                new PayloadReader(writer.payloadCopy()), new RecordView(), view -> assertTrue(store.apply(view, NOW)));
    }

    private byte[] record(int op, String key, String value, long expiry, String governance) {
        byte[] k = bytes(key);
        long hash = KeyHash.of(k);
        PayloadWriter writer = new PayloadWriter(128);
        writer.u32(0)
                .u64(++sequence)
                .u64(NOW)
                .u8(op)
                .u64(hash)
                .u64(KeyHash.tag(hash))
                .u64(expiry)
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
