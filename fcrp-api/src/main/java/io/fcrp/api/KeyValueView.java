package io.fcrp.api;

import java.util.function.Consumer;

/**
 * Read access to a store. Expired entries are invisible. Returned arrays are copies that the
 * caller owns.
 */
public interface KeyValueView {

    /** The live value of {@code key}, or null when absent or expired. */
    byte[] get(byte[] key);

    /** The live entry of {@code key} with its expiry, or null when absent or expired. */
    Entry getEntry(byte[] key);

    /** Number of entries held, including expired ones not yet swept. */
    long size();

    /** Visits every live entry, shard by shard, in no particular order. */
    void forEach(Consumer<Entry> action);

    /** The store's off-heap memory now: its limit, what it holds and how much of that live entries use. */
    StoreMemory memory();
}
