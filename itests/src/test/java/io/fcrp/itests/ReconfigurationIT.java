package io.fcrp.itests;

import static io.fcrp.itests.Stores.bytes;
import static io.fcrp.itests.Stores.contents;
import static io.fcrp.itests.Stores.key;
import static io.fcrp.itests.Stores.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/** Config Admin changes at runtime: in place where possible, restarts where needed, rejections that keep the old. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReconfigurationIT extends FcrpKarafTestSupport {

    @Test
    public void movedBindAddressClosesTheOldPortAndARepointedReplicaFollows() throws Exception {
        int first = freePort();
        int second = freePort();
        Configuration primary = primary("move-p", "bind.addr", loopback(first));
        Configuration replica = replica("move-r", "replica.of", loopback(first));
        KeyValueStore store = service(KeyValueStore.class, "move-p");
        KeyValueView firstView = service(KeyValueView.class, "move-r");
        for (int i = 0; i < 100; i++) {
            store.set(key(i), value(i));
        }
        Poll.until(
                "replica has the first writes",
                TIMEOUT,
                () -> contents(firstView).equals(contents(store)));

        update(primary, "bind.addr", loopback(second));
        awaitClosed(first);
        awaitListening(second);
        Poll.until(
                "the ReplicationServer service tells the new address",
                TIMEOUT,
                () -> references(ReplicationServer.class, "move-p").stream()
                        .anyMatch(ref -> loopback(second).equals(ref.getProperty(FcrpServices.LISTEN_ADDRESS))));
        assertEquals("the store kept its data", 100, store.size());
        assertEquals(
                loopback(second), MBEANS.getAttribute(FcrpObjectNames.replicationPrimary("move-p"), "ListenAddress"));

        for (int i = 100; i < 200; i++) {
            store.set(key(i), value(i));
        }
        update(replica, "replica.of", loopback(second));
        ReplicaClient client = Poll.await("the re-pointed replica", TIMEOUT, () -> {
            ReplicaClient candidate = findService(ReplicaClient.class, "move-r");
            return candidate != null && loopback(second).equals(candidate.upstream()) ? candidate : null;
        });
        KeyValueView view = service(KeyValueView.class, "move-r");
        Poll.until(
                "re-pointed replica streams every write",
                TIMEOUT,
                () -> client.state() == ReplicaState.STREAMING && contents(view).equals(contents(store)));
        assertEquals(200, view.size());
    }

    @Test
    public void aReplicaChangeThatKeepsItsPrimaryKeepsItsData() throws Exception {
        int port = freePort();
        primary("keep-p", "bind.addr", loopback(port));
        Configuration replica = replica("keep-r", "replica.of", loopback(port));
        KeyValueStore store = service(KeyValueStore.class, "keep-p");
        for (int i = 0; i < 100; i++) {
            store.set(key(i), value(i));
        }
        ReplicaClient before = service(ReplicaClient.class, "keep-r");
        Poll.until(
                "replica has the first writes",
                TIMEOUT,
                () -> contents(service(KeyValueView.class, "keep-r")).equals(contents(store)));
        assertEquals(1, before.status().snapshotsLoaded());

        update(replica, "replica.of", loopback(port), "reconnect.backoff.ms", 300);
        ReplicaClient after = Poll.await("the restarted replica", TIMEOUT, () -> {
            ReplicaClient candidate = findService(ReplicaClient.class, "keep-r");
            return candidate != null && candidate != before ? candidate : null;
        });
        for (int i = 100; i < 150; i++) {
            store.set(key(i), value(i));
        }
        Poll.until(
                "the restarted replica streams every write",
                TIMEOUT,
                () -> after.state() == ReplicaState.STREAMING
                        && contents(service(KeyValueView.class, "keep-r")).equals(contents(store)));
        assertEquals(
                "it kept its store and needed no snapshot", 0, after.status().snapshotsLoaded());
    }

    @Test
    public void compressionAndBatchingChangeInPlaceWithoutLosingData() throws Exception {
        int port = freePort();
        Configuration primary = primary("zip-p", "bind.addr", loopback(port), "batch.max.records", 64);
        replica("zip-r", "replica.of", loopback(port));
        KeyValueStore store = service(KeyValueStore.class, "zip-p");
        ReplicationPrimary replication = service(ReplicationPrimary.class, "zip-p");
        ReplicaClient client = service(ReplicaClient.class, "zip-r");
        KeyValueView view = service(KeyValueView.class, "zip-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);

        // a writer keeps going while the settings change under it
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(
                () -> {
                    int i = 0;
                    while (!stop.get()) {
                        store.set(key(i % 4000), bytes("v" + i + "-" + "abc".repeat(60)));
                        if (i % 13 == 0) {
                            store.delete(key((i * 7) % 4000));
                        }
                        i++;
                        written.set(i);
                        if (i % 200 == 0) {
                            try {
                                TimeUnit.MILLISECONDS.sleep(1); // paces the writer, no synchronisation
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                },
                "zip-writer");
        writer.start();
        try {
            reconfigure(
                    primary,
                    written,
                    "compression none → zstd",
                    "bind.addr",
                    loopback(port),
                    "batch.max.records",
                    64,
                    "compression",
                    "zstd",
                    "zstd.level",
                    5);
            reconfigure(
                    primary,
                    written,
                    "batch.max.records 64 → 1000",
                    "bind.addr",
                    loopback(port),
                    "batch.max.records",
                    1000,
                    "batch.max.delay.us",
                    5000,
                    "compression",
                    "zstd",
                    "zstd.level",
                    5);
            reconfigure(
                    primary,
                    written,
                    "send.policy batch → immediate",
                    "bind.addr",
                    loopback(port),
                    "batch.max.records",
                    1000,
                    "batch.max.delay.us",
                    5000,
                    "compression",
                    "zstd",
                    "zstd.level",
                    5,
                    "send.policy",
                    "immediate");
            reconfigure(
                    primary,
                    written,
                    "compression zstd → none",
                    "bind.addr",
                    loopback(port),
                    "send.policy",
                    "batch",
                    "backlog.bytes",
                    1048576);
        } finally {
            stop.set(true);
            writer.join();
        }
        Poll.until(
                "the replica holds exactly what the primary holds",
                TIMEOUT,
                () -> contents(view).equals(contents(store))
                        && client.status().localWatermarks().equals(replication.currentWatermarks()));
        assertEquals(
                "no reconnect: every change was applied in place",
                0,
                client.status().reconnects());

        // zstd really compresses once switched on
        reconfigure(primary, null, "compression none → zstd", "bind.addr", loopback(port), "compression", "zstd");
        ReplicationMetrics before = replication.metrics();
        for (int i = 0; i < 500; i++) {
            store.set(key(10_000 + i), bytes("compressible-" + "abcd".repeat(100)));
        }
        replication.flush();
        ReplicationMetrics after = replication.metrics();
        long compressed = after.get(Metric.SENT_BYTES_COMPRESSED) - before.get(Metric.SENT_BYTES_COMPRESSED);
        long uncompressed = after.get(Metric.SENT_BYTES_UNCOMPRESSED) - before.get(Metric.SENT_BYTES_UNCOMPRESSED);
        assertTrue(compressed + " compressed bytes for " + uncompressed, compressed * 4 < uncompressed);
        Poll.until(
                "the replica decodes the zstd frames",
                TIMEOUT,
                () -> contents(view).equals(contents(store)));
    }

    @Test
    public void invalidValuesAreRejectedAndTheRunningInstancesKeepTheirSettings() throws Exception {
        expectLogError("FCRP primary: configuration io.fcrp.primary~bad-p rejected");
        expectLogError("FCRP replica: configuration io.fcrp.replica~bad-r rejected");
        expectLogError("FCRP primary: configuration io.fcrp.primary~bad-new rejected");
        expectLogError("FCRP primary 'bad-p': configuration rejected");
        int port = freePort();
        Configuration primary = primary("bad-p", "bind.addr", loopback(port), "auth.token", "s3cret");
        Configuration replica = replica("bad-r", "replica.of", loopback(port), "auth.token", "s3cret");
        KeyValueStore store = service(KeyValueStore.class, "bad-p");
        ReplicaClient client = service(ReplicaClient.class, "bad-r");
        KeyValueView view = service(KeyValueView.class, "bad-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);

        rejected(
                primary,
                "configuration io.fcrp.primary~bad-p rejected: auth.token must not be empty: leave it unset "
                        + "for no token; the primary keeps running with its previous settings",
                "bind.addr",
                loopback(port),
                "auth.token",
                "");
        rejected(
                primary,
                "rejected: shard.count must be a whole number, not 'sixteen'",
                "bind.addr",
                loopback(port),
                "auth.token",
                "s3cret",
                "shard.count",
                "sixteen");
        rejected(
                primary,
                "rejected: shard.count must be a power of two between 1 and 65536, not 12",
                "bind.addr",
                loopback(port),
                "auth.token",
                "s3cret",
                "shard.count",
                "12");
        rejected(
                primary,
                "rejected: compression must be none or zstd, not 'lz4'",
                "bind.addr",
                loopback(port),
                "auth.token",
                "s3cret",
                "compression",
                "lz4");
        rejected(
                primary,
                "rejected: bind.addr must be host:port, not 'nowhere'",
                "bind.addr",
                "nowhere",
                "auth.token",
                "s3cret");
        rejected(
                primary,
                "rejected: batch.max.bytes must be between 64 and 67108864, not 10",
                "bind.addr",
                loopback(port),
                "auth.token",
                "s3cret",
                "batch.max.bytes",
                "10");
        rejected(
                primary,
                "rejected: zstd.level must be between -131072 and 22, not 99; snapshot.chunk.bytes must be "
                        + "between 4096 and 67108864, not 1; the primary keeps running",
                "bind.addr",
                loopback(port),
                "auth.token",
                "s3cret",
                "zstd.level",
                "99",
                "snapshot.chunk.bytes",
                "1");
        rejected(
                replica,
                "configuration io.fcrp.replica~bad-r rejected: replica.of is required; the replica keeps "
                        + "running with its previous settings",
                "auth.token",
                "s3cret");
        rejected(
                replica,
                "rejected: reconnect.backoff.max.ms must be at least reconnect.backoff.ms (200), not 10",
                "replica.of",
                loopback(port),
                "auth.token",
                "s3cret",
                "reconnect.backoff.max.ms",
                "10");
        // an address that cannot be bound: the old listener stays
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            rejected(
                    primary,
                    "FCRP primary 'bad-p': configuration rejected: replication primary bad-p failed to bind "
                            + loopback(taken.getLocalPort()),
                    "bind.addr",
                    loopback(taken.getLocalPort()),
                    "auth.token",
                    "s3cret");
        }

        // an unknown key is ignored with one WARN line that suggests the closest name; the rest applies
        int warned = logLinesWith("has properties no primary knows").size();
        update(primary, "bind.addr", loopback(port), "auth.token", "s3cret", "compresion", "zstd", "bogus.key", "1");
        Poll.until(
                "the WARN line",
                TIMEOUT,
                () -> logLinesWith(
                                        "FCRP primary: configuration io.fcrp.primary~bad-p has "
                                                + "properties no primary knows, ignored: bogus.key, compresion (did you mean compression?)")
                                .size()
                        > warned);

        // after all of it, the first settings still serve and replicate
        assertTrue(accepts(port));
        store.set(bytes("still"), bytes("here"));
        Poll.until("replication goes on", TIMEOUT, () -> view.get(bytes("still")) != null);
        assertEquals(ReplicaState.STREAMING, client.state());
        assertEquals(0, client.status().reconnects());

        // a new configuration that is invalid starts nothing
        primary("bad-new", "bind.addr", loopback(freePort()), "auth.token", "");
        Poll.until(
                "the rejection",
                TIMEOUT,
                () -> !logLinesWith("configuration io.fcrp.primary~bad-new rejected: "
                                + "auth.token must not be empty: leave it unset for no token; nothing was started")
                        .isEmpty());
        assertFalse(MBEANS.isRegistered(FcrpObjectNames.replicationPrimary("bad-new")));
        assertTrue(references(KeyValueStore.class, "bad-new").isEmpty());
    }

    /** Issue 8, finding 1: a renamed primary used to restart empty and only then be rejected, its data gone. */
    @Test
    public void aNameChangeToAReplicasNameIsRejectedAndThePrimaryKeepsServingItsData() throws Exception {
        expectLogError("configuration io.fcrp.primary~ren-p rejected: the instance name 'ren-r' is already used by "
                + "a replica");
        int port = freePort();
        Configuration primary = primary("ren-p", "bind.addr", loopback(port));
        replica("ren-r", "replica.of", loopback(port));
        KeyValueStore store = service(KeyValueStore.class, "ren-p");
        for (int i = 0; i < 100; i++) {
            store.set(key(i), value(i));
        }
        ReplicaClient client = service(ReplicaClient.class, "ren-r");
        KeyValueView view = service(KeyValueView.class, "ren-r");
        Poll.until(
                "the replica has the data",
                TIMEOUT,
                () -> client.state() == ReplicaState.STREAMING && contents(view).equals(contents(store)));

        rejected(
                primary,
                "configuration io.fcrp.primary~ren-p rejected: the instance name 'ren-r' is already used by "
                        + "a replica; the primary keeps running with its previous settings",
                "bind.addr",
                loopback(port),
                "name",
                "ren-r");

        assertEquals("the same store is still published", store, findService(KeyValueStore.class, "ren-p"));
        assertEquals(100, store.size());
        assertTrue("the port still serves", accepts(port));
        assertTrue(MBEANS.isRegistered(FcrpObjectNames.replicationPrimary("ren-p")));
        store.set(bytes("after"), bytes("rejection"));
        Poll.until("replication goes on", TIMEOUT, () -> view.get(bytes("after")) != null);
        assertEquals(0, client.status().reconnects());
    }

    @Test
    public void aReplicaRepointedToAnUnreachableAddressKeepsServingItsData() throws Exception {
        int port = freePort();
        int unreachable = freePort();
        primary("typo-p", "bind.addr", loopback(port));
        Configuration replica = replica("typo-r", "replica.of", loopback(port));
        KeyValueStore store = service(KeyValueStore.class, "typo-p");
        for (int i = 0; i < 100; i++) {
            store.set(key(i), value(i));
        }
        Poll.until(
                "replica has the writes",
                TIMEOUT,
                () -> contents(service(KeyValueView.class, "typo-r")).equals(contents(store)));

        update(replica, "replica.of", loopback(unreachable));
        ReplicaClient moved = Poll.await("the re-pointed replica", TIMEOUT, () -> {
            ReplicaClient candidate = findService(ReplicaClient.class, "typo-r");
            return candidate != null && loopback(unreachable).equals(candidate.upstream()) ? candidate : null;
        });
        Poll.until("it backs off", TIMEOUT, () -> moved.state() == ReplicaState.BACKING_OFF);
        assertEquals("it still serves every entry", contents(store), contents(service(KeyValueView.class, "typo-r")));
        assertTrue(moved.status().lastError(), moved.status().lastError().contains(loopback(unreachable)));

        update(replica, "replica.of", loopback(port));
        ReplicaClient back = Poll.await("the replica pointed back", TIMEOUT, () -> {
            ReplicaClient candidate = findService(ReplicaClient.class, "typo-r");
            return candidate != null && loopback(port).equals(candidate.upstream()) ? candidate : null;
        });
        Poll.until("it streams again", TIMEOUT, () -> back.state() == ReplicaState.STREAMING);
        assertEquals("its own primary again: no snapshot", 0, back.status().snapshotsLoaded());
    }

    @Test
    public void aPrimaryWithPersistenceReloadsItsDataWhenItsConfigurationComesBack() throws Exception {
        int port = freePort();
        Configuration primary = primary("saved-p", "bind.addr", loopback(port), "persistence", "snapshot");
        KeyValueStore store = service(KeyValueStore.class, "saved-p");
        for (int i = 0; i < 100; i++) {
            store.set(key(i), value(i));
        }
        Map<String, String> before = contents(store);
        delete(primary);
        awaitNoService(KeyValueStore.class, "saved-p");

        primary("saved-p", "bind.addr", loopback(port), "persistence", "snapshot");
        KeyValueStore reloaded = service(KeyValueStore.class, "saved-p");
        assertEquals("the data came back from ${karaf.data}/fcrp/saved-p", before, contents(reloaded));
    }

    @Test
    public void deletingTheConfigurationsReleasesEverySocketThreadServiceAndMBean() throws Exception {
        int port = freePort();
        Configuration primary = primary("del-p", "bind.addr", loopback(port));
        Configuration replica = replica("del-r", "replica.of", loopback(port));
        ReplicaClient client = service(ReplicaClient.class, "del-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
        ReplicationServer server = service(ReplicationServer.class, "del-p");
        Poll.until("one session", TIMEOUT, () -> server.sessions().size() == 1);
        for (ObjectName name : new ObjectName[] {
            FcrpObjectNames.replicationPrimary("del-p"),
            FcrpObjectNames.snapshotProvider("del-p"),
            FcrpObjectNames.replicaClient("del-r")
        }) {
            Poll.until(name + " registered", TIMEOUT, () -> MBEANS.isRegistered(name));
        }
        assertFalse(FcrpThreads.names().isEmpty());

        delete(replica);
        delete(primary);

        awaitClosed(port);
        FcrpThreads.awaitNone(TIMEOUT);
        assertEquals(ReplicaState.STOPPED, client.state());
        assertFalse(server.isRunning());
        for (Class<?> type : new Class<?>[] {
            ReplicationPrimary.class,
            SnapshotProvider.class,
            KeyValueStore.class,
            KeyValueView.class,
            ReplicationServer.class,
            ReplicaClient.class
        }) {
            awaitNoService(type, null);
        }
        Poll.until("no FCRP MBean left", TIMEOUT, () -> {
            try {
                return MBEANS.queryNames(new ObjectName("io.fcrp:*"), null).isEmpty();
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Applies {@code keyValues} and waits for the log line saying {@code change} was applied in place,
     * then (when {@code written} counts a running writer's writes) for more writes under the new settings.
     */
    private void reconfigure(Configuration primary, AtomicInteger written, String change, Object... keyValues)
            throws Exception {
        int seen = logLinesWith("reconfigured in place: ").size();
        int writtenBefore = written == null ? 0 : written.get();
        update(primary, keyValues);
        Poll.until("'" + change + "' applied", TIMEOUT, () -> {
            List<String> lines = logLinesWith("reconfigured in place: ");
            return lines.size() > seen && lines.get(lines.size() - 1).contains(change);
        });
        if (written != null) {
            Poll.until("writes go on after '" + change + "'", TIMEOUT, () -> written.get() > writtenBefore + 100);
        }
    }

    /** Applies {@code keyValues} and waits for the ERROR line naming the rejection. */
    private void rejected(Configuration configuration, String message, Object... keyValues) throws Exception {
        int seen = logLinesWith(message).size();
        update(configuration, keyValues);
        Poll.until("rejection: " + message, TIMEOUT, () -> logLinesWith(message).size() > seen);
    }
}
