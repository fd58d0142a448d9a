package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.StoreMemory;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The read side shared by the primary and the replica store: reads hide expired entries and
 * return copies. A read that meets a map the replica has just replaced reads the new one.
 */
abstract class MapBackedView implements KeyValueView {

    private final LongSupplier clock;
    private final MemoryBudget budget;

    MapBackedView(LongSupplier clock, MemoryBudget budget) {
        this.clock = clock;
        this.budget = budget;
    }

    /** The map reads go to (a replica replaces its map on a snapshot). */
    abstract ShardedMap map();

    /** The clock entries expire by, Unix milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    /** The memory budget of this store (its limit can change at runtime). */
    public MemoryBudget budget() {
        return budget;
    }

    @Override
    public byte[] get(byte[] key) {
        while (true) {
            ShardedMap current = map();
            byte[] value = current.get(key, now());
            if (value != ShardedMap.CLOSED) {
                return value;
            }
            if (map() == current) {
                return null; // the store itself is closed: it holds nothing
            }
        }
    }

    @Override
    public Entry getEntry(byte[] key) {
        return entry(key, false);
    }

    @Override
    public Entry getWithGovernance(byte[] key) {
        return entry(key, true);
    }

    @Override
    public long governedCount() {
        return map().governed();
    }

    private Entry entry(byte[] key, boolean withGovernance) {
        while (true) {
            ShardedMap current = map();
            Entry entry = current.getEntry(key, now(), withGovernance);
            if (entry != ShardedMap.CLOSED_ENTRY) {
                return entry;
            }
            if (map() == current) {
                return null;
            }
        }
    }

    @Override
    public long size() {
        return map().size();
    }

    @Override
    public void forEach(Consumer<Entry> action) {
        forEach(action, false);
    }

    /** Visits every live entry, governed ones (with their metadata) too when {@code withGovernance}. */
    public void forEach(Consumer<Entry> action, boolean withGovernance) {
        while (true) {
            ShardedMap current = map();
            if (current.forEachLive(action, now(), withGovernance) || map() == current) {
                return; // visited, or the store itself is closed
            }
            // the replica replaced its data before the visit started: visit the new data
        }
    }

    /** Key and value bytes held. */
    public long keyValueBytes() {
        return map().keyValueBytes();
    }

    @Override
    public StoreMemory memory() {
        return new StoreMemory(budget.limitBytes(), budget.reservedBytes(), map().liveBlockBytes());
    }
}
