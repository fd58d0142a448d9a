package io.fcrp.impl.store;

import io.fcrp.api.StoreFullException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The off-heap memory of one store: every slab and large block is reserved here before it is
 * allocated, against {@code store.max.bytes} (0: only the JVM's direct memory limits it).
 * Shared by the store's shards and, on a replica, by a snapshot being staged.
 */
public final class MemoryBudget {

    private final String storeName;
    private volatile long limitBytes;
    private final AtomicLong reserved = new AtomicLong();

    /** @param limitBytes the most off-heap memory the store may hold; 0 = no limit of its own */
    public MemoryBudget(String storeName, long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("store.max.bytes must not be negative, not " + limitBytes);
        }
        this.storeName = storeName;
        this.limitBytes = limitBytes;
    }

    /** An unlimited budget, for tools and tests. */
    public static MemoryBudget unlimited(String storeName) {
        return new MemoryBudget(storeName, 0);
    }

    /** The configured limit, 0 when none. */
    public long limitBytes() {
        return limitBytes;
    }

    /**
     * A new limit, for allocations from now on; a limit below what is held makes writes that need
     * new memory fail until enough is freed.
     */
    public void limitBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("store.max.bytes must not be negative, not " + bytes);
        }
        limitBytes = bytes;
    }

    /** Off-heap bytes the store holds now (slabs, large blocks, spare and retired ones). */
    public long reservedBytes() {
        return reserved.get();
    }

    /**
     * A new direct buffer of {@code bytes}, counted against the limit.
     *
     * @throws StoreFullException when the limit or the JVM's direct memory cannot hold it
     */
    ByteBuffer allocate(int bytes, long liveBytesForMessage) {
        while (true) {
            long current = reserved.get();
            long limit = limitBytes;
            if (limit > 0 && current + bytes > limit) {
                throw new StoreFullException("store '" + storeName + "' is full: " + bytes + " more bytes would exceed "
                        + "store.max.bytes " + limit + " (" + current + " bytes held, " + liveBytesForMessage
                        + " of them by entries)");
            }
            if (reserved.compareAndSet(current, current + bytes)) {
                break;
            }
        }
        ByteBuffer buffer = DirectBuffers.allocate(bytes);
        if (buffer == null) {
            reserved.addAndGet(-bytes);
            throw new StoreFullException("store '" + storeName + "' is full: the JVM's direct memory cannot hold "
                    + bytes + " more bytes (" + reserved.get() + " bytes held by the store); raise "
                    + "-XX:MaxDirectMemorySize or set a lower store.max.bytes");
        }
        return buffer;
    }

    /** Returns a buffer from {@link #allocate} to the JVM. */
    void free(ByteBuffer buffer) {
        reserved.addAndGet(-buffer.capacity());
        DirectBuffers.free(buffer);
    }
}
