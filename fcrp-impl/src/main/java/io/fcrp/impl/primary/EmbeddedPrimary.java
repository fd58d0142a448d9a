package io.fcrp.impl.primary;

import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.MemoryBudget;

/**
 * An embedded store wired to its batcher, both starting from a time-derived sequence base
 * (design.md), so that a restarted primary never seems to continue a replica's old watermarks.
 */
public final class EmbeddedPrimary implements AutoCloseable {

    private final Batcher batcher;
    private final EmbeddedStore store;

    private EmbeddedPrimary(Batcher batcher, EmbeddedStore store) {
        this.batcher = batcher;
        this.store = store;
    }

    /** Creates the pair; {@code name} appears in thread names and logs. */
    public static EmbeddedPrimary create(String name, PrimaryConfig config) {
        long base = EmbeddedStore.timeDerivedSequenceBase(System.currentTimeMillis());
        Batcher batcher = new Batcher(name, config, base);
        return new EmbeddedPrimary(batcher,
                new EmbeddedStore(name, config.shardCount(), base, batcher, System::currentTimeMillis,
                        new MemoryBudget(name, config.storeMaxBytes())));
    }

    /** The mutation stream: serve it, together with {@link #store()} as snapshot provider. */
    public Batcher batcher() {
        return batcher;
    }

    public EmbeddedStore store() {
        return store;
    }

    /** Stops the store's sweeper and the batcher's flusher, publishing what is pending. */
    @Override
    public void close() {
        store.close();
        batcher.close();
    }
}
