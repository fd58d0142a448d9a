package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.SessionState;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a replica gets the data it missed: a snapshot, or the backlog when it continues a session. */
class BootstrapTest extends ReplicationTestBase {

    @Test
    void bootstrapsFromASnapshotWhenTheBacklogWasTrimmed() throws Exception {
        PrimaryNode primary =
                cluster.primary("snap", c -> c.backlogBytes(64 * 1024).snapshotChunkBytes(256 * 1024));
        fill(primary.store(), "key:", 50_000, 40);
        long expireAt = System.currentTimeMillis() + 300;
        for (int i = 0; i < 1000; i++) {
            primary.store().set(bytes("dying:" + i), bytes("x"), expireAt);
        }
        primary.batcher().flush();
        assertTrue(primary.batcher().backlogStats().trimmedBatches() > 0, "the backlog was trimmed");
        Poll.until(
                "the short-lived keys have expired on the primary",
                SHORT,
                () -> System.currentTimeMillis() > expireAt && primary.store().get(bytes("dying:999")) == null);

        ReplicaClientImpl replica = cluster.replica("snap-r", primary);
        awaitConverged(primary, replica);

        assertEquals("snapshot", replica.lastBootstrap().label(), describe(replica));
        Map<FrameKind, Long> frames = replica.framesReceived();
        assertEquals(1L, frames.get(FrameKind.SNAPSHOT_BEGIN), describe(replica));
        assertTrue(frames.get(FrameKind.SNAPSHOT_CHUNK) >= 2, describe(replica));
        assertEquals(1L, frames.get(FrameKind.SNAPSHOT_END), describe(replica));
        assertTrue(primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT) >= 1);
        assertEquals(1, replica.status().snapshotsLoaded());
        assertEquals(50_000, StoreDigest.of(replica.store()).liveKeys());
        for (int i = 0; i < 1000; i++) {
            assertNull(replica.store().getEntry(bytes("dying:" + i)), "expired entries are not resurrected");
        }
        assertEquals(ReplicaState.STREAMING, replica.state());
    }

    @Test
    void expiredEntriesAreNotResurrectedByALaterSnapshot() throws Exception {
        PrimaryNode primary = cluster.primary("resurrect", c -> c.backlogBytes(4096));
        fill(primary.store(), "key:", 2000, 20);
        long expireAt = System.currentTimeMillis() + 500;
        for (int i = 0; i < 500; i++) {
            primary.store().set(bytes("dying:" + i), bytes("x"), expireAt);
        }
        ReplicaClientImpl replica = cluster.replica("resurrect-r", primary);
        awaitState(replica, ReplicaState.STREAMING);
        Poll.until("the short-lived keys expire", SHORT, () -> System.currentTimeMillis() > expireAt);
        awaitConverged(primary, replica);
        assertEquals(2000, StoreDigest.of(replica.store()).liveKeys());

        replica.resync(); // discards the local data and loads a fresh snapshot
        Poll.until(
                "a second snapshot is loaded",
                CONVERGE,
                () -> replica.status().snapshotsLoaded() == 2 && replica.state() == ReplicaState.STREAMING,
                () -> describe(replica));
        awaitConverged(primary, replica);
        for (int i = 0; i < 500; i++) {
            assertNull(replica.store().getEntry(bytes("dying:" + i)));
        }
        assertEquals(2000, StoreDigest.of(replica.store()).liveKeys(), describe(replica));
    }

    @Test
    void resumesFromTheBacklogAfterTheServerDropsTheSession() throws Exception {
        PrimaryNode primary = cluster.primary("backlog");
        fill(primary.store(), "key:", 5000, 30);
        // a long pause before reconnecting, so the writes below surely happen while disconnected
        ReplicaClientImpl replica = cluster.replica(
                "backlog-r", primary, c -> c.reconnectBackoffMs(700).reconnectBackoffMaxMs(700));
        awaitConverged(primary, replica);
        assertEquals("snapshot", replica.lastBootstrap().label());
        long snapshotsServed = primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT);
        long backlogServed = primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT);

        ReplicaSessionInfo session = liveSession(primary);
        assertTrue(primary.server().disconnect(session.id()));
        randomOps(primary.store(), "key:", 7, 3000, 6000);
        primary.batcher().flush();

        Poll.until(
                "the replica resumes from the backlog",
                CONVERGE,
                () -> "backlog".equals(replica.lastBootstrap().label()) && replica.state() == ReplicaState.STREAMING,
                () -> describe(replica));
        awaitConverged(primary, replica);
        assertEquals(1, replica.status().snapshotsLoaded(), "no second snapshot");
        assertEquals(1L, replica.framesReceived().get(FrameKind.SNAPSHOT_BEGIN));
        assertEquals(snapshotsServed, primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT));
        assertEquals(backlogServed + 1, primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT));
        assertTrue(replica.status().reconnects() >= 1);
    }

    @Test
    void resumesFromTheBacklogAfterReconnectsDuringWrites() throws Exception {
        PrimaryNode primary = cluster.primary("reconnect");
        fill(primary.store(), "key:", 5000, 30);
        ReplicaClientImpl replica = cluster.replica("reconnect-r", primary);
        awaitConverged(primary, replica);
        long snapshotsServed = primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT);
        long backlogServed = primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT);

        try (Writers writers = new Writers(primary.store(), 1, "key:", 11, Long.MAX_VALUE, 8000)) {
            for (int round = 1; round <= 5; round++) {
                long before = writers.done();
                Poll.until("writers make progress", SHORT, () -> writers.done() > before + 500);
                long served = backlogServed + round;
                replica.reconnect();
                Poll.until(
                        "reconnect " + round + " is served from the backlog",
                        CONVERGE,
                        () -> primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT) >= served
                                && replica.state() == ReplicaState.STREAMING,
                        () -> describe(replica) + " server " + primary.server().metrics());
            }
        }
        awaitConverged(primary, replica);
        assertEquals(1, replica.status().snapshotsLoaded(), describe(replica));
        assertEquals(snapshotsServed, primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT));
        assertEquals(backlogServed + 5, primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT));
        assertTrue(
                List.of("backlog", "none").contains(replica.lastBootstrap().label()),
                replica.lastBootstrap().label());
        assertEquals(0, primary.server().droppedReplicas());
    }

    /** Nothing to replay and nothing written: the replica is caught up as soon as the primary says hello. */
    @Test
    void aReconnectToAQuietPrimaryIsStreamingAtOnce() throws Exception {
        PrimaryNode primary = cluster.primary("quiet");
        fill(primary.store(), "key:", 1000, 16);
        ReplicaClientImpl replica = cluster.replica("quiet-r", primary);
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);

        assertTrue(primary.server().disconnect(liveSession(primary).id()));
        Poll.until(
                "the replica is back and streaming",
                SHORT,
                () -> replica.status().reconnects() >= 1
                        && replica.state() == ReplicaState.STREAMING
                        && replica.status().lastError() == null,
                () -> describe(replica) + " sessions " + primary.server().sessions());
        assertEquals(1, replica.status().snapshotsLoaded());
        replica.reconnect();
        Poll.until(
                "the replica is back and streaming after its own reconnect",
                SHORT,
                () -> replica.status().reconnects() >= 2 && replica.state() == ReplicaState.STREAMING,
                () -> describe(replica));
        primary.store().set(bytes("after"), bytes("quiet"));
        awaitConverged(primary, replica);
    }

    @Test
    void aRestartedReplicaBootstrapsAgain() throws Exception {
        PrimaryNode primary = cluster.primary("restart", c -> c.backlogBytes(16 * 1024));
        fill(primary.store(), "key:", 10_000, 30);
        ReplicaClientImpl first = cluster.replica("restart-r", primary);
        awaitConverged(primary, first);
        cluster.stop(first);
        assertEquals(ReplicaState.STOPPED, first.state());

        randomOps(primary.store(), "key:", 5, 5000, 12_000);
        ReplicaClientImpl second = cluster.replica("restart-r", primary);
        randomOps(primary.store(), "key:", 6, 5000, 12_000);
        awaitConverged(primary, second);
        assertEquals("snapshot", second.lastBootstrap().label(), describe(second));
        assertEquals(1, second.status().snapshotsLoaded());
        assertTrue(primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT) >= 2);
        Poll.until(
                "the first replica's session is gone",
                SHORT,
                () -> primary.server().sessions().size() == 1,
                () -> primary.server().sessions());
    }

    @Test
    void anEmptyPrimaryBootstrapsByAnEmptySnapshot() throws Exception {
        PrimaryNode primary = cluster.primary("empty");
        ReplicaClientImpl replica = cluster.replica("empty-r", primary);
        awaitState(replica, ReplicaState.STREAMING);
        Map<FrameKind, Long> frames = replica.framesReceived();
        assertEquals(1L, frames.get(FrameKind.SNAPSHOT_BEGIN));
        assertEquals(1L, frames.get(FrameKind.SNAPSHOT_CHUNK), "exactly one empty chunk");
        assertEquals(1L, frames.get(FrameKind.SNAPSHOT_END));
        assertEquals(0, replica.store().size());
        primary.store().set(bytes("first"), bytes("write"));
        awaitConverged(primary, replica);
        assertEquals(1, replica.store().size());
    }

    static ReplicaSessionInfo liveSession(PrimaryNode primary) {
        Poll.until(
                "one live session",
                SHORT,
                () -> primary.server().sessions().stream().anyMatch(s -> s.state() == SessionState.LIVE),
                () -> primary.server().sessions());
        return primary.server().sessions().stream()
                .filter(s -> s.state() == SessionState.LIVE)
                .findFirst()
                .orElseThrow();
    }
}
