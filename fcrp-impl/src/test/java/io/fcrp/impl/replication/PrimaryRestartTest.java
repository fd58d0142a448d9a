package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.impl.jmx.ReplicaClientMBeanImpl;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.SnapshotFileWriter;
import io.fcrp.impl.persist.SnapshotSaver;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.Batcher;
import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.ReplicationServerImpl;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.impl.store.StoreSnapshot;
import io.fcrp.testkit.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary restarts on the same port: with other data (no persistence, or a crash that lost
 * writes) the replica must end with exactly the new primary's data, never a mix of both, and say
 * so loudly (design.md: no silent divergence); with its data reloaded, the replica catches up.
 */
class PrimaryRestartTest extends ReplicationTestBase {

    /**
     * Without persistence a restarted primary is empty and numbers from a new base: its replicas
     * get its snapshot, which replaces their data; that is loud (WARN, notification, count).
     */
    @Test
    void aPrimaryRestartedWithoutPersistenceReplacesTheReplicasDataLoudly() throws Exception {
        PrimaryNode a = cluster.primary("a");
        int port = a.port();
        writeData(a.store(), "a:", "from A");
        ReplicaClientImpl replica = cluster.replica("restart-r", a);
        awaitConverged(a, replica);
        long entriesBefore = replica.store().size();
        long snapshotsBefore = replica.status().snapshotsLoaded();
        ReplicaClientMBeanImpl mbean = new ReplicaClientMBeanImpl("restart-r", replica);
        replica.addEventListener(mbean);
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        mbean.addNotificationListener(
                (notification, handback) -> notifications.add(notification),
                notification -> ReplicaClientMBean.DATA_REPLACED.equals(notification.getType()),
                null);

        try (MixObserver observer = new MixObserver(replica);
                LogCapture log = new LogCapture()) {
            cluster.stop(a);
            PrimaryNode b = cluster.primary("b", c -> c.bindAddress("127.0.0.1:" + port));
            assertEquals(port, b.port());
            writeData(b.store(), "b:", "from B");
            awaitConverged(b, replica);
            randomOps(b.store(), "b:", 3, 2000, 3000); // and it follows B live
            awaitConverged(b, replica);
            observer.assertNoMix();
            assertEquals(
                    StoreDigest.of(b.store()).hex(),
                    StoreDigest.of(replica.store()).hex());
            assertTrue(keysOf(replica.store()).stream().noneMatch(k -> k.startsWith("a:")));
            assertArrayEquals(bytes("from B"), replica.store().get(bytes("shared:7")));
            assertTrue(
                    replica.status().snapshotsLoaded() > snapshotsBefore,
                    "B's data arrived as a snapshot: " + describe(replica));

            assertEquals(1, replica.status().dataReplacements(), describe(replica));
            assertEquals(1, mbean.getDataReplacements());
            assertEquals(1, notifications.size());
            Notification replaced = notifications.get(0);
            assertEquals(ReplicaClientMBean.DATA_REPLACED, replaced.getType());
            CompositeData data = (CompositeData) replaced.getUserData();
            assertEquals(entriesBefore, data.get("entriesBefore"));
            assertEquals("127.0.0.1:" + port, data.get("upstream"));
            List<String> warnings = log.lines(
                    "WARN",
                    "its data was replaced in bulk by a snapshot from 127.0.0.1:" + port + ": " + entriesBefore
                            + " entries before, " + data.get("entriesAfter") + " after");
            assertEquals(1, warnings.size(), "one WARN with the entries before and after");
        }
    }

    /**
     * With persistence a primary stopped cleanly reloads its data and continues its sequences: its
     * replica catches up from where it was, without a snapshot, and never loses its data meanwhile.
     */
    @Test
    void aPrimaryRestartedWithPersistenceIsCaughtUpFromWhereItStoppedAndNothingIsWiped(@TempDir Path dir)
            throws Exception {
        PrimaryConfig config = Cluster.primaryConfig().build();
        PrimaryNode a = cluster.primary("a", config, StoreFiles.openPrimary("a", config, savedIn(dir)));
        int port = a.port();
        writeData(a.store(), "a:", "from A");
        ReplicaClientImpl replica = cluster.replica("persist-r", a);
        awaitConverged(a, replica);
        long snapshotsBefore = replica.status().snapshotsLoaded();
        String digestBefore = StoreDigest.of(a.store()).hex();

        try (MixObserver observer = new MixObserver(replica)) {
            cluster.stop(a); // a clean stop: the file and its watermarks are the last thing any replica got
            PrimaryConfig samePort =
                    Cluster.primaryConfig().bindAddress("127.0.0.1:" + port).build();
            PrimaryNode restarted = cluster.primary("a", samePort, StoreFiles.openPrimary("a", samePort, savedIn(dir)));
            assertEquals(digestBefore, StoreDigest.of(restarted.store()).hex(), "the primary reloaded its data");
            restarted.store().set(bytes("a:after-restart"), bytes("live"));
            randomOps(restarted.store(), "a:", 5, 500, 3000);
            awaitConverged(restarted, replica);
            observer.assertNoMixNorGap();
        }
        assertArrayEquals(bytes("live"), replica.store().get(bytes("a:after-restart")));
        assertEquals(snapshotsBefore, replica.status().snapshotsLoaded(), "no snapshot: " + describe(replica));
        assertEquals(0, replica.status().dataReplacements());
        assertEquals(0, replica.status().watermarkRegressions());
    }

