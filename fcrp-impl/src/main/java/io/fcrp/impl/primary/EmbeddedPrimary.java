package io.fcrp.impl.primary;

import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.MemoryBudget;
import java.util.Arrays;

/**
 * An embedded store wired to its batcher, both starting from a time-derived sequence base
 * (design.md), so that a restarted primary never seems to continue a replica's old watermarks;
 * or, for a primary reloaded from the file it wrote at a clean stop, from that file's watermarks.
 */
public final class EmbeddedPrimary implements AutoCloseable {

    private final Batcher batcher;
    private final EmbeddedStore store;
    private volatile AutoCloseable closedFirst;

    private EmbeddedPrimary(Batcher batcher, EmbeddedStore store) {
        this.batcher = batcher;
        this.store = store;
    }

    /** Creates the pair with a time-derived sequence base; {@code name} appears in thread names and logs. */
    public static EmbeddedPrimary create(String name, PrimaryConfig config) {
        long[] bases = new long[config.shardCount()];
        Arrays.fill(bases, EmbeddedStore.timeDerivedSequenceBase(System.currentTimeMillis()));
        return create(name, config, bases);
    }

    /** Creates the pair continuing each shard's sequence after {@code sequenceBases}. */
    public static EmbeddedPrimary create(String name, PrimaryConfig config, long[] sequenceBases) {
        Batcher batcher = new Batcher(name, config, sequenceBases);
        return new EmbeddedPrimary(
                batcher,
                new EmbeddedStore(
                        name,
                        sequenceBases,
                        batcher,
                        System::currentTimeMillis,
                        new MemoryBudget(name, config.storeMaxBytes())));
    }

    /**
     * Closes {@code resource} first when this closes, while the store is still whole (a
     * persistence saver writes its last file then); returns the one it replaces, or null.
     */
    public AutoCloseable closeFirst(AutoCloseable resource) {
        AutoCloseable previous = closedFirst;
        closedFirst = resource;
        return previous;
    }

    /** The mutation stream: serve it, together with {@link #store()} as snapshot provider. */
    public Batcher batcher() {
        return batcher;
    }

    public EmbeddedStore store() {
        return store;
    }

    /** Runs the close hook, then stops the store's sweeper and the batcher's flusher, publishing what is pending. */
    @Override
    public void close() {
        AutoCloseable first = closedFirst;
        closedFirst = null;
        try {
            if (first != null) {
                first.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("closing " + first + " failed: " + e.getMessage(), e);
        } finally {
            store.close();
            batcher.close();
        }
    }
}
