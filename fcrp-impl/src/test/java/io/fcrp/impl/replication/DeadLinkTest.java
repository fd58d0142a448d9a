package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.SessionListener;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Finding 4 of issue 8: a link that dies without a FIN or RST, here a proxy that stops forwarding
 * and closes nothing, is noticed within seconds on both sides through heartbeats, and the replica
 * converges once the link is back. (TCP keep-alive cannot see this fault: the proxy's kernel
 * answers the probes. The kernel-level black hole is {@link NetnsBlackHoleTest}.)
 */
class DeadLinkTest extends ReplicationTestBase {

    /** Four heartbeat periods of the default 1 s, plus room for a busy machine. */
    private static final Duration DETECTION = Duration.ofSeconds(8);

    @Test
    void aBlackHoledReplicaIsDetectedByMissingHeartbeatsWithinSecondsAndConverges() throws Exception {
        PrimaryNode primary = cluster.primary("hb");
        List<String> departures = new CopyOnWriteArrayList<>();
        primary.addSessionListener(departuresInto(departures));
        fill(primary.store(), "key:", 2000, 32);
        TcpProxy proxy = cluster.track(TcpProxy.to(primary.port()));
        ReplicaClientImpl replica = cluster.replica("behind-proxy", proxy.port(), c -> c, null);
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
        Poll.until(
                "two heartbeats in a row arm the replica's idle timeout",
                SHORT,
                () -> replica.framesReceived().get(FrameKind.ACK) >= 2,
                () -> describe(replica));
        assertEquals(
                primary.batcher().publishedWatermarks(),
                replica.status().primaryWatermarks(),
                "heartbeats carry the primary's watermarks");
        assertEquals(List.of(), departures, "an idle replica that answers heartbeats is kept");

        proxy.blackHole();
        long blackHoled = System.nanoTime();
        randomOps(primary.store(), "key:", 41, 3000, 3000); // written while the replica cannot get them
        Poll.until(
                "the replica leaves STREAMING",
                DETECTION,
                () -> replica.state() != ReplicaState.STREAMING,
                () -> describe(replica));
        long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackHoled);
        String error = replica.status().lastError();
        assertTrue(error != null && error.contains("nothing received for"), describe(replica));
        assertTrue(
                replica.state() == ReplicaState.BACKING_OFF || replica.state() == ReplicaState.CONNECTING,
                describe(replica));
        Poll.until(
                "the primary ends the dead session",
                DETECTION,
                () -> !departures.isEmpty(),
                () -> primary.server().sessions());
        assertTrue(
                departures.get(0).contains("heartbeats") || departures.get(0).contains("write timed out"),
                departures.toString());
        assertTrue(detectedMs <= DETECTION.toMillis(), "detected after " + detectedMs + " ms");

        proxy.heal();
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
    }

    @Test
    void aPrimaryWithoutHeartbeatsDoesNotMakeAQuietReplicaReconnect() throws Exception {
        PrimaryNode primary = cluster.primary("quiet", c -> c.heartbeatIntervalMs(0));
        fill(primary.store(), "key:", 100, 32);
        ReplicaClientImpl replica = cluster.replica("patient", primary);
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
        long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // longer than an automatic timeout
        Poll.until("five quiet seconds pass", SHORT, () -> {
            assertEquals(ReplicaState.STREAMING, replica.state(), describe(replica));
            return System.nanoTime() - quietUntil > 0;
        });
        assertEquals(0, replica.status().reconnects(), describe(replica));
        assertEquals(0L, replica.framesReceived().get(FrameKind.ACK));
        fill(primary.store(), "later:", 10, 8);
        awaitConverged(primary, replica);
    }

    static SessionListener departuresInto(List<String> reasons) {
        return new SessionListener() {
            @Override
            public void connected(ReplicaSessionInfo session) {
                // only departures matter here
            }

            @Override
            public void disconnected(ReplicaSessionInfo session, String reason) {
                reasons.add(reason);
            }
        };
    }
}
