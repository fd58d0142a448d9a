package io.fcrp.impl.primary;

import io.fcrp.api.ShardWatermarks;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A replica session's position in the published stream: one cursor (a frame number) per shard
 * into the shard logs of the {@link Backlog}. The session copies frames from there; publishing
 * never waits for it. While the session is no more than {@code maxBytesBehind} bytes and
 * {@code maxBatchesBehind} batches behind in a shard, the frames it still needs are retained even
 * beyond the backlog's limit; a session further behind is overflowed (counted) and is served
 * from whatever the backlog still holds, or dropped when it no longer holds what it misses.
 *
 * <p>Cursors are read and written under the monitor of their shard's log.
 */
public final class Subscription implements AutoCloseable {

    private final Backlog backlog;
    private final Consumer<Subscription> onClose;
    private final long maxBytesBehind;
    private final int maxBatchesBehind;
    private final long[] cursor;
    private volatile Thread waiter;
    private volatile boolean overflowed;
    private int nextShard;

    Subscription(Backlog backlog, long maxBytesBehind, int maxBatchesBehind, Consumer<Subscription> onClose) {
        this.backlog = backlog;
        this.maxBytesBehind = maxBytesBehind;
        this.maxBatchesBehind = maxBatchesBehind;
        this.onClose = onClose;
        this.cursor = new long[backlog.shardCount()];
        for (int shard = 0; shard < cursor.length; shard++) {
            ShardLog log = backlog.log(shard);
            synchronized (log) {
                cursor[shard] = log.nextFrame();
            }
        }
    }

    /**
     * Positions every cursor at the first retained frame after {@code since}.
     *
     * @return false when the backlog cannot prove it holds everything after {@code since}
     *         (then a snapshot is needed, or the session must be dropped)
     */
    public boolean resumeAfter(ShardWatermarks since) {
        long[] start = new long[cursor.length];
        for (int shard = 0; shard < cursor.length; shard++) {
            start[shard] = backlog.log(shard).firstFrameAfter(since.get(shard));
            if (start[shard] < 0) {
                return false;
            }
        }
        for (int shard = 0; shard < cursor.length; shard++) {
            ShardLog log = backlog.log(shard);
            synchronized (log) {
                cursor[shard] = start[shard];
            }
        }
        return true;
    }

    /**
     * Copies unsent frames of every shard (starting with a different shard each time, so none
     * waits behind a busy one) into {@code target} while they fit.
     *
     * @param sent the last sequence sent per shard; frames entirely at or below it are skipped
     * @return frames copied; 0 with nothing pending, or when the next frame is larger than the
     *         target's room ({@link #nextFrameLength()}); -1 when a frame this session still
     *         needs was evicted
     */
    public int copyTo(ByteBuffer target, long[] sent) {
        int copied = 0;
        int shards = cursor.length;
        for (int i = 0; i < shards; i++) {
            int shard = (nextShard + i) % shards;
            int frames = backlog.log(shard).copyTo(target, cursor, sent);
            if (frames < 0) {
                return -1;
            }
            copied += frames;
        }
        nextShard = (nextShard + 1) % shards;
        return copied;
    }

    /** The size of the largest frame due next in any shard, so the caller can make room for it. */
    public int nextFrameLength() {
        int largest = 0;
        for (int shard = 0; shard < cursor.length; shard++) {
            ShardLog log = backlog.log(shard);
            synchronized (log) {
                largest = Math.max(largest, log.frameLengthAt(cursor[shard]));
            }
        }
        return largest;
    }

    /** True when some shard has frames this session has not copied yet; only for the session's own thread. */
    public boolean hasPending() {
        for (int shard = 0; shard < cursor.length; shard++) {
            if (backlog.log(shard).nextFrame() > cursor[shard]) {
                return true; // the session's own cursor, which only this thread writes
            }
        }
        return false;
    }

    /** Waits until something is published or {@code nanos} pass. */
    public void awaitPublished(long nanos) {
        waiter = Thread.currentThread();
        try {
            if (!hasPending()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waiter = null;
        }
    }

    /** True (once) when the session fell behind its limits since the last call. */
    public boolean takeOverflow() {
        if (!overflowed) {
            return false;
        }
        overflowed = false;
        return true;
    }

    /** Bytes of published frames this session has not copied yet. */
    public long bytesBehind() {
        long bytes = 0;
        for (int shard = 0; shard < cursor.length; shard++) {
            ShardLog log = backlog.log(shard);
            synchronized (log) {
                bytes += log.bytesFrom(cursor[shard]);
            }
        }
        return bytes;
    }

    /** Published frames this session has not copied yet. */
    public long batchesBehind() {
        long batches = 0;
        for (int shard = 0; shard < cursor.length; shard++) {
            batches += Math.max(0, backlog.log(shard).nextFrame() - cursorOf(shard));
        }
        return batches;
    }

    @Override
    public void close() {
        onClose.accept(this);
    }

    /** Wakes the session if it waits for news. */
    void signal() {
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Whether frame {@code frame} of {@code log} must stay retained for this session: it has not
     * sent it yet and is within its limits. Under the log's monitor.
     */
    boolean needs(ShardLog log, long frame) {
        return cursor[log.shard] <= frame && withinLimits(log);
    }

    /**
     * Notices (once per episode) that the session fell beyond its limits in {@code log}'s shard;
     * under the log's monitor. Returns true when it just did.
     */
    boolean overflowedIn(ShardLog log) {
        if (overflowed || withinLimits(log)) {
            return false;
        }
        overflowed = true;
        return true;
    }

    private boolean withinLimits(ShardLog log) {
        long at = cursor[log.shard];
        return log.bytesFrom(at) <= maxBytesBehind && log.nextFrame() - at <= maxBatchesBehind;
    }

    private long cursorOf(int shard) {
        ShardLog log = backlog.log(shard);
        synchronized (log) {
            return cursor[shard];
        }
    }
}
