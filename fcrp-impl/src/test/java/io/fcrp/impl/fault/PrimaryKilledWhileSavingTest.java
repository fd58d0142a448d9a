package io.fcrp.impl.fault;

import static io.fcrp.impl.testing.ForkedFcrp.STEP_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.impl.testing.ForkedFcrp;
import io.fcrp.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary process with persistence is killed (SIGKILL) while it writes its file: the file on
 * disk is still the last complete one, the restarted primary reloads exactly that, and its replica
 * converges to the restarted primary's digest. Repeated, with writes between the kills.
 */
class PrimaryKilledWhileSavingTest {

    private static final int ROUNDS = 3;
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    /** A small heap, direct memory for the store, and INFO logs. */
    private static final List<String> JVM =
            List.of("-Xmx256m", "-XX:MaxDirectMemorySize=1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");

    @TempDir
    Path dir;

    @Test
    void primaryKilledWhileWritingItsFileRestartsFromTheLastCompleteFileAndItsReplicaConverges() throws Exception {
        Path data = dir.resolve("data");
        Path saved = data.resolve(StoreFiles.SAVED);
        Path temporary = data.resolve(StoreFiles.SAVED + ".tmp");
        ForkedFcrp primary = startPrimary("127.0.0.1:0");
        int port = Integer.parseInt(primary.awaitLine("READY ", STEP_TIMEOUT).substring(6));
        ReplicaClientImpl replica = ReplicaClientImpl.start(
                "follows-killed",
                ReplicaConfig.builder()
                        .upstream("127.0.0.1:" + port)
                        .reconnectBackoffMs(50)
                        .reconnectBackoffMaxMs(200)
                        .build());
        int killedMidWrite = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                primary.ask("load 20000", "LOADED ");
                awaitConverged(primary, replica);
                primary.awaitWhileAlive(
                        "a save in progress", STEP_TIMEOUT, () -> Files.exists(saved) && Files.exists(temporary));
                primary.kill();
                if (Files.exists(temporary)) {
                    killedMidWrite++; // the kill left a half-written temporary file
                }
                String lastCompleteFile = digestOf(data);

                primary = startPrimary("127.0.0.1:" + port);
                primary.awaitLine("READY ", STEP_TIMEOUT);
                assertEquals(
                        lastCompleteFile,
                        primary.ask("digest", "DIGEST ").split(" ")[1],
                        "the restarted primary holds exactly its last complete file");
                awaitConverged(primary, replica);
            }
            primary.ask("quit", "BYE");
        } finally {
            replica.close();
            primary.close();
        }
        assertTrue(killedMidWrite >= 1, "no kill landed while the file was being written");
    }

    private ForkedFcrp startPrimary(String bind) throws Exception {
        return ForkedFcrp.startLoggingTo(
                dir.resolve("primary.log"),
                JVM,
                "primary",
                "--bind",
                bind,
                "--keys",
                "200000",
                "--value-size",
                "300",
                "--persistence",
                "snapshot",
                "--data-dir",
                dir.resolve("data").toString(),
                "--persistence-interval",
                "1");
    }

    /** The digest of the entries of the persistence file in {@code data}, read whole (or refused if corrupt). */
    private static String digestOf(Path data) throws Exception {
        PersistenceConfig files = PersistenceConfig.snapshot(data, 0, PersistenceConfig.OnCorrupt.REFUSE);
        try (ReplicaStore store = StoreFiles.loadReplica("file", 16, MemoryBudget.unlimited("file"), files)) {
            return StoreDigest.of(store).hex();
        }
    }

    private static void awaitConverged(ForkedFcrp primary, ReplicaClientImpl replica) {
        String expected = primary.ask("digest", "DIGEST ").split(" ")[1];
        Poll.until(
                "the replica converges to digest " + expected,
                CONVERGE,
                () -> StoreDigest.of(replica.store()).hex().equals(expected),
                () -> replica.status().state() + " " + replica.status().lastError() + "; " + primary.stderr());
    }
}
