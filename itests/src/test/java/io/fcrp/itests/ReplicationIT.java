package io.fcrp.itests;

import static io.fcrp.itests.Stores.contents;
import static io.fcrp.itests.Stores.key;
import static io.fcrp.itests.Stores.text;
import static io.fcrp.itests.Stores.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import io.fcrp.api.Entry;
import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.Snapshot;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.SnapshotStats;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.testkit.Poll;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/** Data written by a bundle through the store service reaches a replica configured through Config Admin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReplicationIT extends FcrpKarafTestSupport {

    @Test
    public void writesOfABundleReachTheReplicaThroughSnapshotThenLiveStream() throws Exception {
        int port = freePort();
        primary("repl-p", "bind.addr", loopback(port), "shard.count", 8);
        KeyValueStore store = service(KeyValueStore.class, "repl-p");
        ReplicationPrimary primary = service(ReplicationPrimary.class, "repl-p");
        long later = System.currentTimeMillis() + 3_600_000L;

        // written before any replica exists: only a snapshot can carry them
        for (int i = 0; i < 2000; i++) {
            if (i % 10 == 0) {
                store.set(key(i), value(i), later);
            } else {
                store.set(key(i), value(i));
            }
        }
        for (int i = 0; i < 2000; i += 7) {
            store.delete(key(i));
        }

        replica("repl-r", "replica.of", loopback(port), "local.shards", 4);
        ReplicaClient client = service(ReplicaClient.class, "repl-r");
        KeyValueView view = service(KeyValueView.class, "repl-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
        assertEquals("bootstrapped from a snapshot", 1, client.status().snapshotsLoaded());

        // live writes after the bootstrap: sets, deletes and expiry changes
        for (int i = 2000; i < 3000; i++) {
            store.set(key(i), value(i));
        }
        for (int i = 1; i < 3000; i += 11) {
            store.delete(key(i));
        }
        store.expireAt(key(2001), later);
        store.persist(key(10));

        Poll.until(
                "the replica holds what the primary holds",
                TIMEOUT,
                () -> contents(view).equals(contents(store))
                        && client.status().localWatermarks().equals(primary.currentWatermarks()));
        assertEquals(contents(store).size(), view.size());
        Entry expiring = view.getEntry(key(20));
        assertEquals(later, expiring.expireAtMs());
        assertFalse(view.getEntry(key(10)).hasExpiry());
        assertNull(view.get(key(7)));
        assertEquals(text(value(2999)), text(view.get(key(2999))));

        ReplicationServer server = service(ReplicationServer.class, "repl-p");
        assertEquals(1L, server.metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT));
        assertEquals(0L, server.metrics().get(Metric.CATCH_UP_BACKLOG_COUNT));

        // a reconnect resumes from the replica's watermarks: the backlog serves it, no second snapshot
        client.reconnect();
        store.set(key(5000), value(5000));
        Poll.until(
                "caught up from the backlog",
                TIMEOUT,
                () -> server.metrics().get(Metric.CATCH_UP_BACKLOG_COUNT) == 1
                        && client.state() == ReplicaState.STREAMING
                        && view.get(key(5000)) != null);
        assertEquals(1, client.status().snapshotsLoaded());
        assertEquals(contents(store), contents(view));
    }

    @Test
    public void anApplicationsOwnStoreIsServedByInstanceName() throws Exception {
        int originPort = freePort();
        int mirrorPort = freePort();
        primary("origin", "bind.addr", loopback(originPort));
        KeyValueStore store = service(KeyValueStore.class, "origin");
        for (int i = 0; i < 300; i++) {
            store.set(key(i), value(i));
        }

        // an external-store primary opens nothing until its two services are published
        primary("mirror", "store", "external", "bind.addr", loopback(mirrorPort));
        Poll.until("mirror's MBean", TIMEOUT, () -> MBEANS.isRegistered(FcrpObjectNames.replicationPrimary("mirror")));
        assertEquals("external", MBEANS.getAttribute(FcrpObjectNames.replicationPrimary("mirror"), "Store"));
        assertEquals(false, MBEANS.getAttribute(FcrpObjectNames.replicationPrimary("mirror"), "Serving"));
        assertFalse(accepts(mirrorPort));
        assertFalse(MBEANS.isRegistered(FcrpObjectNames.snapshotProvider("mirror")));

        // "the application": this bundle publishes a ReplicationPrimary and its own SnapshotProvider as "mirror"
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(FcrpServices.INSTANCE, "mirror");
        CountingSnapshots snapshots = new CountingSnapshots(service(SnapshotProvider.class, "origin"));
        ServiceRegistration<ReplicationPrimary> primaryRegistration = bundleContext.registerService(
                ReplicationPrimary.class, service(ReplicationPrimary.class, "origin"), properties);
        ServiceRegistration<SnapshotProvider> snapshotRegistration =
                bundleContext.registerService(SnapshotProvider.class, snapshots, properties);
        try {
            awaitListening(mirrorPort);
            Poll.until(
                    "its SnapshotProvider MBean",
                    TIMEOUT,
                    () -> MBEANS.isRegistered(FcrpObjectNames.snapshotProvider("mirror")));

            replica("mirror-r", "replica.of", loopback(mirrorPort));
            KeyValueView view = service(KeyValueView.class, "mirror-r");
            store.set(key(1000), value(1000));
            Poll.until(
                    "the replica of the external store has the data",
                    TIMEOUT,
                    () -> contents(view).equals(contents(store)));
            assertEquals("the application's snapshot provider served the bootstrap", 1, snapshots.taken.get());

            // withdrawing one of the two services stops serving
            snapshotRegistration.unregister();
            snapshotRegistration = null;
            awaitClosed(mirrorPort);
            Poll.until(
                    "its SnapshotProvider MBean gone",
                    TIMEOUT,
                    () -> !MBEANS.isRegistered(FcrpObjectNames.snapshotProvider("mirror")));
            assertEquals(false, MBEANS.getAttribute(FcrpObjectNames.replicationPrimary("mirror"), "Serving"));
            // the embedded primary it mirrored serves on
            assertEquals(true, accepts(originPort));
        } finally {
            if (snapshotRegistration != null) {
                snapshotRegistration.unregister();
            }
            primaryRegistration.unregister();
        }
    }

    /** An application's snapshot provider: counts the snapshots it is asked for. */
    static final class CountingSnapshots implements SnapshotProvider {
        final AtomicInteger taken = new AtomicInteger();
        private final SnapshotProvider store;

        CountingSnapshots(SnapshotProvider store) {
            this.store = store;
        }

        @Override
        public Snapshot snapshot() {
            taken.incrementAndGet();
            return store.snapshot();
        }

        @Override
        public SnapshotStats stats() {
            return store.stats();
        }
    }
}
