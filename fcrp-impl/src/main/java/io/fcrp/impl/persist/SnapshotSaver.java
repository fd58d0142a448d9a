package io.fcrp.impl.persist;

import io.fcrp.impl.store.StoreSnapshot;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a store to its persistence file every {@code persistence.interval.s} on a thread of its
 * own, and once more when closed (a clean stop). A save takes a pinned snapshot, so writers wait
 * only for the per-shard slot copies, never for the disk. A failed save is logged and the
 * previous file stays as it was.
 */
public final class SnapshotSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSaver.class);
    private static final SnapshotSaver NONE = new SnapshotSaver(null, null, null, null, 0);

    private final String name;
    private final Supplier<StoreSnapshot> snapshots;
    private final Path periodicFile;
    private final Path finalFile;
    private final ScheduledExecutorService executor;
    private boolean closed;

    private SnapshotSaver(
            String name, Supplier<StoreSnapshot> snapshots, Path periodicFile, Path finalFile, long intervalSeconds) {
        this.name = name;
        this.snapshots = snapshots;
        this.periodicFile = periodicFile;
        this.finalFile = finalFile;
        if (intervalSeconds > 0) {
            executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "fcrp-persist-" + name);
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(
                    () -> save(periodicFile, false), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        } else {
            executor = null;
        }
    }

    /**
     * Saves {@code snapshots} into {@code periodicFile} every {@code intervalSeconds} (0: never)
     * and into {@code finalFile} when closed.
     */
    static SnapshotSaver start(
            String name, Supplier<StoreSnapshot> snapshots, Path periodicFile, Path finalFile, long intervalSeconds) {
        return new SnapshotSaver(name, snapshots, periodicFile, finalFile, intervalSeconds);
    }

    /** A saver that saves nothing (persistence none). */
    public static SnapshotSaver none() {
        return NONE;
    }

    /** Stops saving without a last save (the store lives on, e.g. handed to the next instance). */
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("FCRP '{}': a save to {} did not end within 30 s", name, periodicFile);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops saving, then saves once more into the final file (a clean stop). */
    @Override
    public void close() {
        if (finalFile == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop();
        save(finalFile, true);
    }

    private synchronized void save(Path file, boolean last) {
        long started = System.nanoTime();
        try (StoreSnapshot snapshot = snapshots.get()) {
            long bytes = SnapshotFileWriter.write(snapshot, file);
            String message = "FCRP '{}' saved {} entries at {} to {} ({} bytes in {} ms)";
            Object[] arguments = {
                name,
                snapshot.size(),
                snapshot.watermarks(),
                file,
                bytes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
            };
            if (last) {
                LOG.info(message, arguments);
            } else {
                LOG.debug(message, arguments);
            }
        } catch (Exception e) {
            LOG.error(
                    "FCRP '{}' could not save its store to {}: {}; the previous file is unchanged",
                    name,
                    file,
                    String.valueOf(e.getMessage()),
                    e);
        }
    }
}
