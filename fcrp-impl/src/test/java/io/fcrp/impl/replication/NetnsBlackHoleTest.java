package io.fcrp.impl.replication;

import static io.fcrp.impl.testing.ForkedFcrp.STEP_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fcrp.impl.testing.ForkedFcrp;
import io.fcrp.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 4 of issue 8 as it was found: with the connection black-holed by the kernel (an
 * iptables DROP, no reset) while the primary is written to, the replica stayed STREAMING for good.
 * Here a primary and a replica, both {@code fcrp} processes, run in a network namespace the test
 * creates; the replica must leave STREAMING within the detection time and converge by digest
 * once the rule is gone. Skipped, saying why, without root or without {@code ip} and
 * {@code iptables} (CI runs as root and {@code .ci/run} installs both).
 */
class NetnsBlackHoleTest {

    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:MaxDirectMemorySize=256m");

    private NetworkNamespace namespace;

    @BeforeEach
    void createNamespace() throws Exception {
        String unavailable = NetworkNamespace.unavailableBecause();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        namespace = NetworkNamespace.create();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void aBlackHoledReplicaIsDetectedWithinSecondsByHeartbeatsAndConverges() throws Exception {
        // four heartbeat periods of 1 s, plus room for a busy machine
        blackHoleUnderWritesThenHeal(List.of(), Duration.ofSeconds(8));
    }

    @Test
    void withoutHeartbeatsTcpKeepAliveDetectsTheBlackHoleWithinFifteenSeconds() throws Exception {
        // what a replica of the Rust reference primary, which sends no heartbeats, relies on
        blackHoleUnderWritesThenHeal(List.of("--heartbeat-ms", "0"), Duration.ofSeconds(15));
    }

    private void blackHoleUnderWritesThenHeal(List<String> primaryOptions, Duration detection) throws Exception {
        List<String> primaryArgs = new ArrayList<>(List.of("primary", "--bind", "127.0.0.1:0", "--keys", "20000"));
        primaryArgs.addAll(primaryOptions);
        try (ForkedFcrp primary =
                ForkedFcrp.start("primary", namespace.exec(), JVM, primaryArgs.toArray(new String[0]))) {
            int port =
                    Integer.parseInt(primary.awaitLine("READY ", STEP_TIMEOUT).substring("READY ".length()));
            try (ForkedFcrp replica = ForkedFcrp.start(
                    "replica",
                    namespace.exec(),
                    JVM,
                    "replica",
                    "--of",
                    "127.0.0.1:" + port,
                    "--stdin-commands",
                    "--timeout",
                    "0")) {
                awaitSameDigest(primary, replica);
                long quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                Poll.until(
                        "three quiet seconds, streaming (heartbeats, if any, arrive meanwhile)", STEP_TIMEOUT, () -> {
                            assertTrue(replica.ask("status", "STATUS ").startsWith("STATUS state=STREAMING"));
                            return System.nanoTime() - quietUntil > 0;
                        });

                namespace.blackHole(port);
                long blackHoled = System.nanoTime();
                assertTrue(primary.ask("load 20000", "LOADED ").startsWith("LOADED 20000"));
                String[] status = {"none yet"};
                Poll.until(
                        "the replica leaves STREAMING on the dead link",
                        detection.plusSeconds(5),
                        () -> {
                            status[0] = replica.ask("status", "STATUS ");
                            return !status[0].startsWith("STATUS state=STREAMING");
                        },
                        () -> status[0]);
                long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - blackHoled);
                assertTrue(detectedMs <= detection.toMillis(), "detected after " + detectedMs + " ms: " + status[0]);
                assertTrue(
                        status[0].startsWith("STATUS state=BACKING_OFF")
                                || status[0].startsWith("STATUS state=CONNECTING"),
                        status[0]);

                namespace.heal(port);
                awaitSameDigest(primary, replica);
                assertTrue(replica.ask("status", "STATUS ").startsWith("STATUS state=STREAMING"));
                assertEquals("BYE", primary.ask("quit", "BYE"));
                replica.send("quit");
                replica.awaitLine("{", STEP_TIMEOUT);
            }
        }
    }

    private static void awaitSameDigest(ForkedFcrp primary, ForkedFcrp replica) {
        String[] observed = {"none yet"};
        Poll.until(
                "the replica's digest equals the primary's",
                CONVERGE,
                () -> {
                    String expected = primary.ask("digest", "DIGEST ");
                    String actual = replica.ask("digest", "DIGEST ");
                    observed[0] = "primary " + expected + ", replica " + actual;
                    return expected.equals(actual);
                },
                () -> observed[0] + "\nreplica stderr:\n" + replica.stderr());
    }
}
