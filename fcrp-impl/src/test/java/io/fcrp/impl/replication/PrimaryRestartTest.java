package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.Batcher;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.ReplicationServerImpl;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.StoreDigest;

/**
 * A primary restarts on the same port with other data: the replica must end with exactly the new
 * primary's data and never show a mix of both (design.md: no silent divergence).
 */
class PrimaryRestartTest extends ReplicationTestBase {

    @Test
    void aRestartedPrimaryWithATimeDerivedBaseIsReloadedBySnapshot() throws Exception {
        PrimaryNode a = cluster.primary("a");
        int port = a.port();
        writeData(a.store(), "a:", "from A");
        ReplicaClientImpl replica = cluster.replica("restart-r", a);
        awaitConverged(a, replica);
        long snapshotsBefore = replica.status().snapshotsLoaded();

        try (MixObserver observer = new MixObserver(replica)) {
            cluster.stop(a);
            PrimaryNode b = cluster.primary("b", c -> c.bindAddress("127.0.0.1:" + port));
            assertEquals(port, b.port());
            writeData(b.store(), "b:", "from B");
            awaitConverged(b, replica);
            randomOps(b.store(), "b:", 3, 2000, 3000); // and it follows B live
            awaitConverged(b, replica);
            observer.assertNoMix();
            assertEquals(StoreDigest.of(b.store()).hex(), StoreDigest.of(replica.store()).hex());
            assertTrue(keysOf(replica.store()).stream().noneMatch(k -> k.startsWith("a:")));
            assertArrayEquals(bytes("from B"), replica.store().get(bytes("shared:7")));
            assertEquals(snapshotsBefore + 1, replica.status().snapshotsLoaded(),
                    "B's data arrived as a snapshot: " + describe(replica));
            assertEquals("snapshot", replica.lastBootstrap());
        }
    }

    /**
     * A primary whose sequences restart low (as the reference's do, from 1) is detected by the
     * replica from the Hello acknowledgement: it discards its data and starts over from zero.
     */
    @Test
    void aRestartedPrimaryWithLowerSequencesIsDetectedByTheReplica() throws Exception {
        PrimaryNode a = cluster.primary("a");
        int port = a.port();
        writeData(a.store(), "a:", "from A");
        ReplicaClientImpl replica = cluster.replica("restart-r", a);
        awaitConverged(a, replica);

        try (MixObserver observer = new MixObserver(replica)) {
            cluster.stop(a);
            LowBasePrimary b = cluster.track(new LowBasePrimary("b-low", port));
            writeData(b.store, "b:", "from B");
            b.batcher.flush();
            Await.until("the replica detects the restart", CONVERGE, () -> replica.status().watermarkRegressions() >= 1,
                    () -> describe(replica));
            Await.until("the replica holds exactly B's data", CONVERGE, () -> {
                b.batcher.flush();
                return StoreDigest.of(b.store).hex().equals(StoreDigest.of(replica.store()).hex());
            }, () -> describe(replica) + " primary " + StoreDigest.of(b.store));
            observer.assertNoMix();
            assertTrue(keysOf(replica.store()).stream().noneMatch(k -> k.startsWith("a:")));
            assertArrayEquals(bytes("from B"), replica.store().get(bytes("shared:7")));
            awaitState(replica, ReplicaState.STREAMING);
            b.store.set(bytes("b:after"), bytes("live"));
            b.batcher.flush();
            Await.until("B's live writes arrive", SHORT, () -> replica.store().get(bytes("b:after")) != null,
                    () -> describe(replica));
        }
    }

    private static void writeData(EmbeddedStore store, String prefix, String shared) {
        fill(store, prefix, 3000, 24);
        for (int i = 0; i < 100; i++) {
            store.set(bytes("shared:" + i), bytes(shared));
        }
        for (int i = 0; i < 3000; i += 7) {
            store.delete(bytes(prefix + i));
        }
    }

    /** A primary assembled by hand with sequence base 0, like a reference primary after a restart. */
    private static final class LowBasePrimary implements AutoCloseable {
        final Batcher batcher;
        final EmbeddedStore store;
        final ReplicationServerImpl server;

        LowBasePrimary(String name, int port) throws Exception {
            PrimaryConfig config = Cluster.primaryConfig().bindAddress("127.0.0.1:" + port).build();
            batcher = new Batcher(name, config, 0);
            store = new EmbeddedStore(name, config.shardCount(), 0, batcher, System::currentTimeMillis);
            ReplicationServerImpl started;
            try {
                started = ReplicationServerImpl.start(name, config, batcher, store);
            } catch (Exception e) {
                store.close();
                batcher.close();
                throw e;
            }
            server = started;
        }

        @Override
        public void close() {
            server.shutdown();
            batcher.close();
            store.close();
        }
    }

    /** Watches the replica store from another thread and remembers any view holding keys of both primaries. */
    private static final class MixObserver implements AutoCloseable {
        private final Thread thread;
        private final AtomicReference<String> mix = new AtomicReference<>();
        private final AtomicLong views = new AtomicLong();
        private volatile boolean stop;

        MixObserver(ReplicaClientImpl replica) {
            thread = new Thread(() -> {
                while (!stop) {
                    List<String> keys = keysOf(replica.store());
                    boolean a = keys.stream().anyMatch(k -> k.startsWith("a:"));
                    boolean b = keys.stream().anyMatch(k -> k.startsWith("b:"));
                    if (a && b) {
                        mix.compareAndSet(null, "view " + views.get() + " holds keys of A and B: " + describe(replica));
                    }
                    views.incrementAndGet();
                    LockSupport.parkNanos(200_000);
                }
            }, "test-mix-observer");
            thread.setDaemon(true);
            thread.start();
        }

        void assertNoMix() {
            assertNull(mix.get());
            assertTrue(views.get() > 0);
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }
}
