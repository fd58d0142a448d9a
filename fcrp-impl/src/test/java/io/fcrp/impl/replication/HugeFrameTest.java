package io.fcrp.impl.replication;

import static io.fcrp.impl.testing.ForkedFcrp.STEP_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.impl.testing.ForkedFcrp;
import io.fcrp.testkit.Poll;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Finding 5 of issue 8: a replica with -Xmx200m that received one valid 60-byte zstd frame
 * declaring 256 MiB died of an OutOfMemoryError in its thread, and still reported STREAMING.
 */
class HugeFrameTest extends ReplicationTestBase {

    @Test
    void aFrameDeclaringMoreThanTheReplicasBudgetIsRefusedAndTheReplicaReconnects() throws Exception {
        PrimaryNode primary = cluster.primary("real");
        fill(primary.store(), "key:", 1000, 16);
        TcpProxy bomber = bomberBefore(primary);
        ReplicaClientImpl replica = cluster.replica("small-budget", bomber.port(), c -> c.maxFrameBytes(1 << 20), null);
        Poll.until(
                "the frame is refused twice, reported and followed by reconnects",
                SHORT,
                () -> {
                    String error = replica.status().lastError();
                    return replica.status().reconnects() >= 2 && error != null && error.contains("exceeds limit");
                },
                () -> describe(replica));
        assertEquals(
                "FCRP frame uncompressed size exceeds limit (268435456 bytes); max.frame.bytes is 1048576 (by "
                        + "default an eighth of the maximum heap): a larger heap or max.frame.bytes lets it through",
                replica.status().lastError());
        assertNotEquals(ReplicaState.STREAMING, replica.state());

        bomber.forwardFromNowOn();
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
    }

    @Test
    void aReplicaWithA200MiBHeapRefusesA256MiBFrameAndStaysHealthy() throws Exception {
        PrimaryNode primary = cluster.primary("real");
        fill(primary.store(), "key:", 20_000, 64);
        TcpProxy bomber = bomberBefore(primary);
        try (ForkedFcrp replica = ForkedFcrp.start(
                "replica-200m",
                List.of(),
                List.of("-Xmx200m"),
                "replica",
                "--of",
                "127.0.0.1:" + bomber.port(),
                "--stdin-commands",
                "--timeout",
                "0")) {
            String[] status = {"none yet"};
            Poll.until(
                    "the replica reports the refused frame",
                    CONVERGE,
                    () -> {
                        status[0] = replica.ask("status", "STATUS ");
                        return status[0].contains("exceeds limit") && bomber.accepted() >= 2;
                    },
                    () -> status[0] + "\n" + replica.stderr());
            Matcher limit = Pattern.compile("exceeds limit \\(268435456 bytes\\); max.frame.bytes is (\\d+)")
                    .matcher(status[0]);
            assertTrue(limit.find(), status[0]);
            assertTrue(
                    Long.parseLong(limit.group(1)) <= 200L * 1024 * 1024 / 8,
                    "an eighth of the heap at most: " + status[0]);
            assertTrue(replica.stderr().contains("exceeds limit"), "logged: " + replica.stderr());
            assertFalse(replica.stderr().contains("OutOfMemoryError"), replica.stderr());

            bomber.forwardFromNowOn();
            String expected = "DIGEST " + StoreDigest.of(primary.store()).hex() + " "
                    + primary.store().size();
            String[] digest = {"none yet"};
            Poll.until(
                    "the replica converges with the real primary",
                    CONVERGE,
                    () -> {
                        digest[0] = replica.ask("digest", "DIGEST ");
                        return digest[0].equals(expected);
                    },
                    () -> digest[0] + " expected " + expected + "\n" + replica.stderr());
            assertTrue(replica.ask("status", "STATUS ").startsWith("STATUS state=STREAMING lastError=none"));
            replica.send("quit");
            replica.awaitLine("{", STEP_TIMEOUT);
            assertFalse(replica.stderr().contains("Exception in thread"), replica.stderr());
        }
    }

    /** Sends the huge frame on every connection until {@link TcpProxy#forwardFromNowOn()}. */
    private TcpProxy bomberBefore(PrimaryNode primary) throws Exception {
        return cluster.track(
                TcpProxy.scripted(primary.port(), Integer.MAX_VALUE, MisbehavingPrimary::sendsAFrameDeclaring256MiB));
    }
}
