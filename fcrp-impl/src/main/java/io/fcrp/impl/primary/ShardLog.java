package io.fcrp.impl.primary;

import java.nio.ByteBuffer;
import io.fcrp.impl.store.DirectBuffers;

/**
 * One shard's published MutationBatch frames, oldest first, in an off-heap ring: the backlog of
 * the shard and, at the same time, the live queue every replica session reads from with a cursor
 * (a frame number), copying frames out under this log's monitor. Frames are numbered from 0 in
 * push order; those from {@link #firstFrame} to {@link #nextFrame} are retained.
 *
 * <p>Retention is {@code limitBytes} of frames; an older frame is kept beyond that only while a
 * session that still has to send it is within its own lag limits (see {@link Subscription}). The
 * newest frame is always retained, whatever its size.
 */
final class ShardLog {

    private static final int INITIAL_RING_BYTES = 64 * 1024;

    /** The sessions that read the log. */
    interface Readers {
        /** Whether a session within its limits still has to send {@code frame}; under the log's monitor. */
        boolean needed(ShardLog log, long frame);

        /** Called under the log's monitor after each push, to notice sessions that fell too far behind. */
        void pushed(ShardLog log);
    }

    final int shard;
    private ByteBuffer ring;
    /** Absolute byte position that ring offset 0 stands for (moves when the ring is reallocated). */
    private long ringBase;
    private long headPosition;
    private long tailPosition;
    private long[] framePosition = new long[64];
    private int[] frameLength = new int[64];
    private long[] frameLastSequence = new long[64];
    private long[] frameTimestamp = new long[64];
    private long firstFrame;
    private volatile long nextFrame;
    /** Every sequence above this is retained (the last evicted sequence, or the start base). */
    private long floor;
    /** The last sequence ever pushed, retained or not. */
    private long highest;
    private long evictions;

    ShardLog(int shard, long sequenceBase) {
        this.shard = shard;
        this.floor = sequenceBase;
        this.highest = sequenceBase;
    }

    /**
     * Appends a frame ({@code frame[0..length)}) whose records end at {@code lastSequence}, first
     * evicting what the limit and the {@code readers} allow. A frame that direct memory cannot
     * hold is counted as pushed and evicted at once: sessions that needed it are dropped and
     * bootstrap again, nothing is published out of order.
     *
     * @return false when the frame could not be retained
     */
    synchronized boolean push(byte[] frame, int length, long lastSequence, long timestampMs, long limitBytes,
            Readers readers) {
        long frameNumber = nextFrame;
        while (firstFrame < frameNumber && retainedBytes() + length > limitBytes && !readers.needed(this, firstFrame)) {
            evictOldest();
        }
        if (!ensureRoom(length)) {
            while (firstFrame < frameNumber) {
                evictOldest();
            }
            if (!ensureRoom(length)) {
                floor = lastSequence;
                highest = lastSequence;
                evictions++;
                firstFrame = frameNumber + 1;
                nextFrame = frameNumber + 1;
                return false;
            }
        }
        if (frameNumber - firstFrame == framePosition.length) {
            growDescriptors();
        }
        int slot = slot(frameNumber);
        framePosition[slot] = headPosition;
        frameLength[slot] = length;
        frameLastSequence[slot] = lastSequence;
        frameTimestamp[slot] = timestampMs;
        copyIn(headPosition, frame, length);
        headPosition += length;
        highest = lastSequence;
        nextFrame = frameNumber + 1;
        readers.pushed(this);
        return true;
    }

    /** Number of the next frame to be pushed; read without the monitor to see whether there is news. */
    long nextFrame() {
        return nextFrame;
    }

    synchronized long firstFrame() {
        return firstFrame;
    }