    /**
     * A primary that crashed lost the writes made after its last saved file, which its replica
     * holds: reloaded, it numbers from a new base, so the replica gets a snapshot of what the
     * primary really holds instead of keeping writes the primary no longer has.
     */
    @Test
    void aReplicaAheadOfACrashedPrimarysLastFileGetsASnapshotNeverAMix(@TempDir Path dir) throws Exception {
        PrimaryConfig config = Cluster.primaryConfig().build();
        EmbeddedPrimary crashing = StoreFiles.openPrimary("a", config, savedIn(dir));
        PrimaryNode a = cluster.primary("a", config, crashing);
        int port = a.port();
        writeData(a.store(), "a:", "from A");
        try (StoreSnapshot snapshot = a.store().snapshot()) { // a periodic save while serving
            SnapshotFileWriter.write(snapshot, dir.resolve(StoreFiles.SAVED));
        }
        fill(a.store(), "lost:", 200, 16);
        ReplicaClientImpl replica = cluster.replica("ahead-r", a);
        awaitConverged(a, replica);
        assertTrue(replica.store().get(bytes("lost:7")) != null);

        ((SnapshotSaver) crashing.closeFirst(null)).stop(); // the crash: nothing is saved at the stop
        cluster.stop(a);
        PrimaryConfig samePort =
                Cluster.primaryConfig().bindAddress("127.0.0.1:" + port).build();
        PrimaryNode reloaded = cluster.primary("a", samePort, StoreFiles.openPrimary("a", samePort, savedIn(dir)));
        assertNull(reloaded.store().get(bytes("lost:7")), "written after the last save: lost");
        Poll.until(
                "the replica holds exactly what the reloaded primary holds",
                CONVERGE,
                () -> StoreDigest.of(reloaded.store())
                        .hex()
                        .equals(StoreDigest.of(replica.store()).hex()),
                () -> describe(replica));
        assertNull(replica.store().get(bytes("lost:7")));
        assertEquals(1, replica.status().dataReplacements(), describe(replica));
        reloaded.store().set(bytes("a:live"), bytes("after"));
        awaitConverged(reloaded, replica);
    }

    /**
     * A primary whose sequences restart low (as the reference's do, from 1) is detected by the
     * replica from the Hello acknowledgement: it bootstraps afresh with zero watermarks.
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
            Poll.until(
                    "the replica detects the restart",
                    CONVERGE,
                    () -> replica.status().watermarkRegressions() >= 1,
                    () -> describe(replica));
            Poll.until(
                    "the replica holds exactly B's data",
                    CONVERGE,
                    () -> {
                        b.batcher.flush();
                        return StoreDigest.of(b.store)
                                .hex()
                                .equals(StoreDigest.of(replica.store()).hex());
                    },
                    () -> describe(replica) + " primary " + StoreDigest.of(b.store));
            observer.assertNoMix();
            assertTrue(keysOf(replica.store()).stream().noneMatch(k -> k.startsWith("a:")));
            assertArrayEquals(bytes("from B"), replica.store().get(bytes("shared:7")));
            awaitState(replica, ReplicaState.STREAMING);
            b.store.set(bytes("b:after"), bytes("live"));
            b.batcher.flush();
            Poll.until(
                    "B's live writes arrive",
                    SHORT,
                    () -> replica.store().get(bytes("b:after")) != null,
                    () -> describe(replica));
        }
    }

    private static PersistenceConfig savedIn(Path dir) {
        return PersistenceConfig.snapshot(dir, 0, PersistenceConfig.OnCorrupt.REFUSE);
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
            PrimaryConfig config =
                    Cluster.primaryConfig().bindAddress("127.0.0.1:" + port).build();
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
}
