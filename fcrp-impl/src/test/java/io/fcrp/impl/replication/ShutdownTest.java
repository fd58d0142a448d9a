package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing a primary and shutting a replica down release the port and every fcrp- thread, whatever they were doing. */
class ShutdownTest extends ReplicationTestBase {

    @Test
    void closingFreesThePortAndEveryThread() throws Exception {
        PrimaryNode primary = cluster.primary("bye");
        int port = primary.port();
        fill(primary.store(), "key:", 1000, 16);
        ReplicaClientImpl replica = cluster.replica("bye-r", primary);
        awaitConverged(primary, replica);
        assertTrue(
                FcrpThreads.names().size() >= 5,
                "primary accept, batcher, session, expiry sweepers, replica: " + FcrpThreads.names());

        cluster.stop(primary);
        cluster.stop(replica);
        assertEquals(ReplicaState.STOPPED, replica.state());
        FcrpThreads.awaitNone();
        assertPortFree(port);
    }

    @Test
    void closingInTheMiddleOfASnapshotFreesEverything() throws Exception {
        PrimaryNode primary = cluster.primary("mid", c -> c.snapshotChunkBytes(64 * 1024));
        int port = primary.port();
        fill(primary.store(), "key:", 20_000, 512);
        ReplicaClientImpl replica = cluster.replica("mid-r", primary);
        Poll.until(
                "the snapshot is under way",
                SHORT,
                () -> replica.state() == ReplicaState.BOOTSTRAPPING || replica.state() == ReplicaState.STREAMING,
                () -> describe(replica));
        cluster.stop(primary);
        cluster.stop(replica);
        FcrpThreads.awaitNone();
        assertPortFree(port);
    }

    @Test
    void aReplicaBackingOffStopsPromptly() throws Exception {
        PrimaryNode primary = cluster.primary("gone");
        ReplicaClientImpl replica = cluster.replica(
                "gone-r", primary, c -> c.reconnectBackoffMs(5000).reconnectBackoffMaxMs(5000));
        awaitState(replica, ReplicaState.STREAMING);
        cluster.stop(primary);
        awaitState(replica, ReplicaState.BACKING_OFF);
        long started = System.nanoTime();
        cluster.stop(replica);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 3000, "shutdown took " + tookMs + " ms");
        assertEquals(ReplicaState.STOPPED, replica.state());
        FcrpThreads.awaitNone();
    }

    @Test
    void closingWithHalfOpenHandshakesFreesEverything() throws Exception {
        PrimaryNode primary = cluster.primary("half", c -> c.connectTimeoutMs(60_000));
        int port = primary.port();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                idle.add(socket);
            }
            Poll.until(
                    "five connections await their Hello",
                    SHORT,
                    () -> primary.server().pendingHandshakes() == 5,
                    () -> primary.server().pendingHandshakes() + " pending");
            assertTrue(primary.server().sessions().isEmpty(), "a connection without Hello is no session");
            long started = System.nanoTime();
            cluster.stop(primary);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 3000, "close took " + tookMs + " ms");
            for (Socket socket : idle) {
                socket.setSoTimeout(10_000);
                assertEquals(-1, socket.getInputStream().read(), "closed without a byte");
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        FcrpThreads.awaitNone();
        assertPortFree(port);
    }

    private static void assertPortFree(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            assertEquals(port, socket.getLocalPort());
        }
    }
}
