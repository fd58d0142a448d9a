package io.fcrp.impl.persist;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a primary's or a replica's store from its data directory and saves it there.
 *
 * <p>A primary writes {@value #SAVED} every {@code persistence.interval.s} while it serves and
 * {@value #STOPPED} at a clean stop, after its server has stopped: only that file's watermarks are
 * known to be the last sequences any replica received. Reloaded from it, the primary continues
 * each shard's sequence from there, so its replicas catch up from the backlog; the file is then
 * renamed to {@value #SAVED} before anything is served, since the new process will go beyond it.
 * Reloaded from {@value #SAVED} (a crash: writes after the last save may have reached replicas,
 * then been lost), or with another shard count, the primary keeps the data but takes a new
 * time-derived sequence base, so every replica gets a snapshot instead of a silent mix.
 *
 * <p>A replica writes {@value #SAVED} periodically and at every stop: its entries, its
 * watermarks and the primary they came from; reloaded, it resumes from the primary's backlog.
 */
public final class StoreFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);

    /** The file written while running, and a replica's file at a stop. */
    public static final String SAVED = "snapshot.fcrp";
    /** A primary's file written at a clean stop. */
    public static final String STOPPED = "stopped.fcrp";
    /** Appended to a corrupt file's name when the instance starts empty without it. */
    public static final String CORRUPT_SUFFIX = ".corrupt";

    private StoreFiles() {}

    /**
     * An embedded primary, loaded from its data directory when {@code persistence} is on and
     * saved there from now on (at a clean stop when it is closed).
     *
     * @throws CorruptSnapshotFileException when the file is corrupt and {@code persistence.on.corrupt} is refuse
     * @throws IOException when the directory cannot be read or written
     */
    public static EmbeddedPrimary openPrimary(String name, PrimaryConfig config, PersistenceConfig persistence)
            throws IOException {
        if (!persistence.enabled()) {
            return EmbeddedPrimary.create(name, config);
        }
        Path directory = Files.createDirectories(persistence.directory());
        Path stopped = directory.resolve(STOPPED);
        Path saved = directory.resolve(SAVED);
        Path file = Files.exists(stopped) ? stopped : Files.exists(saved) ? saved : null;
        EmbeddedPrimary embedded = null;
        if (file != null) {
            embedded = loadPrimary(name, config, persistence, file, file.equals(stopped));
            if (embedded != null && file.equals(stopped)) {
                SnapshotFileWriter.renameDurably(stopped, saved);
            }
        } else {
            LOG.info("FCRP primary '{}' has no persistence file in {} yet: it starts empty", name, directory);
        }
        if (embedded == null) {
            embedded = EmbeddedPrimary.create(name, config);
        }
        savePrimary(name, embedded, persistence);
        return embedded;
    }

    /**
     * Saves {@code embedded} as {@code persistence} says from now on, replacing how it was saved
     * so far (a changed configuration); nothing is loaded.
     */
    public static void savePrimary(String name, EmbeddedPrimary embedded, PersistenceConfig persistence) {
        SnapshotSaver saver = SnapshotSaver.none();
        if (persistence.enabled()) {
            Path directory = persistence.directory();
            saver = SnapshotSaver.start(
                    name,
                    embedded.store()::snapshot,
                    directory.resolve(SAVED),
                    directory.resolve(STOPPED),
                    persistence.intervalSeconds());
        }
        AutoCloseable previous = embedded.closeFirst(saver);
        if (previous instanceof SnapshotSaver running) {
            running.stop();
        }
    }

    /** The primary loaded from {@code file}, or null when it was corrupt and the operator chose to start empty. */
    private static EmbeddedPrimary loadPrimary(
            String name, PrimaryConfig config, PersistenceConfig persistence, Path file, boolean cleanStop)
            throws IOException {
        EmbeddedPrimary[] created = new EmbeddedPrimary[1];
        boolean[] continues = new boolean[1];
        try {
            SnapshotFileFooter footer = SnapshotFileReader.read(file, (watermarks, origin) -> {
                continues[0] = cleanStop && watermarks.size() == config.shardCount();
                created[0] = continues[0]
                        ? EmbeddedPrimary.create(name, config, watermarks.toArray())
                        : EmbeddedPrimary.create(name, config);
                return created[0].store()::load;
            });
            LOG.info(
                    "FCRP primary '{}' loaded {} entries from {}; {}",
                    name,
                    footer.entries(),
                    file,
                    continues[0]
                            ? "its sequences continue from the file's watermarks"
                            : cleanStop
                                    ? "the shard count changed, so its sequences start at a new base (replicas get a "
                                            + "snapshot)"
                                    : "the file was written while serving (no clean stop), so its sequences start at a new "
                                            + "base (replicas get a snapshot)");
            return created[0];
        } catch (CorruptSnapshotFileException e) {
            closeQuietly(created[0]);
            startEmptyOrRefuse("primary", name, persistence, e);
            return null;
        } catch (IOException | RuntimeException e) {
            closeQuietly(created[0]);
            throw e;
        }
    }

    /**
     * The replica's store: loaded from its data directory when {@code persistence} is on and a
     * file is there, otherwise empty.
     *
     * @throws CorruptSnapshotFileException when the file is corrupt and {@code persistence.on.corrupt} is refuse
     */
    public static ReplicaStore loadReplica(
            String name, int localShards, MemoryBudget budget, PersistenceConfig persistence) throws IOException {
        ReplicaStore store = new ReplicaStore(name, localShards, System::currentTimeMillis, budget);
        if (!persistence.enabled()) {
            return store;
        }
        Path file = persistence.directory().resolve(SAVED);
        if (!Files.exists(file)) {
            LOG.info("FCRP replica '{}' has no persistence file {} yet: it starts empty", name, file);
            return store;
        }
        try (ReplicaStore.Staging staging = store.stage()) {
            ShardWatermarks[] loaded = new ShardWatermarks[1];
            SnapshotFileFooter footer = SnapshotFileReader.read(file, (watermarks, origin) -> {
                loaded[0] = watermarks;
                return staging::add;
            });
            staging.commit(loaded[0], footer.origin().isEmpty() ? null : footer.origin());
            LOG.info(
                    "FCRP replica '{}' loaded {} entries of {} from {}", name, footer.entries(), footer.origin(), file);
        } catch (CorruptSnapshotFileException e) {
            try {
                startEmptyOrRefuse("replica", name, persistence, e);
            } catch (IOException refused) {
                store.close();
                throw refused;
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Saves a replica's store periodically and at every stop, or nothing without persistence. */
    public static SnapshotSaver replicaSaver(String name, ReplicaStore store, PersistenceConfig persistence) {
        if (!persistence.enabled()) {
            return SnapshotSaver.none();
        }
        Path file = persistence.directory().resolve(SAVED);
        return SnapshotSaver.start(name, store::snapshot, file, file, persistence.intervalSeconds());
    }

    private static void startEmptyOrRefuse(
            String role, String name, PersistenceConfig persistence, CorruptSnapshotFileException e)
            throws IOException {
        if (persistence.onCorrupt() == PersistenceConfig.OnCorrupt.REFUSE) {
            LOG.error(
                    "FCRP {} '{}' does not start: {}. Repair or remove the file, or set persistence.on.corrupt = "
                            + "start-empty (fcrp: --on-corrupt start-empty) to start with an empty store",
                    role,
                    name,
                    e.getMessage());
            throw e;
        }
        Path aside = e.file().resolveSibling(e.file().getFileName() + CORRUPT_SUFFIX);
        SnapshotFileWriter.renameDurably(e.file(), aside);
        LOG.error(
                "FCRP {} '{}' starts with an empty store as persistence.on.corrupt = start-empty says: {}. The file "
                        + "was kept as {}",
                role,
                name,
                e.getMessage(),
                aside);
    }

    private static void closeQuietly(EmbeddedPrimary embedded) {
        if (embedded != null) {
            embedded.close();
        }
    }
}
