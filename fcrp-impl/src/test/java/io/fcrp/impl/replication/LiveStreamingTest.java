package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A connected replica follows every kind of write live, with every compression and send policy. */
class LiveStreamingTest extends ReplicationTestBase {

    @Test
    void everyKindOfWriteArrivesLive() throws Exception {
        PrimaryNode primary = cluster.primary("live");
        ReplicaClientImpl replica = cluster.replica("live-r", primary);
        awaitState(replica, ReplicaState.STREAMING);
        EmbeddedStore store = primary.store();

        long expiry = FAR_FUTURE_MS;
        for (int i = 0; i < 500; i++) {
            store.set(bytes("plain:" + i), bytes("value-" + i));
            store.set(bytes("expiring:" + i), bytes("temp-" + i), expiry + i);
        }
        for (int i = 0; i < 500; i += 5) {
            assertTrue(store.delete(bytes("plain:" + i)));
            assertTrue(store.expireAt(bytes("plain:" + (i + 1)), expiry - i)); // Expire on a key without expiry
            assertTrue(store.persist(bytes("expiring:" + i))); // Expire with the sentinel
            store.set(bytes("expiring:" + (i + 1)), bytes("replaced")); // Set drops the old expiry
            store.set(bytes("plain:" + (i + 2)), bytes("gone"), System.currentTimeMillis() - 1000); // already expired
            assertTrue(store.expireAt(bytes("expiring:" + (i + 2)), System.currentTimeMillis() - 1)); // expire now
        }
        store.set(bytes("empty-value"), new byte[0]);
        store.set(new byte[0], bytes("empty key"));
        awaitConverged(primary, replica);

        ReplicaClientImpl r = replica;
        assertEquals(ReplicaState.STREAMING, r.status().state(), describe(r));
        assertNull(r.store().get(bytes("plain:0")), "deleted key");
        Entry withExpiry = r.store().getEntry(bytes("plain:1"));
        assertNotNull(withExpiry);
        assertEquals(expiry, withExpiry.expireAtMs(), "Expire replicated");
        assertEquals(Entry.NO_EXPIRY, r.store().getEntry(bytes("expiring:0")).expireAtMs(), "persist replicated");
        assertEquals(Entry.NO_EXPIRY, r.store().getEntry(bytes("expiring:1")).expireAtMs(), "Set without expiry");
        assertArrayEquals(bytes("replaced"), r.store().get(bytes("expiring:1")));
        assertEquals(expiry + 3, r.store().getEntry(bytes("expiring:3")).expireAtMs(), "Set with expiry");
        assertNull(r.store().get(bytes("plain:2")), "Set with a past expiry removes the key");
        assertNull(r.store().get(bytes("expiring:2")), "Expire in the past removes the key");
        assertArrayEquals(new byte[0], r.store().get(bytes("empty-value")));
        assertArrayEquals(bytes("empty key"), r.store().get(new byte[0]));
        assertEquals(0, primary.server().droppedReplicas());
    }

    @Test
    void entriesExpireOnBothSidesWithoutBeingReplicated() throws Exception {
        PrimaryNode primary = cluster.primary("expiry");
        ReplicaClientImpl replica = cluster.replica("expiry-r", primary);
        awaitState(replica, ReplicaState.STREAMING);
        long expireAt = System.currentTimeMillis() + 400;
        for (int i = 0; i < 50; i++) {
            primary.store().set(bytes("short:" + i), bytes("v"), expireAt);
            primary.store().set(bytes("long:" + i), bytes("v"), FAR_FUTURE_MS);
        }
        primary.batcher().flush();
        Poll.until(
                "the short-lived keys reach the replica (or have already expired)",
                SHORT,
                () -> replica.store().get(bytes("long:49")) != null,
                () -> describe(replica));
        Poll.until(
                "short-lived keys vanish on the primary and on the replica",
                SHORT,
                () -> primary.store().get(bytes("short:0")) == null
                        && replica.store().get(bytes("short:49")) == null
                        && System.currentTimeMillis() > expireAt,
                () -> describe(replica));
        for (int i = 0; i < 50; i++) {
            assertNull(replica.store().getEntry(bytes("short:" + i)));
            assertNull(primary.store().getEntry(bytes("short:" + i)));
        }
        long sentBefore = primary.batcher().metrics().get(Metric.SENT_RECORDS);
        awaitConverged(primary, replica);
        assertEquals(50, StoreDigest.of(replica.store()).liveKeys());
        assertEquals(
                sentBefore,
                primary.batcher().metrics().get(Metric.SENT_RECORDS),
                "expiry by time is not replicated as a Del");
    }

