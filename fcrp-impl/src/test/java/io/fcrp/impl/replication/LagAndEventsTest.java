package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaEventListener;
import io.fcrp.testkit.Poll;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, "lag that never lies", against real primaries and replicas: a quiet link with
 * heartbeats shows about 0; a replica that cannot reach its primary shows a lag that grows, warns
 * once, and tells its listeners every state change in order; a primary shows how far behind the
 * live head each session is.
 */
class LagAndEventsTest extends ReplicationTestBase {

    @Test
    void aQuietLinkWithHeartbeatsShowsAboutNoLag() throws Exception {
        PrimaryNode primary = cluster.primary("quiet", b -> b.heartbeatIntervalMs(100));
        fill(primary.store(), "k", 50, 10);
        ReplicaClientImpl replica = cluster.replica("quiet-r", primary);
        awaitConverged(primary, replica);
        long quietSince = System.nanoTime();
        long highest = 0;
        while (System.nanoTime() - quietSince < Duration.ofMillis(1500).toNanos()) {
            ReplicaStatus status = replica.status();
            highest = Math.max(highest, status.lagMillis());
            assertEquals(0, status.recordsBehind());
            assertTrue(
                    status.millisSinceLastFrame() < 1000, "heartbeats keep arriving: " + status.millisSinceLastFrame());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the pace of the readings, no synchronisation
        }
        assertTrue(
                highest < 500,
                "a quiet, healthy link shows about 0 lag (at most a few heartbeat periods), not " + highest + " ms");
        assertTrue(replica.status().lagPercentiles().samples() > 0, "heartbeats are samples");
        assertTrue(replica.status().lagPercentiles().p99() < 500);
        assertEquals(0, replica.status().millisNotStreaming());
    }

    @Test
    void aReplicaThatLosesItsPrimaryShowsAGrowingLagWarnsOnceAndReportsEveryStateChangeInOrder() throws Exception {
        PrimaryNode primary = cluster.primary("lost");
        fill(primary.store(), "k", 20, 10);
        List<String> events = new CopyOnWriteArrayList<>();
        ReplicaClientImpl replica = cluster.track(ReplicaClientImpl.createWith(
                "lost-r",
                Cluster.replicaConfig(primary.port())
                        .reconnectBackoffMs(20)
                        .reconnectBackoffMaxMs(50)
                        .build(),
                cluster.replicaStore("lost-r")));
        replica.addEventListener(recorder(events));
        try (LogCapture log = new LogCapture()) {
            replica.start();
            awaitConverged(primary, replica);
            int port = primary.port();
            primary.close();
            Poll.until("the replica notices", SHORT, () -> replica.state() != ReplicaState.STREAMING);
            long lagBefore = replica.status().lagMillis();
            Poll.until(
                    "the lag grows while the primary is away",
                    SHORT,
                    () -> replica.status().lagMillis() >= lagBefore + 500);
            assertTrue(replica.status().millisNotStreaming() >= 500);
            assertTrue(
                    replica.status().lagPercentiles().p99() >= lagBefore,
                    "an empty window shows the current lag, not a healthy one");
            Poll.until("many failed attempts", SHORT, () -> replica.status().reconnects() >= 10);
            assertEquals(
                    1,
                    log.lines("WARN", "cannot reach the primary 127.0.0.1:" + port)
                            .size(),
                    "one WARN for an unreachable primary, the retries at DEBUG");
            assertTrue(log.lines("", "IOException").isEmpty(), "disconnects are said in words");

            PrimaryNode again = cluster.primary("lost", b -> b.bindAddress("127.0.0.1:" + port));
            fill(again.store(), "n", 5, 10);
            awaitConverged(again, replica);
        }
        replica.shutdown();

        List<String> states = new ArrayList<>();
        for (String event : events) {
            if (event.startsWith("state ")) {
                states.add(event.substring(6));
            }
        }
        for (int i = 1; i < states.size(); i++) {
            assertEquals(states.get(i - 1).split(">")[1], states.get(i).split(">")[0], "transitions chain: " + states);
        }
        assertEquals("CONNECTING>BOOTSTRAPPING", states.get(0));
        assertEquals("BOOTSTRAPPING>STREAMING", states.get(1));
        assertEquals("STREAMING>BACKING_OFF", states.get(2));
        assertEquals("STREAMING>STOPPED", states.get(states.size() - 1));
        assertEquals("BOOTSTRAPPING>STREAMING", states.get(states.size() - 2));
        List<String> milestones = new ArrayList<>();
        for (String event : events) {
            if (!event.startsWith("state ")) {
                milestones.add(event.split(" ")[0]);
            }
        }
        assertEquals(
                List.of("started", "finished", "dropped", "started", "replaced", "finished"),
                milestones,
                "bootstrap, the primary's loss, a snapshot from its successor (a higher sequence base) that replaces "
                        + "the data: " + events);
    }

