package io.fcrp.api;

/**
 * The off-heap memory of a store (keys and values live outside the Java heap): {@code heldBytes}
 * reserved from the JVM (slabs, large blocks, and on a replica a snapshot being loaded),
 * {@code usedBytes} of it by live entries (their keys, values, 16-byte headers and alignment), the
 * rest free for new entries or compaction.
 *
 * @param limitBytes {@code store.max.bytes}, 0 when only the JVM's direct memory limits the store
 * @param heldBytes off-heap bytes reserved from the JVM
 * @param usedBytes off-heap bytes of live entries
 */
public record StoreMemory(long limitBytes, long heldBytes, long usedBytes) {

    private static final StoreMemory NONE = new StoreMemory(0, 0, 0);

    public StoreMemory {
        Figures.requireNonNegative("limitBytes", limitBytes);
        Figures.requireNonNegative("heldBytes", heldBytes);
        Figures.requireNonNegative("usedBytes", usedBytes);
    }

    /** No memory of the instance's own: an external store (the application's to measure). */
    public static StoreMemory none() {
        return NONE;
    }

    public long freeBytes() {
        return Math.max(0, heldBytes - usedBytes);
    }
}
