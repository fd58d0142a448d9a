package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.Snapshot;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.SnapshotStats;
import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.ReplicationServerImpl;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Finding 5 of issue 8: no thread dies silently. An {@link Error} in the replica's thread or in a
 * primary's session thread is reported and the replica reconnects; nothing else is affected.
 */
class ThreadFailureTest extends ReplicationTestBase {

    @Test
    void anErrorInTheReplicaThreadBecomesItsLastErrorAndAReconnect() throws Exception {
        var primary = cluster.primary("real");
        fill(primary.store(), "key:", 500, 16);
        TcpProxy scripted = cluster.track(TcpProxy.scripted(
                primary.port(), Integer.MAX_VALUE, client -> MisbehavingPrimary.sendsOneRecord(client, "poisoned")));
        AtomicBoolean failing = new AtomicBoolean(true);
        ReplicaClientImpl replica = cluster.replica("failing", scripted.port(), c -> c, mutation -> {
            if (failing.getAndSet(false)) {
                throw new OutOfMemoryError("simulated: no heap left for this record");
            }
        });
        Poll.until(
                "the error is reported and the replica reconnects",
                SHORT,
                () -> {
                    String error = replica.status().lastError();
                    return replica.status().reconnects() >= 1 && error != null && error.contains("OutOfMemoryError");
                },
                () -> describe(replica));
        assertEquals(
                "internal error: java.lang.OutOfMemoryError: simulated: no heap left for this record",
                replica.status().lastError());

        scripted.forwardFromNowOn();
        replica.reconnect(); // the scripted primary keeps its connection open, silent
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
    }

    @Test
    void anErrorInASessionThreadEndsOnlyThatSessionAndTheReplicaReconnects() throws Exception {
        PrimaryConfig config = Cluster.primaryConfig().build();
        EmbeddedPrimary embedded = cluster.track(EmbeddedPrimary.create("fragile", config));
        fill(embedded.store(), "key:", 500, 16);
        AtomicBoolean failing = new AtomicBoolean(true);
        SnapshotProvider failsOnce = new SnapshotProvider() {
            @Override
            public Snapshot snapshot() {
                if (failing.getAndSet(false)) {
                    throw new OutOfMemoryError("simulated: no heap left for a snapshot");
                }
                return embedded.store().snapshot();
            }

            @Override
            public SnapshotStats stats() {
                return embedded.store().stats();
            }
        };
        ReplicationServerImpl server = ReplicationServerImpl.start("fragile", config, embedded.batcher(), failsOnce);
        cluster.track(server::shutdown);
        List<String> departures = new CopyOnWriteArrayList<>();
        server.addSessionListener(DeadLinkTest.departuresInto(departures));
        ReplicaClientImpl replica =
                cluster.replica("patient", server.localAddress().getPort(), c -> c, null);

        Poll.until(
                "the replica streams after its first session failed",
                CONVERGE,
                () -> replica.state() == ReplicaState.STREAMING
                        && replica.store().size() == 500,
                () -> describe(replica) + " departures " + departures);
        assertEquals(
                List.of("internal error: java.lang.OutOfMemoryError: simulated: no heap left for a snapshot"),
                departures);
        assertTrue(server.isRunning());
        assertEquals(1, server.sessions().size());
    }
}