    @Test
    void aPrimaryShowsHowFarBehindTheLiveHeadEachSessionIs() throws Exception {
        PrimaryNode primary = cluster.primary("behind", b -> b.writeTimeoutMs(60_000));
        ReplicaClientImpl healthy = cluster.replica("healthy", primary);
        fill(primary.store(), "k", 10, 10);
        awaitConverged(primary, healthy);

        Socket stalled = cluster.track(new Socket());
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", primary.port()));
        OutputStream out = stalled.getOutputStream();
        out.write(FrameCodec.encode(
                FrameKind.HELLO, Hello.request(null, ShardWatermarks.zeros(1)).encode()));
        out.flush();
        Poll.until(
                "both sessions open", SHORT, () -> primary.server().sessions().size() == 2);
        fill(primary.store(), "more", 20_000, 1000); // more than the socket buffers of the stalled session hold
        primary.batcher().flush();
        Poll.until(
                "the stalled session falls behind",
                SHORT,
                () -> session(primary, 2).recordsBehind() > 100
                        && session(primary, 2).bytesBehind() > 100_000,
                () -> behind(primary));
        awaitConverged(primary, healthy);
        Poll.until(
                "the healthy session is at the head",
                SHORT,
                () -> session(primary, 1).recordsBehind() == 0
                        && session(primary, 1).bytesBehind() == 0,
                () -> behind(primary));
        ReplicaSessionInfo lagging = session(primary, 2);
        assertTrue(
                lagging.recordsBehind() <= 20_000,
                "at most what was written after its snapshot: " + lagging.recordsBehind());
    }

    private static List<String> behind(PrimaryNode primary) {
        List<String> figures = new ArrayList<>();
        for (ReplicaSessionInfo info : primary.server().sessions()) {
            figures.add(info + ": " + info.recordsBehind() + " records, " + info.bytesBehind() + " bytes behind");
        }
        return figures;
    }

    private static ReplicaSessionInfo session(PrimaryNode primary, long id) {
        return primary.server().sessions().stream()
                .filter(info -> info.id() == id)
                .findFirst()
                .orElseThrow();
    }

    private static ReplicaEventListener recorder(List<String> events) {
        return new ReplicaEventListener() {
            @Override
            public void stateChanged(ReplicaState from, ReplicaState to) {
                events.add("state " + from + ">" + to);
            }

            @Override
            public void bootstrapStarted(boolean fresh, long recordsBehind) {
                events.add("started " + fresh);
            }

            @Override
            public void bootstrapFinished(BootstrapKind how, long entries, long durationMillis) {
                events.add("finished " + how.label() + " " + entries);
            }

            @Override
            public void dataReplaced(String upstream, String reason, long entriesBefore, long entriesAfter) {
                events.add("replaced " + entriesBefore + ">" + entriesAfter);
            }

            @Override
            public void restartDetected(ShardWatermarks primary, ShardWatermarks local) {
                events.add("restart");
            }

            @Override
            public void sessionDropped(String reason) {
                events.add("dropped " + reason);
            }
        };
    }
}
