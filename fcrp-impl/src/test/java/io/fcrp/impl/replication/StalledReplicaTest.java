package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionListener;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A replica that completes its handshake and then stops reading must cost nobody anything. */
class StalledReplicaTest extends ReplicationTestBase {

    @Test
    void aReplicaThatStopsReadingIsCutOffByTheWriteTimeoutWithoutBlockingWritersOrOthers() throws Exception {
        PrimaryNode primary = cluster.primary("stall", b -> b.writeTimeoutMs(300));
        List<String> reasons = new CopyOnWriteArrayList<>();
        primary.addSessionListener(new SessionListener() {
            @Override
            public void connected(ReplicaSessionInfo session) {
                // only departures matter here
            }

            @Override
            public void disconnected(ReplicaSessionInfo session, String reason) {
                reasons.add(reason);
            }
        });
        ReplicaClientImpl healthy = cluster.replica("healthy", primary);
        awaitConverged(primary, healthy);

        Socket stalled = cluster.track(new Socket());
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", primary.port()));
        OutputStream out = stalled.getOutputStream();
        out.write(FrameCodec.encode(
                FrameKind.HELLO, Hello.request(null, ShardWatermarks.zeros(1)).encode()));
        out.flush();
        Poll.until(
                "both sessions open",
                SHORT,
                () -> primary.server().sessions().size() == 2,
                () -> primary.server().sessions());

        // far more than the stalled socket's buffers hold: its session's writes block
        fill(primary.store(), "bulk", 4_000, 4096);
        Poll.until(
                "the stalled session to be cut off",
                SHORT,
                () -> primary.server().sessions().size() == 1,
                () -> primary.server().sessions() + " " + reasons);
        assertTrue(reasons.stream().anyMatch(reason -> reason.contains("write timed out")), reasons.toString());

        fill(primary.store(), "after", 1_000, 64);
        awaitConverged(primary, healthy);
        assertEquals(0, healthy.status().reconnects(), "the healthy replica never noticed");
        assertEquals(0, primary.server().droppedReplicas());
    }
}