    static Stream<Arguments> compressionsAndPolicies() {
        return Stream.of(
                Arguments.of(Compression.NONE, SendPolicy.IMMEDIATE),
                Arguments.of(Compression.NONE, SendPolicy.BATCH),
                Arguments.of(Compression.ZSTD, SendPolicy.IMMEDIATE),
                Arguments.of(Compression.ZSTD, SendPolicy.BATCH));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("compressionsAndPolicies")
    void convergesWithEveryCompressionAndSendPolicy(Compression compression, SendPolicy policy) throws Exception {
        PrimaryNode primary = cluster.primary(
                "cp",
                c -> c.compression(compression)
                        .sendPolicy(policy)
                        .snapshotChunkBytes(4096)
                        .shardCount(8));
        fill(primary.store(), "pre:", 2000, 100); // bootstrapped by a multi-chunk snapshot
        ReplicaClientImpl replica = cluster.replica("cp-r", primary);
        randomOps(primary.store(), "pre:", 42, 3000, 2500); // some of it while the replica bootstraps
        awaitState(replica, ReplicaState.STREAMING);
        randomOps(primary.store(), "live:", 43, 5000, 1000);
        awaitConverged(primary, replica);

        assertEquals("snapshot", replica.lastBootstrap().label());
        assertTrue(replica.framesReceived().get(FrameKind.SNAPSHOT_CHUNK) > 1, describe(replica));
        ReplicationMetrics metrics = primary.batcher().metrics();
        long compressed = metrics.get(Metric.SENT_BYTES_COMPRESSED);
        long uncompressed = metrics.get(Metric.SENT_BYTES_UNCOMPRESSED);
        long batches = metrics.get(Metric.SENT_BATCHES);
        if (compression == Compression.ZSTD) {
            // tiny one-record frames may grow under zstd; what matters is that they are zstd frames
            assertNotEquals(uncompressed + 16 * batches, compressed, "zstd frames: " + metrics);
        } else {
            assertEquals(uncompressed + 16 * batches, compressed, "uncompressed frames: " + metrics);
        }
        if (policy == SendPolicy.IMMEDIATE) {
            assertEquals(metrics.get(Metric.SENT_RECORDS), batches, "one record per batch: " + metrics);
        } else {
            assertTrue(metrics.get(Metric.SENT_RECORDS) > batches, "records are batched: " + metrics);
        }
        assertEquals(ReplicaState.STREAMING, replica.state());
    }

    @ParameterizedTest(name = "{0} primary shards, {1} replica shards")
    @MethodSource("shardCounts")
    void shardCountsOnBothSidesAreIndependent(int primaryShards, int replicaShards) throws Exception {
        PrimaryNode primary = cluster.primary("shards", c -> c.shardCount(primaryShards));
        fill(primary.store(), "pre:", 1000, 10);
        ReplicaClientImpl replica = cluster.replica("shards-r", primary, c -> c.localShards(replicaShards));
        randomOps(primary.store(), "pre:", 77, 4000, 1500);
        awaitConverged(primary, replica);
        assertEquals(primaryShards, replica.status().localWatermarks().size(), describe(replica));
    }

    static Stream<Arguments> shardCounts() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(1, 64), Arguments.of(64, 1), Arguments.of(16, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressions")
    void largeValuesReplicate(Compression compression) throws Exception {
        PrimaryNode primary = cluster.primary("large", c -> c.compression(compression));
        for (int i = 0; i < 6; i++) {
            primary.store().set(bytes("big:" + i), value("big" + i, (3 << 20) + i)); // above the reused buffers
        }
        ReplicaClientImpl replica = cluster.replica("large-r", primary);
        awaitConverged(primary, replica);
        for (int i = 6; i < 12; i++) {
            primary.store().set(bytes("big:" + i), value("big" + i, (5 << 20) + i));
        }
        primary.store().set(bytes("big:0"), value("changed", 4 << 20));
        awaitConverged(primary, replica);
        assertArrayEquals(value("changed", 4 << 20), replica.store().get(bytes("big:0")));
        assertEquals(6, replica.framesReceived().get(FrameKind.SNAPSHOT_CHUNK), "one big entry per chunk");
    }

    static Stream<Compression> compressions() {
        return Stream.of(Compression.NONE, Compression.ZSTD);
    }
}
