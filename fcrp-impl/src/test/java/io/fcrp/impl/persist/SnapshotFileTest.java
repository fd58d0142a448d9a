package io.fcrp.impl.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.cli.Fcrp;
import io.fcrp.impl.cli.ShutdownHooks;
import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.impl.store.StoreSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistence files: what is saved is reloaded whole (entries, expiries, watermarks, origin); a
 * truncated or damaged file is refused with its name and the byte offset, or set aside when the
 * operator says to start empty; {@code fcrp decode} reads a file and checks its footer.
 */
class SnapshotFileTest {

    private static final PrimaryConfig CONFIG =
            PrimaryConfig.builder().bindAddress("127.0.0.1:0").shardCount(4).build();

    @TempDir
    Path dir;

    @Test
    void aPrimaryStoppedCleanlyIsReloadedWholeAndContinuesItsSequences() throws Exception {
        String digest;
        ShardWatermarks saved;
        try (EmbeddedPrimary primary = StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir))) {
            fill(primary.store(), 2000);
            primary.store().set(bytes("expiring"), bytes("soon"), System.currentTimeMillis() + 3_600_000);
            primary.store().delete(bytes("key-7"));
            digest = StoreDigest.of(primary.store()).hex();
            saved = primary.store().snapshot().watermarks();
        }
        assertTrue(Files.exists(dir.resolve(StoreFiles.STOPPED)), "a clean stop writes " + StoreFiles.STOPPED);

        try (EmbeddedPrimary reloaded = StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir))) {
            assertEquals(digest, StoreDigest.of(reloaded.store()).hex());
            assertEquals(saved, reloaded.batcher().publishedWatermarks(), "sequences continue from the file");
            assertFalse(
                    Files.exists(dir.resolve(StoreFiles.STOPPED)),
                    "renamed before serving: this process goes beyond its watermarks");
            assertTrue(Files.exists(dir.resolve(StoreFiles.SAVED)));
            reloaded.store().set(bytes("after"), bytes("restart"));
            reloaded.batcher().flush();
            assertEquals(
                    saved.get(shardOf("after")) + 1,
                    reloaded.batcher().publishedWatermarks().get(shardOf("after")));
        }
    }

    @Test
    void aPrimaryReloadedFromAFileWrittenWhileServingKeepsItsDataButTakesANewSequenceBase() throws Exception {
        String digest;
        ShardWatermarks saved;
        try (EmbeddedPrimary primary = StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir))) {
            fill(primary.store(), 500);
            digest = StoreDigest.of(primary.store()).hex();
            try (StoreSnapshot snapshot = primary.store().snapshot()) {
                saved = snapshot.watermarks();
                SnapshotFileWriter.write(snapshot, dir.resolve(StoreFiles.SAVED));
            }
            ((SnapshotSaver) primary.closeFirst(null)).stop(); // a crash: no save at stop
        }
        try (EmbeddedPrimary reloaded = StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir))) {
            assertEquals(digest, StoreDigest.of(reloaded.store()).hex());
            ShardWatermarks base = reloaded.batcher().publishedWatermarks();
            for (int shard = 0; shard < 4; shard++) {
                assertTrue(
                        Long.compareUnsigned(base.get(shard), saved.get(shard)) > 0,
                        "a new base above anything the crashed process may have sent: " + base + " vs " + saved);
            }
        }
    }

    @Test
    void aReplicaStoreIsReloadedWithItsWatermarksOriginAndGovernedEntries() throws Exception {
        Path file = dir.resolve(StoreFiles.SAVED);
        String digest;
        try (ReplicaStore store = replicaStore("r")) {
            try (ReplicaStore.Staging staging = store.stage()) {
                for (int i = 0; i < 300; i++) {
                    String key = "k" + i;
                    String value = "v" + i;
                    String governance = i % 10 == 0 ? "meta" + i : "";
                    byte[] entry = bytes(key + value + governance);
                    staging.add(
                            entry,
                            0,
                            key.length(),
                            key.length(),
                            value.length(),
                            Entry.NO_EXPIRY,
                            governance.isEmpty() ? -1 : key.length() + value.length(),
                            governance.length());
                }
                staging.commit(ShardWatermarks.of(new long[] {11, 22, 33}), "127.0.0.1:7631");
            }
            digest = StoreDigest.of(store).hex();
            try (StoreSnapshot snapshot = store.snapshot()) {
                SnapshotFileWriter.write(snapshot, file);
            }
        }
        try (ReplicaStore reloaded = StoreFiles.loadReplica("r", 8, MemoryBudget.unlimited("r"), snapshotIn(dir))) {
            assertEquals(digest, StoreDigest.of(reloaded).hex());
            assertEquals(ShardWatermarks.of(new long[] {11, 22, 33}), reloaded.watermarks());
            assertEquals("127.0.0.1:7631", reloaded.origin());
            assertEquals(300, reloaded.size());
            assertEquals(30, reloaded.governedCount());
            assertEquals(
                    "meta120",
                    new String(reloaded.getWithGovernance(bytes("k120")).governance(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheFileAndTheByteOffset() throws Exception {
        Path file = savedPrimaryFile(3000);
        byte[] whole = Files.readAllBytes(file);
        for (int length : new int[] {0, 10, 16, 5000, whole.length / 2, whole.length - 50, whole.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(whole, length));
            CorruptSnapshotFileException e = assertThrows(
                    CorruptSnapshotFileException.class,
                    () -> SnapshotFileReader.read(file, (watermarks, origin) -> (b, ko, kl, vo, vl, x, go, gl) -> {}));
            assertEquals(file, e.file());
            assertEquals(length, e.offset(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + " is corrupt at byte offset " + length + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aDamagedByteIsCaughtByTheChecksumOrTheFrameCheckNamingTheOffset() throws Exception {
        Path file = savedPrimaryFile(3000);
        byte[] whole = Files.readAllBytes(file);
        // a byte of an entry's value: only the CRC-32C can notice it
        byte[] damaged = whole.clone();
        damaged[whole.length / 2] ^= 0x01;
        Files.write(file, damaged);
        CorruptSnapshotFileException checksum = assertThrows(
                CorruptSnapshotFileException.class,
                () -> SnapshotFileReader.read(file, (watermarks, origin) -> (b, ko, kl, vo, vl, x, go, gl) -> {}));
        assertTrue(checksum.getMessage().contains("CRC-32C"), checksum.getMessage());
        SnapshotFileFooter footer = footerOf(whole);
        assertEquals(footer.framesCrcOffset(), checksum.offset());
        // the first frame's magic: the frame check names the offset of that frame
        damaged = whole.clone();
        damaged[1] = 'X';
        Files.write(file, damaged);
        CorruptSnapshotFileException magic = assertThrows(
                CorruptSnapshotFileException.class,
                () -> SnapshotFileReader.read(file, (watermarks, origin) -> (b, ko, kl, vo, vl, x, go, gl) -> {}));
        assertEquals(0, magic.offset());
        assertTrue(magic.getMessage().contains("magic"), magic.getMessage());
    }

    @Test
    void aCorruptFileStopsThePrimaryUnlessTheOperatorSaysStartEmpty() throws Exception {
        Path file = savedPrimaryFile(1000);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 7));

        CorruptSnapshotFileException refused = assertThrows(
                CorruptSnapshotFileException.class, () -> StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir)));
        assertEquals(file, refused.file());
        assertTrue(Files.exists(file), "refusing leaves the file for the operator");

        PersistenceConfig startEmpty = PersistenceConfig.snapshot(dir, 0, PersistenceConfig.OnCorrupt.START_EMPTY);
        try (EmbeddedPrimary primary = StoreFiles.openPrimary("p", CONFIG, startEmpty)) {
            assertEquals(0, primary.store().size());
            assertFalse(Files.exists(file));
            assertEquals(
                    whole.length - 7,
                    Files.size(file.resolveSibling(file.getFileName() + StoreFiles.CORRUPT_SUFFIX)),
                    "the corrupt file is kept beside");
        }
    }

    @Test
    void aCorruptFileStopsTheReplicaUnlessTheOperatorSaysStartEmpty() throws Exception {
        Path file = dir.resolve(StoreFiles.SAVED);
        Files.write(file, bytes("not a persistence file at all, but long enough for a footer......"));
        CorruptSnapshotFileException refused = assertThrows(
                CorruptSnapshotFileException.class,
                () -> StoreFiles.loadReplica("r", 4, MemoryBudget.unlimited("r"), snapshotIn(dir)));
        assertTrue(refused.getMessage().contains("not an FCRP persistence file"), refused.getMessage());

        PersistenceConfig startEmpty = PersistenceConfig.snapshot(dir, 0, PersistenceConfig.OnCorrupt.START_EMPTY);
        try (ReplicaStore store = StoreFiles.loadReplica("r", 4, MemoryBudget.unlimited("r"), startEmpty)) {
            assertEquals(0, store.size());
            assertNull(store.origin());
            assertTrue(Files.exists(file.resolveSibling(file.getFileName() + StoreFiles.CORRUPT_SUFFIX)));
        }
    }

    @Test
    void fcrpDecodeReadsAPersistenceFileAndChecksItsFooter() throws Exception {
        Path file = savedPrimaryFile(20);
        Decoded ok = decode(file);
        assertEquals(0, ok.exitCode, ok.err);
        assertTrue(ok.lines.get(0).startsWith("SnapshotBegin offset=0 "), ok.out);
        assertTrue(ok.lines.stream().filter(l -> l.startsWith("  key=")).count() == 20, ok.out);
        String last = ok.lines.get(ok.lines.size() - 1);
        assertTrue(
                last.startsWith("PersistenceFooter offset=" + (Files.size(file) - SnapshotFileFooter.FIXED_BYTES)
                        + " version=1 origin=none entries=20 "),
                last);
        assertTrue(last.endsWith(" checksum=ok"), last);

        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 3] ^= 0x40;
        Files.write(file, damaged);
        Decoded bad = decode(file);
        assertEquals(1, bad.exitCode, bad.out);
        assertTrue(bad.err.contains("at byte offset"), bad.err);
    }

    @Test
    void savingALargeStoreLetsWritersGoOn() throws Exception {
        try (EmbeddedPrimary primary = EmbeddedPrimary.create("big", CONFIG)) {
            fillValues(primary.store(), 300_000, 200);
            AtomicBoolean saving = new AtomicBoolean(true);
            AtomicLong writesDuringSave = new AtomicLong();
            AtomicLong slowestWriteNanos = new AtomicLong();
            Thread writer = new Thread(
                    () -> {
                        long i = 0;
                        while (saving.get()) {
                            long started = System.nanoTime();
                            primary.store().set(bytes("w" + (i++ % 1000)), bytes("value"));
                            slowestWriteNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                            writesDuringSave.incrementAndGet();
                        }
                    },
                    "test-writer");
            writer.start();
            long started = System.nanoTime();
            try (StoreSnapshot snapshot = primary.store().snapshot()) {
                SnapshotFileWriter.write(snapshot, dir.resolve("big.fcrp"));
            } finally {
                saving.set(false);
                writer.join(10_000);
            }
            long saveMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(
                    writesDuringSave.get() > 1000, writesDuringSave + " writes during a save of " + saveMillis + " ms");
            assertTrue(
                    slowestWriteNanos.get() < TimeUnit.MILLISECONDS.toNanos(Math.max(250, saveMillis / 4)),
                    "the slowest write took " + TimeUnit.NANOSECONDS.toMillis(slowestWriteNanos.get())
                            + " ms during a save of " + saveMillis + " ms");
        }
    }

    private Path savedPrimaryFile(int keys) throws Exception {
        try (EmbeddedPrimary primary = StoreFiles.openPrimary("p", CONFIG, snapshotIn(dir))) {
            fill(primary.store(), keys);
        }
        Path stopped = dir.resolve(StoreFiles.STOPPED);
        Path file = dir.resolve(StoreFiles.SAVED);
        Files.move(stopped, file);
        return file;
    }

    private static SnapshotFileFooter footerOf(byte[] file) {
        return SnapshotFileFooter.decode(
                java.util.Arrays.copyOfRange(file, file.length - SnapshotFileFooter.FIXED_BYTES, file.length));
    }

    private static PersistenceConfig snapshotIn(Path dir) {
        return PersistenceConfig.snapshot(dir, 0, PersistenceConfig.OnCorrupt.REFUSE);
    }

    private static ReplicaStore replicaStore(String name) {
        return new ReplicaStore(name, 4, System::currentTimeMillis);
    }

    private static void fill(EmbeddedStore store, int keys) {
        for (int i = 0; i < keys; i++) {
            store.set(bytes("key-" + i), bytes("value-" + i));
        }
    }

    private static void fillValues(EmbeddedStore store, int keys, int valueBytes) {
        byte[] value = new byte[valueBytes];
        for (int i = 0; i < keys; i++) {
            value[i % valueBytes] = (byte) i;
            store.set(bytes("key-" + i), value);
        }
    }

    private static int shardOf(String key) {
        return io.fcrp.impl.protocol.KeyHash.shard(io.fcrp.impl.protocol.KeyHash.of(bytes(key)), 4);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Decoded decode(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Fcrp.run(
                new String[] {"decode", file.toString()},
                new java.io.ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ShutdownHooks.none());
        return new Decoded(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Decoded {
        final int exitCode;
        final String out;
        final String err;
        final List<String> lines;

        Decoded(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
            this.lines = new ArrayList<>(List.of(out.split("\n")));
        }
    }
}
