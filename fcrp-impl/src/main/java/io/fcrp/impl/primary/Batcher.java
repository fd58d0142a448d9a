package io.fcrp.impl.primary;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.Metric;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameEncoder;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.store.MutationSink;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns applied mutations into MutationBatch frames, one shard per frame in sequence order.
 * A batch is encoded (and compressed) once, without allocating, into its shard's off-heap log in
 * the {@link Backlog}, which every replica session reads; publishing never waits for a replica.
 */
public final class Batcher implements ReplicationPrimary, MutationSink, ShardLog.Readers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);
    /** A pending batch's buffer that grew above this (a huge value) is given back after its flush. */
    private static final int KEPT_WRITER_BYTES = 4 * 1024 * 1024;
    /** The delay flusher's pause after a failure, before it tries again. */
    private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private volatile PrimaryConfig config;
    private final PendingBatch[] pending;
    private final AtomicLongArray published;
    private final Backlog backlog;
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final PrimaryMetrics metrics = new PrimaryMetrics();
    private final Thread flusher;
    /** True while the flusher sleeps with no batch open, so the next opened batch must wake it. */
    private volatile boolean flusherIdle;

    private volatile boolean closed;

    /** @param sequenceBase the watermark of every shard before its first mutation */
    public Batcher(String name, PrimaryConfig config, long sequenceBase) {
        this(
                name,
                config,
                LongStream.generate(() -> sequenceBase)
                        .limit(config.shardCount())
                        .toArray());
    }

    /** @param sequenceBases the watermark of each shard before its first mutation */
    public Batcher(String name, PrimaryConfig config, long[] sequenceBases) {
        if (sequenceBases.length != config.shardCount()) {
            throw new IllegalArgumentException(
                    sequenceBases.length + " sequence bases for " + config.shardCount() + " shards");
        }
        this.config = config;
        int shards = config.shardCount();
        pending = new PendingBatch[shards];
        published = new AtomicLongArray(sequenceBases.clone());
        for (int shard = 0; shard < shards; shard++) {
            pending[shard] = new PendingBatch(shard, sequenceBases[shard]);
        }
        backlog = new Backlog(sequenceBases, config.backlogBytes());
        flusher = new Thread(this::flushOnDelay, "fcrp-batcher-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Applies new compression, batching and backlog settings in place: what is pending is
     * published with the old settings first, so nothing is lost or re-ordered.
     *
     * @throws IllegalArgumentException when the shard count differs (that needs a new store)
     */
    public void reconfigure(PrimaryConfig next) {
        if (next.shardCount() != pending.length) {
            throw new IllegalArgumentException("shard.count cannot change while the store holds data (" + pending.length
                    + " → " + next.shardCount() + ")");
        }
        for (PendingBatch batch : pending) {
            synchronized (batch) {
                flushLocked(batch);
            }
        }
        config = next;
        backlog.limitBytes(next.backlogBytes());
        LockSupport.unpark(flusher);
    }

    @Override
    public int shardCount() {
        return pending.length;
    }

    @Override
    public ShardWatermarks currentWatermarks() {
        return publishedWatermarks();
    }

    /** Highest sequence per shard already published; never above what the store has applied. */
    public ShardWatermarks publishedWatermarks() {
        long[] values = new long[published.length()];
        for (int shard = 0; shard < values.length; shard++) {
            values[shard] = published.get(shard);
        }
        return ShardWatermarks.of(values);
    }

    @Override
    public long publish(int shardId) {
        PendingBatch batch = pending[shardId];
        synchronized (batch) {
            flushLocked(batch);
        }
        return published.get(shardId);
    }

    @Override
    public void append(
            int shardId,
            long sequence,
            long timestampMs,
            MutationOp op,
            long keyHash,
            long expireAtMs,
            byte[] key,
            byte[] value) {
        PendingBatch batch = pending[shardId];
        synchronized (batch) {
            if (Long.compareUnsigned(sequence, batch.lastAppended) <= 0) {
                throw new IllegalArgumentException("shard " + shardId + " sequence " + Long.toUnsignedString(sequence)
                        + " is not above the last published " + Long.toUnsignedString(batch.lastAppended));
            }
            PrimaryConfig current = config;
            int size = MutationBatchCodec.recordSize(key.length, value.length);
            if (batch.count > 0 && (long) batch.writer.payloadLength() + size > FrameHeader.MAX_PAYLOAD) {
                flushLocked(batch);
            }
            boolean opened = batch.count == 0;
            if (opened) {
                batch.open(System.nanoTime());
            }
            MutationBatchCodec.appendRecord(
                    batch.writer, shardId, sequence, timestampMs, op, keyHash, expireAtMs, key, value);
            batch.record(sequence, timestampMs);
            if (current.sendPolicy() == SendPolicy.IMMEDIATE
                    || batch.count >= current.batchMaxRecords()
                    || batch.writer.payloadLength() >= current.batchMaxBytes()) {
                flushLocked(batch);
            } else if (opened && flusherIdle) {
                LockSupport.unpark(flusher);
            }
        }
    }

    @Override
    public void publish(Mutation mutation) {
        int shard = mutation.shardId();
        if (shard < 0 || shard >= pending.length) {
            metrics.increment(Metric.DROPS);
            throw new IllegalArgumentException("shard " + shard + " is not below the shard count " + pending.length);
        }
        append(
                shard,
                mutation.sequence(),
                mutation.timestampMs(),
                mutation.op(),
                mutation.keyHash(),
                mutation.expireAtMs(),
                mutation.key(),
                mutation.value());
    }

    @Override
    public void flush() {
        for (PendingBatch batch : pending) {
            synchronized (batch) {
                flushLocked(batch);
            }
        }
    }

    /**
     * A position in the stream for a replica session, at the head: frames published from now on
     * are retained for it while it stays within {@code maxBytesBehind} and {@code maxBatchesBehind}
     * per shard. Close it when the session ends.
     */
    public Subscription subscribe(long maxBytesBehind, int maxBatchesBehind) {
        Subscription subscription = new Subscription(backlog, maxBytesBehind, maxBatchesBehind, subscriptions::remove);
        subscriptions.add(subscription);
        return subscription;
    }

    @Override
    public boolean needed(ShardLog log, long frame) {
        for (Subscription subscription : subscriptions) {
            if (subscription.needs(log, frame)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void pushed(ShardLog log) {
        for (Subscription subscription : subscriptions) {
            if (subscription.overflowedIn(log)) {
                metrics.increment(Metric.BACKPRESSURE_EVENTS);
            }
        }
    }

    @Override
    public ReplicationMetrics metrics() {
        long emitted = 0;
        long depth = 0;
        for (PendingBatch batch : pending) {
            synchronized (batch) {
                emitted += batch.appended;
                depth += batch.count;
            }
        }
        return metrics.read(emitted, depth);
    }

    @Override
    public BacklogStats backlogStats() {
        return backlog.stats();
    }

    /** Publishes what is pending, stops the delay flusher and frees the backlog's memory. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(flusher);
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
        backlog.close();
    }

    private void flushLocked(PendingBatch batch) {
        if (batch.count == 0) {
            return;
        }
        batch.writer.patchU32(FrameHeader.LENGTH, batch.count);
        long started = System.nanoTime();
        PrimaryConfig current = config;
        try {
            batch.encoder.encode(FrameKind.MUTATION_BATCH, batch.writer, current.compression(), current.zstdLevel());
        } catch (ProtocolException e) {
            throw new IllegalStateException("batch cannot be framed: " + e.getMessage(), e);
        }
        metrics.add(Metric.COMPRESSION_NS, System.nanoTime() - started);
        metrics.observeQueueDepth(pendingRecords());
        int frameLength = batch.encoder.length();
        // the log first, then the watermark: a replica never sees a watermark whose frames it cannot find
        if (!backlog.push(
                batch.shard, batch.encoder.array(), frameLength, batch.lastSequence, batch.lastTimestampMs, this)) {
            LOG.error(
                    "the backlog of shard {} could not hold a frame of {} bytes (direct memory exhausted): "
                            + "replicas that still needed it bootstrap again",
                    batch.shard,
                    frameLength);
        }
        published.set(batch.shard, batch.lastSequence);
        metrics.increment(Metric.SENT_BATCHES);
        metrics.add(Metric.SENT_RECORDS, batch.count);
        metrics.add(Metric.SENT_BYTES_COMPRESSED, frameLength);
        metrics.add(Metric.SENT_BYTES_UNCOMPRESSED, batch.writer.payloadLength());
        batch.reset();
        for (Subscription subscription : subscriptions) {
            subscription.signal();
        }
    }

    /** Records appended but not yet published, read without locks (a gauge). */
    private long pendingRecords() {
        long depth = 0;
        for (PendingBatch batch : pending) {
            depth += batch.count;
        }
        return depth;
    }

    /**
     * Publishes each open batch once it is older than the configured delay. It sleeps until the
     * oldest open batch is due, and without any deadline while no batch is open (an append that
     * opens one wakes it). A failure, even an {@link Error}, is logged once and retried after a
     * pause until publishing works again: this thread must not die while batches wait for it.
     */
    private void flushOnDelay() {
        boolean failing = false;
        while (!closed) {
            Throwable failure;
            try {
                failure = flushDueBatches();
            } catch (Throwable e) {
                failure = e;
            }
            if (failure == null) {
                if (failing) {
                    LOG.info("publishing batches on their delay works again");
                    failing = false;
                }
                continue;
            }
            if (!failing) {
                LOG.error(
                        "publishing batches on their delay failed; retrying every {} ms",
                        TimeUnit.NANOSECONDS.toMillis(FAILURE_PAUSE_NANOS),
                        failure);
                failing = true;
            }
            LockSupport.parkNanos(this, FAILURE_PAUSE_NANOS);
        }
    }

    /**
     * Waits until the oldest open batch is due, then publishes every batch that is; one round.
     * Returns the first failure to publish a batch (the other shards' are published all the same).
     */
    private Throwable flushDueBatches() {
        PrimaryConfig current = config;
        long delayNanos = TimeUnit.MICROSECONDS.toNanos(current.batchMaxDelayMicros());
        long oldest = oldestOpenBatch();
        if (oldest == 0 || current.sendPolicy() == SendPolicy.IMMEDIATE) {
            flusherIdle = true;
            if (oldestOpenBatch() == 0 || current.sendPolicy() == SendPolicy.IMMEDIATE) {
                LockSupport.park(this);
            }
            flusherIdle = false;
            return null;
        }
        long wait = oldest + delayNanos - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(this, wait);
            return null;
        }
        long now = System.nanoTime();
        Throwable failure = null;
        for (PendingBatch batch : pending) {
            long opened = batch.openedAtNanos;
            if (opened != 0 && now - opened >= delayNanos) {
                synchronized (batch) {
                    if (batch.count > 0 && now - batch.openedAtNanos >= delayNanos) {
                        try {
                            flushLocked(batch);
                        } catch (RuntimeException | Error e) {
                            failure = failure == null ? e : failure;
                        }
                    }
                }
            }
        }
        return failure;
    }

    /** The open time of the oldest open batch, or 0 when none is open; read without locks. */
    private long oldestOpenBatch() {
        long oldest = 0;
        for (PendingBatch batch : pending) {
            long opened = batch.openedAtNanos;
            if (opened != 0 && (oldest == 0 || opened - oldest < 0)) {
                oldest = opened;
            }
        }
        return oldest;
    }

    /** The records of one shard not yet published. Guarded by its own monitor. */
    private static final class PendingBatch {
        final int shard;
        final PayloadWriter writer = new PayloadWriter(64 * 1024);
        final FrameEncoder encoder = new FrameEncoder();
        int count;
        long firstSequence;
        long lastSequence;
        long lastTimestampMs;
        /** When the open batch was opened ({@link System#nanoTime()}, never 0), or 0 when none is open. */
        volatile long openedAtNanos;

        long lastAppended;
        /** Records appended since start (the reference's emitted_mutations). */
        long appended;

        PendingBatch(int shard, long sequenceBase) {
            this.shard = shard;
            this.lastAppended = sequenceBase;
        }

        void open(long nowNanos) {
            writer.reset();
            writer.u32(0); // record count, patched when the batch is published
            openedAtNanos = nowNanos == 0 ? 1 : nowNanos;
        }

        void record(long sequence, long timestampMs) {
            if (count == 0) {
                firstSequence = sequence;
            }
            count++;
            appended++;
            lastSequence = sequence;
            lastAppended = sequence;
            lastTimestampMs = timestampMs;
        }

        void reset() {
            count = 0;
            openedAtNanos = 0;
            writer.reset(KEPT_WRITER_BYTES);
            encoder.trim();
        }
    }
}
