package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.SnapshotChunk;
import io.fcrp.impl.store.ReplicaStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that bootstraps afresh (zero watermarks) keeps its old data readable and untouched
 * until the new data is complete, whether the primary answers with a snapshot or, as a reference
 * primary that never trimmed its backlog does, with a backlog replay; then it swaps at once.
 */
class FreshBootstrapTest {

    private static final String OLD_PRIMARY = "127.0.0.1:7001";
    private static final String NEW_PRIMARY = "127.0.0.1:7002";

    private final ReplicaStore store = new ReplicaStore("fresh-test", 4, System::currentTimeMillis);
    private final ReplicaCounters counters = new ReplicaCounters();
    private final List<String> replacements = new ArrayList<>();

    @BeforeEach
    void oldData() {
        try (ReplicaStore.Staging staging = store.stage()) {
            for (int i = 0; i < 10; i++) {
                byte[] key = bytes("old:" + i);
                byte[] value = bytes("old value");
                byte[] entry = new byte[key.length + value.length];
                System.arraycopy(key, 0, entry, 0, key.length);
                System.arraycopy(value, 0, entry, key.length, value.length);
                staging.add(entry, 0, key.length, key.length, value.length, Entry.NO_EXPIRY, -1, 0);
            }
            staging.commit(ShardWatermarks.of(new long[] {900, 800}), OLD_PRIMARY);
        }
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aBacklogReplayAfterAZeroSinceHelloNeverMixesWithTheOldData() throws Exception {
        StreamApplier applier = freshApplier(ShardWatermarks.of(new long[] {3, 2}));
        applier.apply(batch(set(0, 1, "new:a"), set(0, 2, "new:b")));
        assertOnlyOldData("after the first replayed batch");
        applier.apply(batch(set(1, 1, "new:c")));
        assertOnlyOldData("after the second replayed batch");
        assertFalse(applier.caughtUp());

        applier.apply(batch(set(0, 3, "new:d"), set(1, 2, "new:e")));
        assertTrue(applier.caughtUp(), "the replay reached the handshake's watermarks");
        assertEquals(List.of("backlog replay 10 -> 5"), replacements);
        assertEquals(ShardWatermarks.of(new long[] {3, 2}), store.watermarks());
        assertEquals(NEW_PRIMARY, store.origin());
        assertEquals(5, store.size());
        assertNull(store.get(bytes("old:1")));
        assertArrayEquals(bytes("v"), store.get(bytes("new:d")));

        applier.apply(batch(set(0, 4, "new:live")));
        assertArrayEquals(bytes("v"), store.get(bytes("new:live")), "live records go to the new data");
        assertEquals(1, replacements.size());
    }

    @Test
    void aFreshBootstrapBySnapshotReplacesTheDataOnlyAtSnapshotEnd() throws Exception {
        ShardWatermarks at = ShardWatermarks.of(new long[] {40, 50});
        StreamApplier applier = freshApplier(at);
        applier.apply(frame(FrameKind.SNAPSHOT_BEGIN, Payloads.encodeWatermarks(at)));
        applier.apply(frame(
                FrameKind.SNAPSHOT_CHUNK,
                new SnapshotChunk(0, false, at, List.of(new Entry(bytes("new:x"), bytes("v"), Entry.NO_EXPIRY)))
                        .encode()));
        assertOnlyOldData("after the first chunk");
        applier.apply(frame(
                FrameKind.SNAPSHOT_CHUNK,
                new SnapshotChunk(1, true, at, List.of(new Entry(bytes("new:y"), bytes("v"), Entry.NO_EXPIRY)))
                        .encode()));
        assertOnlyOldData("after the last chunk, before SnapshotEnd");
        applier.apply(frame(FrameKind.SNAPSHOT_END, Payloads.encodeWatermarks(at)));

        assertEquals(List.of("snapshot 10 -> 2"), replacements);
        assertEquals(at, store.watermarks());
        assertEquals(NEW_PRIMARY, store.origin());
        assertNull(store.get(bytes("old:0")));
        assertTrue(applier.caughtUp());
    }

    @Test
    void anInterruptedFreshBootstrapLeavesTheOldDataAsItWas() throws Exception {
        StreamApplier applier = freshApplier(ShardWatermarks.of(new long[] {3, 2}));
        applier.apply(batch(set(0, 1, "new:a"), set(0, 2, "new:b")));
        applier.close(); // the connection dropped half-way
        assertOnlyOldData("after the session ended");
        assertEquals(ShardWatermarks.of(new long[] {900, 800}), store.watermarks());
        assertEquals(OLD_PRIMARY, store.origin());
        assertEquals(List.of(), replacements);
    }

    @Test
    void anEmptyPrimaryAnsweringAZeroSinceHelloReplacesTheDataWithNothingLoudly() {
        StreamApplier applier = freshApplier(ShardWatermarks.zeros(2));
        assertTrue(applier.caughtUp());
        assertEquals(List.of("backlog replay 10 -> 0"), replacements);
        assertEquals(0, store.size());
    }

    @Test
    void withoutTheHandshakesWatermarksOnlyASnapshotCompletesAFreshBootstrap() throws Exception {
        StreamApplier applier = freshApplier(null);
        applier.apply(batch(set(0, 1, "new:a")));
        assertFalse(applier.caughtUp());
        assertOnlyOldData("after a replayed batch of unknown extent");
    }

    private void assertOnlyOldData(String when) {
        assertEquals(10, store.size(), when);
        assertArrayEquals(bytes("old value"), store.get(bytes("old:3")), when);
        assertNull(store.get(bytes("new:a")), when);
        assertEquals(ShardWatermarks.of(new long[] {900, 800}), store.watermarks(), when);
    }

    private StreamApplier freshApplier(ShardWatermarks hello) {
        return new StreamApplier(
                store,
                counters,
                null,
                hello,
                500,
                1 << 20,
                true,
                NEW_PRIMARY,
                (how, before, after) -> replacements.add(how + " " + before + " -> " + after));
    }

    private static Mutation set(int shard, long sequence, String key) {
        byte[] k = bytes(key);
        return new Mutation(
                shard,
                sequence,
                System.currentTimeMillis(),
                MutationOp.SET,
                KeyHash.of(k),
                k,
                bytes("v"),
                Entry.NO_EXPIRY);
    }

    private static Frame batch(Mutation... mutations) throws Exception {
        return frame(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(List.of(mutations)));
    }

    private static Frame frame(FrameKind kind, byte[] payload) throws Exception {
        return FrameCodec.decode(FrameCodec.encode(kind, payload), FrameHeader.MAX_PAYLOAD);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