    /**
     * The first retained frame that holds a sequence above {@code since}, {@link #nextFrame()}
     * when the replica misses nothing, or -1 when the log cannot prove it holds everything after
     * {@code since} (evicted, or {@code since} is ahead of everything pushed).
     */
    synchronized long firstFrameAfter(long since) {
        if (since == highest) {
            return nextFrame;
        }
        if (Long.compareUnsigned(since, highest) > 0 || Long.compareUnsigned(since, floor) < 0) {
            return -1;
        }
        long low = firstFrame;
        long high = nextFrame;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (Long.compareUnsigned(frameLastSequence[slot(middle)], since) > 0) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * Copies the frames from {@code cursor[shard]} on into {@code target} while they fit, skipping
     * frames whose sequences were all sent already ({@code sent[shard]}); advances both.
     *
     * @return the number of frames copied, or -1 when the cursor's frame is no longer retained
     */
    synchronized int copyTo(ByteBuffer target, long[] cursor, long[] sent) {
        long frame = cursor[shard];
        if (frame < firstFrame) {
            return -1;
        }
        int copied = 0;
        for (; frame < nextFrame; frame++) {
            int slot = slot(frame);
            if (Long.compareUnsigned(frameLastSequence[slot], sent[shard]) <= 0) {
                continue;
            }
            int length = frameLength[slot];
            if (length > target.remaining()) {
                break;
            }
            copyOut(framePosition[slot], length, target);
            sent[shard] = frameLastSequence[slot];
            copied++;
        }
        cursor[shard] = frame;
        return copied;
    }

    /** The size of the frame at {@code cursor}, or 0 when there is none. */
    synchronized int frameLengthAt(long cursor) {
        return cursor >= firstFrame && cursor < nextFrame ? frameLength[slot(cursor)] : 0;
    }

    /** Bytes of frames from {@code cursor} to the head; under this log's monitor. */
    long bytesFrom(long cursor) {
        if (cursor >= nextFrame) {
            return 0;
        }
        return headPosition - framePosition[slot(Math.max(cursor, firstFrame))];
    }

    synchronized long retainedBytesLocked() {
        return retainedBytes();
    }

    synchronized long retainedFrames() {
        return nextFrame - firstFrame;
    }

    synchronized long oldestTimestamp() {
        return firstFrame < nextFrame ? frameTimestamp[slot(firstFrame)] : 0;
    }

    synchronized long newestTimestamp() {
        return firstFrame < nextFrame ? frameTimestamp[slot(nextFrame - 1)] : 0;
    }

    synchronized long evictions() {
        return evictions;
    }

    /** Frees the ring's memory. */
    synchronized void close() {
        if (ring != null) {
            DirectBuffers.free(ring);
            ring = null;
        }
    }

    private long retainedBytes() {
        return headPosition - tailPosition;
    }

    private void evictOldest() {
        int slot = slot(firstFrame);
        tailPosition += frameLength[slot];
        floor = frameLastSequence[slot];
        firstFrame++;
        evictions++;
    }

    private int slot(long frame) {
        return (int) (frame & (framePosition.length - 1));
    }

    /** Makes the ring hold the retained bytes plus {@code length}; false when direct memory cannot. */
    private boolean ensureRoom(int length) {
        long needed = retainedBytes() + length;
        int capacity = ring == null ? 0 : ring.capacity();
        boolean tooSmall = needed > capacity;
        boolean oversized = capacity > INITIAL_RING_BYTES && needed < capacity / 4;
        if (!tooSmall && !oversized) {
            return true;
        }
        long wanted = tooSmall ? Math.max(needed, Math.max(INITIAL_RING_BYTES, 2L * capacity)) : 2 * needed;
        ByteBuffer next = DirectBuffers.allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(wanted, needed)));
        if (next == null) {
            return !tooSmall;
        }
        long retained = retainedBytes();
        if (retained > 0) {
            copyOut(tailPosition, (int) retained, next);
        }
        next.clear();
        if (ring != null) {
            DirectBuffers.free(ring);
        }
        ring = next;
        ringBase = tailPosition;
        return true;
    }

    private void growDescriptors() {
        int size = framePosition.length;
        long[] positions = new long[size * 2];
        int[] lengths = new int[size * 2];
        long[] sequences = new long[size * 2];
        long[] timestamps = new long[size * 2];
        for (long frame = firstFrame; frame < nextFrame; frame++) {
            int from = (int) (frame & (size - 1));
            int to = (int) (frame & (size * 2 - 1));
            positions[to] = framePosition[from];
            lengths[to] = frameLength[from];
            sequences[to] = frameLastSequence[from];
            timestamps[to] = frameTimestamp[from];
        }
        framePosition = positions;
        frameLength = lengths;
        frameLastSequence = sequences;
        frameTimestamp = timestamps;
    }

    private int ringOffset(long position) {
        return (int) ((position - ringBase) % ring.capacity());
    }

    private void copyIn(long position, byte[] source, int length) {
        int offset = ringOffset(position);
        int first = Math.min(length, ring.capacity() - offset);
        ring.put(offset, source, 0, first);
        if (first < length) {
            ring.put(0, source, first, length - first);
        }
    }

    /** Copies {@code length} bytes from {@code position} to the target's position, advancing it. */
    private void copyOut(long position, int length, ByteBuffer target) {
        int offset = ringOffset(position);
        int first = Math.min(length, ring.capacity() - offset);
        int at = target.position();
        target.put(at, ring, offset, first);
        if (first < length) {
            target.put(at + first, ring, 0, length - first);
        }
        target.position(at + length);
    }

    @Override
    public synchronized String toString() {
        return "shard " + shard + " log: frames " + firstFrame + ".." + nextFrame + ", " + retainedBytes() + " bytes";
    }
}
