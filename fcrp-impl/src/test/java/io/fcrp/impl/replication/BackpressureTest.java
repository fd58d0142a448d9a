package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Metric;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import org.junit.jupiter.api.Test;

/**
 * A replica joins while two writers write at full speed into a tiny per-replica queue: its gap is
 * served from the backlog when the backlog covers it, and it is dropped (counted) when not.
 */
class BackpressureTest extends ReplicationTestBase {

    private static final int KEYS = 20_000;

    @Test
    void aFullQueueIsFilledFromTheBacklogWithoutDroppingTheReplica() throws Exception {
        PrimaryNode primary = cluster.primary(
                "gap",
                c -> c.shardCount(4)
                        .sendPolicy(SendPolicy.IMMEDIATE)
                        .subscriberChannelCapacity(2)
                        .subscriberQueueBytes(4096)
                        .backlogBytes(64L * 1024 * 1024));
        ReplicaClientImpl replica;
        try (Writers writers = new Writers(primary.store(), 2, "key:", 91, Long.MAX_VALUE, KEYS)) {
            Poll.until("writers are under way", SHORT, () -> writers.done() >= 20_000);
            replica = cluster.replica("gap-r", primary);
            long joinedAt = writers.done();
            Poll.until(
                    "the replica's queue overflows while the writers go on",
                    CONVERGE,
                    () -> primary.batcher().metrics().get(Metric.BACKPRESSURE_EVENTS) > 0
                            && writers.done() >= joinedAt + 60_000,
                    () -> primary.batcher().metrics() + " " + describe(replica));
        }
        awaitConverged(primary, replica);
        assertEquals(0, primary.server().droppedReplicas(), describe(replica));
        assertEquals(0, replica.status().reconnects(), "the same session caught up: " + describe(replica));
        assertEquals(1, replica.status().snapshotsLoaded());
        assertEquals(0, primary.batcher().backlogStats().trimmedBatches(), "the backlog covered the gap");
    }

    @Test
    void aReplicaWhoseGapTheBacklogNoLongerHoldsIsDroppedAndComesBack() throws Exception {
        PrimaryNode primary = cluster.primary(
                "drop",
                c -> c.shardCount(4)
                        .sendPolicy(SendPolicy.IMMEDIATE)
                        .subscriberChannelCapacity(2)
                        .subscriberQueueBytes(4096)
                        .backlogBytes(1024));
        ReplicaClientImpl replica;
        try (Writers writers = new Writers(primary.store(), 2, "key:", 92, Long.MAX_VALUE, KEYS)) {
            Poll.until("writers are under way", SHORT, () -> writers.done() >= 20_000);
            replica = cluster.replica("drop-r", primary);
            Poll.until(
                    "the replica is dropped",
                    CONVERGE,
                    () -> primary.server().droppedReplicas() >= 1,
                    () -> primary.batcher().metrics() + " " + describe(replica));
        }
        awaitConverged(primary, replica);
        assertTrue(primary.server().droppedReplicas() >= 1);
        assertTrue(
                primary.server().metrics().get(Metric.DROPS) >= 1,
                String.valueOf(primary.server().metrics()));
        assertTrue(replica.status().reconnects() >= 1, describe(replica));
        long bootstraps = primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT)
                + primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT);
        assertTrue(
                bootstraps >= 2,
                "bootstrapped again after the drop: " + primary.server().metrics());
        Poll.until(
                "one session remains",
                SHORT,
                () -> primary.server().sessions().size() == 1,
                () -> primary.server().sessions());
    }
}
