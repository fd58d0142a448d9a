package io.fcrp.impl.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import io.fcrp.api.SessionState;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.store.StoreDigest;

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

    @TempDir
    Path dir;

    @Test
    void replicaKilledAtRandomPointsOfASnapshotRestartsFromItsFileAndConvergesToThePrimarysDigest()
            throws Exception {
        SplittableRandom random = new SplittableRandom(20261202);
        // a backlog far too small for what changes between rounds: every restart needs a snapshot
        PrimaryConfig config = PrimaryConfig.builder().bindAddress("127.0.0.1:0").backlogBytes(64 * 1024).build();
        try (PrimaryNode primary = PrimaryNode.start("kill-primary", config)) {
            write(primary, random, KEYS);
            long snapshotNanos;
            try (ForkedFcrp replica = startReplica(primary.port())) { // a whole bootstrap, timed, then a file
                awaitSnapshotSession(primary, replica);
                long started = System.nanoTime();
                replica.awaitWhileAlive(() -> !snapshotSessionOpen(primary), "the snapshot to end");
                snapshotNanos = System.nanoTime() - started;
                awaitDigest(replica, primary);
                replica.awaitWhileAlive(() -> Files.exists(dataDir().resolve(StoreFiles.SAVED)), "a saved file");
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
            assertTrue(killedMidSnapshot >= 1, "no kill landed during a snapshot of "
                    + TimeUnit.NANOSECONDS.toMillis(snapshotNanos) + " ms");
            List<String> log = Files.readAllLines(dir.resolve("replica.log"));
            assertEquals(ROUNDS + 1, log.stream().filter(line -> line.contains("loaded")
                    && line.contains("entries of 127.0.0.1:" + primary.port())).count(),
                    "every restart loaded the file its killed predecessor left: " + log);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static void awaitDigest(ForkedFcrp replica, PrimaryNode primary) throws Exception {
        String expected = "DIGEST " + StoreDigest.of(primary.store()).hex() + " ";
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        String digest = "";
        while (!digest.startsWith(expected) && System.nanoTime() < deadline) {
            assertTrue(replica.isAlive(), "the replica stopped: " + replica.stderrTail());
            digest = replica.ask("digest", "DIGEST ");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertTrue(digest.startsWith(expected), "the replica has " + digest + ", the primary " + expected + "; "
                + replica.stderrTail());
    }

    private ForkedFcrp startReplica(int port) throws Exception {
        return ForkedFcrp.start(dir.resolve("replica.log"), "replica", "--of", "127.0.0.1:" + port, "--persistence",
                "snapshot", "--data-dir", dataDir().toString(), "--persistence-interval", "1",
                "--stdin-commands", "--timeout", "0");
    }

    /** Waits until the primary streams a snapshot to the replica (which first loaded its file, if any). */
    private static void awaitSnapshotSession(PrimaryNode primary, ForkedFcrp replica) {
        replica.awaitWhileAlive(() -> snapshotSessionOpen(primary), "a snapshot session");
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
