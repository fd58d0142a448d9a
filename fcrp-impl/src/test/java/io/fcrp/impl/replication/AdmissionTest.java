package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Who may replicate: the auth token and max_replicas. */
class AdmissionTest extends ReplicationTestBase {

    @Test
    void onlyAReplicaWithTheRightTokenGetsData() throws Exception {
        PrimaryNode primary = cluster.primary("token", c -> c.authToken("s3cret"));
        fill(primary.store(), "key:", 1000, 16);
        AtomicLong appliedWithoutToken = new AtomicLong();
        AtomicLong appliedWithWrongToken = new AtomicLong();
        ReplicaClientImpl none =
                cluster.replica("no-token", primary.port(), c -> c, m -> appliedWithoutToken.incrementAndGet());
        ReplicaClientImpl wrong = cluster.replica(
                "wrong-token",
                primary.port(),
                c -> c.authToken("s3creT"),
                m -> appliedWithWrongToken.incrementAndGet());

        for (ReplicaClientImpl refused : new ReplicaClientImpl[] {none, wrong}) {
            Poll.until(
                    refused.replicaStore().name() + " is refused twice with invalid auth token",
                    SHORT,
                    () -> refused.status().reconnects() >= 2
                            && refused.status().lastError() != null
                            && refused.status().lastError().contains("invalid auth token"),
                    () -> describe(refused));
        }
        primary.store().set(bytes("later"), bytes("write")); // live writes do not leak either
        primary.batcher().flush();
        long rejected = primary.server().rejectedConnections();
        assertTrue(rejected >= 4, "rejected " + rejected);
        Poll.until(
                "rejections keep growing while they retry",
                SHORT,
                () -> primary.server().rejectedConnections() > rejected);

        for (ReplicaClientImpl refused : new ReplicaClientImpl[] {none, wrong}) {
            assertEquals(0, refused.store().size(), describe(refused));
            assertEquals(0, refused.status().applied());
            assertEquals(0, refused.status().snapshotsLoaded());
            assertEquals(0L, refused.framesReceived().get(FrameKind.SNAPSHOT_BEGIN));
            assertEquals(0L, refused.framesReceived().get(FrameKind.MUTATION_BATCH));
            assertTrue(refused.framesReceived().get(FrameKind.ERROR) >= 2);
            assertEquals(0L, refused.framesReceived().get(FrameKind.HELLO), "never acknowledged");
            assertNotEquals(ReplicaState.STREAMING, refused.state());
        }
        assertEquals(0, appliedWithoutToken.get());
        assertEquals(0, appliedWithWrongToken.get());
        assertTrue(primary.server().sessions().size() <= 2, "refused sessions are not kept");

        ReplicaClientImpl right = cluster.replica("right-token", primary, c -> c.authToken("s3cret"));
        awaitConverged(primary, right);
        assertEquals(ReplicaState.STREAMING, right.state());
        assertEquals(0, none.store().size());
        assertEquals(0, wrong.store().size());
    }

    @Test
    void aPrimaryWithoutTokenIgnoresAPresentedToken() throws Exception {
        PrimaryNode primary = cluster.primary("open");
        fill(primary.store(), "key:", 100, 16);
        ReplicaClientImpl replica = cluster.replica("open-r", primary, c -> c.authToken("anything"));
        awaitConverged(primary, replica);
        assertEquals(0, primary.server().rejectedConnections());
    }

    @Test
    void maxReplicasRefusesTheSecondReplicaUntilTheFirstLeaves() throws Exception {
        PrimaryNode primary = cluster.primary("max", c -> c.maxReplicas(1));
        fill(primary.store(), "key:", 2000, 16);
        ReplicaClientImpl first = cluster.replica("first", primary);
        awaitConverged(primary, first);
        awaitState(first, ReplicaState.STREAMING);

        ReplicaClientImpl second = cluster.replica("second", primary);
        // every refusal must read the same, whether the kernel closed with FIN or RST
        Set<String> errors = ConcurrentHashMap.newKeySet();
        Poll.until(
                "the second replica is turned away during the handshake five times",
                SHORT,
                () -> {
                    String error = second.status().lastError();
                    if (error != null) {
                        errors.add(error);
                    }
                    return second.status().reconnects() >= 5 && error != null;
                },
                () -> describe(second) + " errors seen " + errors);
        for (String error : errors) {
            assertTrue(error.contains("closed the connection during the handshake"), "lastError was: " + errors);
        }
        assertTrue(primary.server().rejectedConnections() >= 1);
        assertEquals(0, second.store().size());
        assertEquals(
                1,
                primary.server().sessions().size(),
                String.valueOf(primary.server().sessions()));

        randomOps(primary.store(), "key:", 21, 3000, 3000); // the first keeps replicating
        awaitConverged(primary, first);
        assertEquals(ReplicaState.STREAMING, first.state());
        assertEquals(0, second.store().size());
        assertEquals(0, first.status().reconnects(), describe(first));

        cluster.stop(first);
        awaitConverged(primary, second);
        awaitState(second, ReplicaState.STREAMING);
        randomOps(primary.store(), "key:", 22, 1000, 3000);
        awaitConverged(primary, second);
    }
}
