package io.fcrp.impl.store;

import io.fcrp.api.StoreFullException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The off-heap memory of one shard, guarded by the shard's lock: 256 KiB direct slabs filled by a
 * bump pointer, and a buffer of its own for every block above {@link #LARGE_BLOCK_BYTES}. A freed
 * block is only marked dead; when dead bytes pass a quarter of the slabs, the emptiest slabs are
 * compacted (their live blocks copied to the head slab, their slots updated through the
 * {@link Relocator}) and reused, so overwrites of any mix of sizes reach a steady state.
 *
 * <p>While a snapshot is pinned to the arena nothing it may read changes: no block is
 * overwritten in place and no freed memory is reused until the last pin is released.
 *
 * <p>An address packs the slab index above {@link #OFFSET_BITS} bits of offset (in 8-byte units);
 * it is never 0, as slab index 0 is never used.
 */
final class SlabArena {

    static final int SLAB_BYTES = 256 * 1024;
    static final int LARGE_BLOCK_BYTES = 64 * 1024;
    static final int OFFSET_BITS = 15;
    static final int ADDRESS_BITS = 36;
    static final long ADDRESS_MASK = (1L << ADDRESS_BITS) - 1;
    private static final int MAX_SLABS = 1 << (ADDRESS_BITS - OFFSET_BITS);
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    /** Marks a slab index that holds one large block. */
    private static final int LARGE = -1;

    /** Told when compaction moves a live block, so that its slot can follow. */
    interface Relocator {
        void relocated(long from, long to);
    }

    private final MemoryBudget budget;
    private Relocator relocator;
    private ByteBuffer[] buffers = new ByteBuffer[8];
    /** Bump position of each regular slab, or {@link #LARGE}. */
    private int[] tops = new int[8];

    private int[] live = new int[8];
    private int nextIndex = 1;
    private int[] freeIndexes = new int[8];
    private int freeIndexCount;
    private int head;
    private int spare;
    /** Emptied while pinned: reused or freed when the last pin goes. */
    private int[] retired = new int[8];

    private int retiredCount;
    private int pins;
    private boolean closed;
    private int regularSlabs;
    private long liveBytes;
    private long largeBytes;

    SlabArena(MemoryBudget budget) {
        this.budget = budget;
    }

    void relocator(Relocator value) {
        relocator = value;
    }

    static int index(long address) {
        return (int) (address >>> OFFSET_BITS);
    }

    static int offset(long address) {
        return (int) (address & OFFSET_MASK) << 3;
    }

    private static long address(int index, int offset) {
        return ((long) index << OFFSET_BITS) | (offset >>> 3);
    }

    ByteBuffer buffer(long address) {
        return buffers[index(address)];
    }

    /** The slab array as of now: a pinned reader may keep using it, its slabs stay where they are. */
    ByteBuffer[] buffers() {
        return buffers;
    }

    /** Bytes of live blocks, headers and alignment included. */
    long liveBytes() {
        return liveBytes;
    }

    /**
     * Room for a block of {@code size} bytes (from {@link Block#size}).
     *
     * @throws StoreFullException when the budget cannot hold it even after compaction
     */
    long allocate(int size) {
        if (size > LARGE_BLOCK_BYTES) {
            return allocateLarge(size);
        }
        while (head == 0 || tops[head] + size > SLAB_BYTES) {
            advanceHead(size);
        }
        int offset = tops[head];
        tops[head] = offset + size;
        live[head] += size;
        liveBytes += size;
        return address(head, offset);
    }

    /** True while a snapshot reads this arena. */
    boolean pinned() {
        return pins > 0;
    }

    /** Marks the block dead and gives its room back (at once, or by compaction later). */
    void free(long address) {
        int index = index(address);
        ByteBuffer buffer = buffers[index];
        int offset = offset(address);
        int size = Block.sizeAt(buffer, offset);
        Block.markDead(buffer, offset);
        live[index] -= size;
        liveBytes -= size;
        if (tops[index] == LARGE) {
            largeBytes -= buffer.capacity();
            retireOrRelease(index);
        } else if (live[index] == 0 && index != head) {
            emptied(index);
        }
    }

    /** A snapshot starts reading this arena. */
    void pin() {
        pins++;
    }

    /** A snapshot is done with this arena; what was freed meanwhile becomes reusable. */
    void unpin() {
        if (--pins > 0) {
            return;
        }
        if (closed) {
            freeEverything();
            return;
        }
        int count = retiredCount;
        retiredCount = 0;
        for (int i = 0; i < count; i++) {
            release(retired[i]);
        }
    }

    /** Frees all memory now, or when the last pin goes. */
    void close() {
        closed = true;
        if (pins == 0) {
            freeEverything();
        }
    }

    // --- slabs

    /**
     * Moves the head to a slab with room for {@code size}: the spare, a new slab, or, when the
     * budget is exhausted, the slab that compacting in place frees most. Afterwards, compacts
     * when garbage has piled up.
     */
    private void advanceHead(int size) {
        int previous = head;
        int slab;
        if (spare != 0) {
            slab = spare;
            spare = 0;
            regularSlabs++;
        } else {
            slab = newSlabOrCompactInPlace(size);
        }
        head = slab;
        if (previous != 0 && previous != slab && live[previous] == 0) {
            emptied(previous);
        }
        if (pins == 0 && garbage() > Math.max(SLAB_BYTES, (long) regularSlabs * SLAB_BYTES / 4)) {
            compact();
        }
    }

    /** Bytes of regular slabs neither live nor still free in the head (a large buffer is always live). */
    private long garbage() {
        long headRoom = head == 0 ? 0 : SLAB_BYTES - tops[head];
        return (long) regularSlabs * SLAB_BYTES - (liveBytes - largeBytes) - headRoom;
    }

    /** Copies the live blocks of the emptiest slabs into the head while they fit and it pays. */
    private void compact() {
        while (true) {
            int victim = emptiestSlab();
            if (victim == 0 || live[victim] > SLAB_BYTES - tops[head] || live[victim] > SLAB_BYTES * 3 / 4) {
                return;
            }
            evacuate(victim);
            if (garbage() <= (long) regularSlabs * SLAB_BYTES / 8) {
                return;
            }
        }
    }

    private int emptiestSlab() {
        int best = 0;
        for (int index = 1; index < nextIndex; index++) {
            if (index != head && buffers[index] != null && tops[index] > 0 && (best == 0 || live[index] < live[best])) {
                best = index;
            }
        }
        return best;
    }

    private void evacuate(int victim) {
        ByteBuffer from = buffers[victim];
        ByteBuffer to = buffers[head];
        int end = tops[victim];
        int offset = 0;
        while (offset < end) {
            int size = Block.sizeAt(from, offset);
            if (!Block.isDead(from, offset)) {
                int target = tops[head];
                to.put(target, from, offset, size);
                tops[head] = target + size;
                live[head] += size;
                live[victim] -= size;
                relocator.relocated(address(victim, offset), address(head, target));
            }
            offset += size;
        }
        emptied(victim);
    }

    /** A regular slab holds nothing live any more. */
    private void emptied(int index) {
        tops[index] = 0;
        live[index] = 0;
        regularSlabs--;
        retireOrRelease(index);
    }

    /** Keeps one empty slab for the next head; frees the rest. */
    private void release(int index) {
        if (tops[index] == LARGE) {
            budget.free(buffers[index]);
            dropIndex(index);
        } else if (spare == 0) {
            spare = index;
        } else {
            budget.free(buffers[index]);
            dropIndex(index);
        }
    }

    private void retireOrRelease(int index) {
        if (pins > 0) {
            retire(index);
        } else {
            release(index);
        }
    }

    private void retire(int index) {
        if (retiredCount == retired.length) {
            retired = Arrays.copyOf(retired, retiredCount * 2);
        }
        retired[retiredCount++] = index;
    }

    private int newSlabOrCompactInPlace(int size) {
        try {
            ByteBuffer buffer = budget.allocate(SLAB_BYTES, liveBytes);
            regularSlabs++;
            return newIndex(buffer, 0);
        } catch (StoreFullException full) {
            int slab = pins == 0 ? roomiestSlab() : 0;
            if (slab == 0 || SLAB_BYTES - live[slab] < size) {
                throw full;
            }
            slideLiveBlocksDown(slab);
            return slab;
        }
    }

    /** The regular slab that compacting in place would leave with the most room. */
    private int roomiestSlab() {
        int best = 0;
        for (int index = 1; index < nextIndex; index++) {
            if (buffers[index] != null && tops[index] > 0 && (best == 0 || live[index] < live[best])) {
                best = index;
            }
        }
        return best;
    }

    /** Compacts a slab in place: its live blocks move to its start, its room to its end. */
    private void slideLiveBlocksDown(int slab) {
        ByteBuffer buffer = buffers[slab];
        int end = tops[slab];
        int write = 0;
        int read = 0;
        while (read < end) {
            int size = Block.sizeAt(buffer, read);
            if (!Block.isDead(buffer, read)) {
                if (write != read) {
                    buffer.put(write, buffer, read, size); // overlapping ranges copy as if through a buffer
                    relocator.relocated(address(slab, read), address(slab, write));
                }
                write += size;
            }
            read += size;
        }
        tops[slab] = write;
    }

    private long allocateLarge(int size) {
        ByteBuffer buffer = budget.allocate(size, liveBytes);
        int index = newIndex(buffer, LARGE);
        live[index] = size;
        liveBytes += size;
        largeBytes += buffer.capacity();
        return address(index, 0);
    }

    private int newIndex(ByteBuffer buffer, int top) {
        int index;
        if (freeIndexCount > 0) {
            index = freeIndexes[--freeIndexCount];
        } else {
            if (nextIndex == MAX_SLABS) {
                budget.free(buffer);
                throw new StoreFullException("a shard cannot address more than " + MAX_SLABS + " slabs");
            }
            index = nextIndex++;
            if (index == buffers.length) {
                int grown = buffers.length * 2;
                buffers = Arrays.copyOf(buffers, grown);
                tops = Arrays.copyOf(tops, grown);
                live = Arrays.copyOf(live, grown);
            }
        }
        buffers[index] = buffer;
        tops[index] = top;
        live[index] = 0;
        return index;
    }

    private void dropIndex(int index) {
        buffers[index] = null;
        tops[index] = 0;
        live[index] = 0;
        if (freeIndexCount == freeIndexes.length) {
            freeIndexes = Arrays.copyOf(freeIndexes, freeIndexCount * 2);
        }
        freeIndexes[freeIndexCount++] = index;
    }

    private void freeEverything() {
        for (int index = 1; index < nextIndex; index++) {
            if (buffers[index] != null) {
                budget.free(buffers[index]);
                buffers[index] = null;
            }
        }
        head = 0;
        spare = 0;
        retiredCount = 0;
        regularSlabs = 0;
        liveBytes = 0;
        largeBytes = 0;
    }
}
