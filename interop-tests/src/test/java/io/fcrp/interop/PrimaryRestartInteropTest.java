package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Metric;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A primary restarts on the same port with other data, and the replica of the other
 * implementation must end with exactly the new primary's data, never a mix of both.
 */
class PrimaryRestartInteropTest {

    /**
     * Java primary, reference replica: the restarted Java primary's sequences start from a later
     * time-derived base, so the reference replica's old watermarks are not a prefix of its backlog
     * and it is sent a snapshot, which replaces all its data.
     */
    @Test
    void restartedJavaPrimaryReplacesTheReferenceReplicaData() throws Exception {
        int port;
        try (PrimaryNode first = PrimaryNode.start(
                "first", JavaPrimaryRustReplicaTest.config("none").build())) {
            port = first.port();
            new JavaLoad(first.store(), 10, 20_000).fill(10_000, 48);
            try (RefPeer replica = JavaPrimaryRustReplicaTest.rustReplica(ReferenceCrate.SHARDMAP_0_1_0, port, null)) {
                JavaPrimaryRustReplicaTest.converge(first, replica);
                first.close();
                try (PrimaryNode second = PrimaryNode.start(
                        "second",
                        JavaPrimaryRustReplicaTest.config("none")
                                .bindAddress("127.0.0.1:" + port)
                                .build())) {
                    JavaLoad load = new JavaLoad(second.store(), 20, 4_000);
                    load.fill(2_000, 48);
                    load.mutate(3_000);
                    JavaPrimaryRustReplicaTest.converge(second, replica);
                    assertTrue(
                            second.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT) >= 1,
                            "the reference replica was re-bootstrapped by a snapshot");
                }
            }
        }
    }

    /**
     * Reference primary, Java replica: the restarted reference primary's sequences start again at
     * 1, below the Java replica's watermarks; the Java replica notices it in the Hello
     * acknowledgement and bootstraps afresh with zero watermarks. The reference primary, which
     * never trimmed its backlog, answers that with a backlog replay, not a snapshot: the replica
     * stages the replay and swaps it in whole, so no reader ever sees old and new data mixed.
     */
    @Test
    void restartedReferencePrimaryIsDetectedAndItsBacklogReplayReplacesTheDataWithoutAMix() throws Exception {
        RefPeer first = RefPeer.start("primary", "--bind", "127.0.0.1:0", "--keys", "8000", "--seed", "1");
        int port = first.awaitReady();
        ReplicaClientImpl replica =
                ReplicaClientImpl.start("interop", RustPrimaryJavaReplicaTest.replicaTo(port, null));
        Set<Long> sizesSeen = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(
                () -> {
                    while (watching.get()) {
                        sizesSeen.add(replica.store().size());
                        LockSupport.parkNanos(100_000);
                    }
                },
                "test-size-watcher");
        try {
            RustPrimaryJavaReplicaTest.converge(first, replica);
            assertEquals("BYE", first.command("quit"));
            first.close();
            watcher.start();
            try (RefPeer second =
                    RefPeer.start("primary", "--bind", "127.0.0.1:" + port, "--keys", "1000", "--seed", "2")) {
                second.awaitReady();
                RustPrimaryJavaReplicaTest.converge(second, replica);
                assertEquals(1, replica.status().watermarkRegressions(), "the restart was detected once");
                assertEquals(1000, StoreDigest.of(replica.store()).liveKeys(), "only the new primary's keys");
                assertEquals("backlog", replica.lastBootstrap().label(), "the reference primary replayed its backlog");
                assertEquals(1, replica.status().dataReplacements());
            }
        } finally {
            watching.set(false);
            if (watcher.isAlive()) {
                watcher.join(10_000);
            }
            replica.shutdown();
            first.close();
        }
        assertEquals(Set.of(8000L, 1000L), sizesSeen, "readers saw the old data or the new, nothing between");
    }

    /**
     * Reference primary, Java replica, where v1 cannot tell: the restarted reference primary has
     * written more in every shard than the replica had applied, so its watermarks look like a
     * continuation. This documents the limit of v1 (spec §12 Q5): the Java replica is then told
     * only the mutations above its old watermarks.
     */
    @Test
    void referencePrimaryRestartThatLooksLikeAContinuationIsNotDetectable() throws Exception {
        RefPeer first = RefPeer.start("primary", "--bind", "127.0.0.1:0", "--keys", "200", "--seed", "1");
        int port = first.awaitReady();
        ReplicaClientImpl replica =
                ReplicaClientImpl.start("interop", RustPrimaryJavaReplicaTest.replicaTo(port, null));
        try {
            RustPrimaryJavaReplicaTest.converge(first, replica);
            first.command("quit");
            first.close();
            try (RefPeer second =
                    RefPeer.start("primary", "--bind", "127.0.0.1:" + port, "--keys", "5000", "--seed", "3")) {
                second.awaitReady();
                String expected = second.command("digest").split(" ")[1];
                Poll.until(
                        "the replica to reconnect and catch up",
                        Duration.ofSeconds(60),
                        () -> !replica.status()
                                        .localWatermarks()
                                        .anyAbove(replica.status().primaryWatermarks())
                                && replica.status().reconnects() >= 1
                                && replica.status().localWatermarks().equals(watermarks(second)),
                        () -> replica.status().localWatermarks() + " vs "
                                + replica.status().primaryWatermarks());
                assertEquals(0, replica.status().watermarkRegressions());
                assertTrue(
                        !StoreDigest.of(replica.store()).hex().equals(expected),
                        "v1 has no primary identity: this restart is indistinguishable from a continuation");
                replica.resync();
                RustPrimaryJavaReplicaTest.converge(second, replica);
            }
        } finally {
            replica.shutdown();
            first.close();
        }
    }

    private static io.fcrp.api.ShardWatermarks watermarks(RefPeer primary) {
        try {
            String[] values = primary.command("watermarks")
                    .substring("WATERMARKS ".length())
                    .split(",");
            long[] parsed = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                parsed[i] = Long.parseUnsignedLong(values[i].trim());
            }
            return io.fcrp.api.ShardWatermarks.of(parsed);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
