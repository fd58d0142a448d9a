package io.fcrp.impl.store;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueView;

/** The read side shared by the primary and the replica store: reads hide expired entries. */
abstract class MapBackedView implements KeyValueView {

    private final LongSupplier clock;

    MapBackedView(LongSupplier clock) {
        this.clock = clock;
    }

    /** The map reads go to (a replica replaces its map on a snapshot). */
    abstract ShardedMap map();

    /** The clock entries expire by, Unix milliseconds. */
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public byte[] get(byte[] key) {
        return map().get(key, now());
    }

    @Override
    public Entry getEntry(byte[] key) {
        return map().getEntry(key, now());
    }

    @Override
    public long size() {
        return map().size();
    }

    @Override
    public void forEach(Consumer<Entry> action) {
        map().forEachLive(action, now());
    }

    /** Key and value bytes held. */
    public long keyValueBytes() {
        return map().keyValueBytes();
    }
}
