package io.fcrp.impl.primary;

import io.fcrp.impl.store.DirectBuffers;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One shard's published MutationBatch frames, oldest first, off the heap: the backlog of the
 * shard and, at the same time, the live queue every replica session reads from with a cursor (a
 * frame number), copying frames out under this log's monitor. Frames are numbered from 0 in push
 * order; those from {@link #firstFrame} to {@link #nextFrame} are retained.
 *
 * <p>Frames are appended to direct segments of a quarter of the retention, 64 KiB to 1 MiB (a
 * larger frame gets a segment of its own);
 * a segment whose frames were all evicted is kept for reuse or freed. So the log grows and
 * shrinks a segment at a time, never by copying itself, and a steady stream allocates nothing.
 *
 * <p>Retention is {@code limitBytes} of frames; an older frame is kept beyond that only while a
 * session that still has to send it is within its own lag limits (see {@link Subscription}). The
 * newest frame is always retained, whatever its size.
 */
final class ShardLog {

    private static final int MAX_SEGMENT_BYTES = 1024 * 1024;
    private static final int MIN_SEGMENT_BYTES = 64 * 1024;
    /** An emptied segment kept for the next one instead of being freed. */
    private static final int SPARE_SEGMENTS = 1;

    /** The sessions that read the log. */
    interface Readers {
        /** Whether a session within its limits still has to send {@code frame}; under the log's monitor. */
        boolean needed(ShardLog log, long frame);

        /** Called under the log's monitor after each push, to notice sessions that fell too far behind. */
        void pushed(ShardLog log);
    }

    /** A buffer of consecutive frames. */
    private static final class Segment {
        final ByteBuffer buffer;
        int used;
        /** The number of the last frame written into it. */
        long lastFrame = -1;

        Segment(ByteBuffer buffer) {
            this.buffer = buffer;
        }
    }

    final int shard;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>();
    /** Bytes ever pushed: frames have absolute positions in the stream, for measuring how far behind a reader is. */
    private long headPosition;

    private long retainedBytes;
    private long[] framePosition = new long[64];
    private Segment[] frameSegment = new Segment[64];
    private int[] frameOffset = new int[64];
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
    private boolean closed;
    private int segmentBytes = MAX_SEGMENT_BYTES;

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
    synchronized boolean push(
            byte[] frame, int length, long lastSequence, long timestampMs, long limitBytes, Readers readers) {
        long frameNumber = nextFrame;
        // a quarter of the retention, between 64 KiB and 1 MiB: small backlogs hold little slack
        segmentBytes = (int) Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, limitBytes / 4));
        while (firstFrame < frameNumber && retainedBytes + length > limitBytes && !readers.needed(this, firstFrame)) {
            evictOldest();
        }
        Segment segment = segmentWithRoom(length);
        if (segment == null) {
            while (firstFrame < frameNumber) {
                evictOldest();
            }
            spares.forEach(DirectBuffers::free);
            spares.clear();
            segment = segmentWithRoom(length);
        }
        if (segment == null || closed) {
            floor = lastSequence;
            highest = lastSequence;
            evictions++;
            firstFrame = frameNumber + 1;
            nextFrame = frameNumber + 1;
            return false;
        }
        if (frameNumber - firstFrame == framePosition.length) {
            growDescriptors();
        }
        int slot = slot(frameNumber);
        framePosition[slot] = headPosition;
        frameSegment[slot] = segment;
        frameOffset[slot] = segment.used;
        frameLength[slot] = length;
        frameLastSequence[slot] = lastSequence;
        frameTimestamp[slot] = timestampMs;
        segment.buffer.put(segment.used, frame, 0, length);
        segment.used += length;
        segment.lastFrame = frameNumber;
        headPosition += length;
        retainedBytes += length;
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
        if (frame < firstFrame || closed) {
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
            int at = target.position();
            target.put(at, frameSegment[slot].buffer, frameOffset[slot], length);
            target.position(at + length);
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
        return retainedBytes;
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

    /** Frees the segments; the log retains nothing afterwards. */
    synchronized void close() {
        closed = true;
        segments.forEach(segment -> DirectBuffers.free(segment.buffer));
        segments.clear();
        spares.forEach(DirectBuffers::free);
        spares.clear();
        java.util.Arrays.fill(frameSegment, null);
        firstFrame = nextFrame;
        retainedBytes = 0;
    }

    /** The last segment when the frame fits, else a new one; null when direct memory cannot hold one. */
    private Segment segmentWithRoom(int length) {
        Segment last = segments.peekLast();
        if (last != null && last.buffer.capacity() - last.used >= length) {
            return last;
        }
        int size = segmentBytes;
        ByteBuffer buffer =
                length <= size && spares.peek() != null && spares.peek().capacity() == size
                        ? spares.poll()
                        : DirectBuffers.allocate(Math.max(length, size));
        if (buffer == null) {
            return null;
        }
        Segment segment = new Segment(buffer);
        segments.addLast(segment);
        releaseEvictedSegments();
        return segment;
    }

    private void evictOldest() {
        int slot = slot(firstFrame);
        retainedBytes -= frameLength[slot];
        floor = frameLastSequence[slot];
        frameSegment[slot] = null;
        firstFrame++;
        evictions++;
        releaseEvictedSegments();
    }

    /** Recycles the oldest segments once every frame in them is evicted (the one being filled stays). */
    private void releaseEvictedSegments() {
        Segment oldest = segments.peekFirst();
        while (oldest != null && oldest != segments.peekLast() && oldest.lastFrame < firstFrame) {
            segments.pollFirst();
            if (oldest.buffer.capacity() == segmentBytes && spares.size() < SPARE_SEGMENTS) {
                spares.add(oldest.buffer);
            } else {
                DirectBuffers.free(oldest.buffer);
            }
            oldest = segments.peekFirst();
        }
    }

    private int slot(long frame) {
        return (int) (frame & (framePosition.length - 1));
    }

    private void growDescriptors() {
        int size = framePosition.length;
        long[] positions = new long[size * 2];
        Segment[] segmentsOf = new Segment[size * 2];
        int[] offsets = new int[size * 2];
        int[] lengths = new int[size * 2];
        long[] sequences = new long[size * 2];
        long[] timestamps = new long[size * 2];
        for (long frame = firstFrame; frame < nextFrame; frame++) {
            int from = (int) (frame & (size - 1));
            int to = (int) (frame & (size * 2 - 1));
            positions[to] = framePosition[from];
            segmentsOf[to] = frameSegment[from];
            offsets[to] = frameOffset[from];
            lengths[to] = frameLength[from];
            sequences[to] = frameLastSequence[from];
            timestamps[to] = frameTimestamp[from];
        }
        framePosition = positions;
        frameSegment = segmentsOf;
        frameOffset = offsets;
        frameLength = lengths;
        frameLastSequence = sequences;
        frameTimestamp = timestamps;
    }

    @Override
    public synchronized String toString() {
        return "shard " + shard + " log: frames " + firstFrame + ".." + nextFrame + ", " + retainedBytes + " bytes in "
                + segments.size() + " segments";
    }
}
