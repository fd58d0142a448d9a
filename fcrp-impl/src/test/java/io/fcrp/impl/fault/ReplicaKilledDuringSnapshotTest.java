package io.fcrp.impl.fault;

import static io.fcrp.impl.testing.ForkedFcrp.STEP_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.SessionState;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.impl.testing.ForkedFcrp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica process with persistence is killed (SIGKILL) at random points while its primary
 * streams it a snapshot (its file, saved every second, holds older data): each restart loads the
 * last complete file its killed predecessor left (never a corrupt one, never half a snapshot), and
 * in the end it converges to the primary's digest.
 */
class ReplicaKilledDuringSnapshotTest {

    private static final int KEYS = 150_000;
    private static final int VALUE_BYTES = 400;
    private static final int ROUNDS = 5;
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    /** A small heap, direct memory for the store, and INFO logs (the test reads what each restart loaded). */
    private static final List<String> JVM =
            List.of("-Xmx256m", "-XX:MaxDirectMemorySize=1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");

    @TempDir
    Path dir;

    @Test
    void replicaKilledAtRandomPointsOfASnapshotRestartsFromItsFileAndConvergesToThePrimarysDigest() throws Exception {
        SplittableRandom random = new SplittableRandom(20261202);
        // a backlog far too small for what changes between rounds: every restart needs a snapshot
        PrimaryConfig config = PrimaryConfig.builder()
                .bindAddress("127.0.0.1:0")
                .backlogBytes(64 * 1024)
                .build();
        try (PrimaryNode primary = PrimaryNode.start("kill-primary", config)) {
            write(primary, random, KEYS);
            long snapshotNanos;
            try (ForkedFcrp replica = startReplica(primary.port())) { // a whole bootstrap, timed, then a file
                awaitSnapshotSession(primary, replica);
                long started = System.nanoTime();
                replica.awaitWhileAlive("the snapshot to end", STEP_TIMEOUT, () -> !snapshotSessionOpen(primary));
                snapshotNanos = System.nanoTime() - started;
                awaitDigest(replica, primary);
                replica.awaitWhileAlive(
                        "a saved file",
                        STEP_TIMEOUT,
                        () -> Files.exists(dataDir().resolve(StoreFiles.SAVED)));
                replica.kill();
            }
            int killedMidSnapshot = 0;
            for (int round = 0; round < ROUNDS; round++) {
                write(primary, random, 20_000);
                try (ForkedFcrp replica = startReplica(primary.port())) {
                    awaitSnapshotSession(primary, replica);
                    // the first half of a snapshot: a kill there lands mid-snapshot even when this one runs faster
                    LockSupport.parkNanos(random.nextLong(snapshotNanos / 2));
                    boolean midSnapshot = snapshotSessionOpen(primary);
                    replica.kill();
                    if (midSnapshot) {
                        killedMidSnapshot++;
                    }
                }
            }
            try (ForkedFcrp replica = startReplica(primary.port())) {
                awaitDigest(replica, primary);
                replica.ask("quit", "{");
            }
            assertTrue(
                    killedMidSnapshot >= 1,
                    "no kill landed during a snapshot of " + TimeUnit.NANOSECONDS.toMillis(snapshotNanos) + " ms");
            List<String> log = Files.readAllLines(dir.resolve("replica.log"));
            assertEquals(
                    ROUNDS + 1,
                    log.stream()
                            .filter(line ->
                                    line.contains("loaded") && line.contains("entries of 127.0.0.1:" + primary.port()))
                            .count(),
                    "every restart loaded the file its killed predecessor left: " + log);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    /** Waits until the replica's digest is the primary's (its last answers show in the failure). */
    private static void awaitDigest(ForkedFcrp replica, PrimaryNode primary) {
        String expected = "DIGEST " + StoreDigest.of(primary.store()).hex() + " ";
        replica.awaitWhileAlive(
                "the primary's " + expected,
                CONVERGE,
                () -> replica.ask("digest", "DIGEST ").startsWith(expected));
    }

    private ForkedFcrp startReplica(int port) throws Exception {
        return ForkedFcrp.startLoggingTo(
                dir.resolve("replica.log"),
                JVM,
                "replica",
                "--of",
                "127.0.0.1:" + port,
                "--persistence",
                "snapshot",
                "--data-dir",
                dataDir().toString(),
                "--persistence-interval",
                "1",
                "--stdin-commands",
                "--timeout",
                "0");
    }

    /** Waits until the primary streams a snapshot to the replica (which first loaded its file, if any). */
    private static void awaitSnapshotSession(PrimaryNode primary, ForkedFcrp replica) {
        replica.awaitWhileAlive("a snapshot session", STEP_TIMEOUT, () -> snapshotSessionOpen(primary));
    }

    private static boolean snapshotSessionOpen(PrimaryNode primary) {
        return primary.server().sessions().stream().anyMatch(s -> s.state() == SessionState.SNAPSHOT);
    }

    /** Random Sets (most keys) and Dels over the key space. */
    private static void write(PrimaryNode primary, SplittableRandom random, int count) {
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < count; i++) {
            byte[] key = ("key-" + random.nextInt(KEYS)).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(10) == 0) {
                primary.store().delete(key);
            } else {
                random.nextBytes(value);
                primary.store().set(key, value);
            }
        }
        primary.batcher().flush();
    }
}
