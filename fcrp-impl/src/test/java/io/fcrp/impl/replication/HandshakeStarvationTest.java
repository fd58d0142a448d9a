package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Finding 8 of issue 8: connections that have not sent their Hello took replica slots, so clients
 * that reconnect at once and send their Hello one byte a second kept every new replica out.
 */
class HandshakeStarvationTest extends ReplicationTestBase {

    private static final long HELLO_DEADLINE_MS = 2000;

    @Test
    void aRealReplicaJoinsWithinOneHelloDeadlineWhileSlowHelloClientsHoldEveryPendingSlot() throws Exception {
        PrimaryNode primary = cluster.primary(
                "besieged", c -> c.connectTimeoutMs(HELLO_DEADLINE_MS).maxReplicas(2));
        int pendingSlots = PrimaryConfig.builder().build().maxPendingHandshakes();
        fill(primary.store(), "key:", 5000, 32);
        ReplicaClientImpl follower = cluster.replica("follower", primary);
        awaitConverged(primary, follower);
        awaitState(follower, ReplicaState.STREAMING);

        SlowHelloClients attack = cluster.track(SlowHelloClients.start(primary.port(), pendingSlots));
        Poll.until(
                "the slow-Hello clients hold every pending slot",
                SHORT,
                () -> primary.server().pendingHandshakes() == pendingSlots,
                () -> primary.server().pendingHandshakes() + " pending, " + attack.connections() + " connections");
        long attackedConnections = attack.connections();

        long started = System.nanoTime();
        ReplicaClientImpl newcomer = cluster.replica("newcomer", primary);
        Poll.until(
                "the newcomer streams",
                Duration.ofMillis(HELLO_DEADLINE_MS + 3000),
                () -> newcomer.state() == ReplicaState.STREAMING,
                () -> describe(newcomer));
        long joinedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(joinedMs <= HELLO_DEADLINE_MS + 3000, "joined after " + joinedMs + " ms");
        awaitConverged(primary, newcomer);

        randomOps(primary.store(), "key:", 8, 3000, 5000);
        awaitConverged(primary, follower);
        awaitConverged(primary, newcomer);
        assertEquals(0, follower.status().reconnects(), "the follower never noticed: " + describe(follower));
        assertEquals(2, primary.server().sessions().size(), "the slow clients hold no replica slot");
        Poll.until(
                "the attack goes on: its clients are closed and connect again",
                SHORT,
                () -> attack.connections() > attackedConnections + pendingSlots);
    }

    @Test
    void maxReplicasCountsAuthenticatedSessionsOnly() throws Exception {
        PrimaryNode primary = cluster.primary("one-slot", c -> c.maxReplicas(1).connectTimeoutMs(60_000));
        fill(primary.store(), "key:", 100, 16);
        for (int i = 0; i < 5; i++) {
            cluster.track(new Socket()).connect(new InetSocketAddress("127.0.0.1", primary.port()), 5000);
        }
        Poll.until(
                "five connections wait for their Hello",
                SHORT,
                () -> primary.server().pendingHandshakes() == 5);
        ReplicaClientImpl replica = cluster.replica("the-one", primary);
        awaitConverged(primary, replica);
        assertEquals(1, primary.server().sessions().size());
        assertEquals(5, primary.server().pendingHandshakes());
    }
}
