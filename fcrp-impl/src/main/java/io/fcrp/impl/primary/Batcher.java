package io.fcrp.impl.primary;

import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.CatchUp;
import io.fcrp.api.EncodedBatch;
import io.fcrp.api.FrameSubscription;
import io.fcrp.api.Metric;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.store.MutationSink;

/**
 * Turns applied mutations into MutationBatch frames, one shard per frame in sequence order.
 * A batch is encoded (and compressed) once; the same bytes go to the backlog and to every
 * subscribed replica queue. Publishing never waits for a replica.
 */
public final class Batcher implements ReplicationPrimary, MutationSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private volatile PrimaryConfig config;
    private final PendingBatch[] pending;
    private final AtomicLongArray published;
    private final Backlog backlog;
    private final CopyOnWriteArrayList<BatchQueue> subscribers = new CopyOnWriteArrayList<>();
    private final PrimaryMetrics metrics = new PrimaryMetrics();
    private final Thread flusher;
    private volatile boolean closed;

    /** @param sequenceBase the watermark of every shard before its first mutation */
    public Batcher(String name, PrimaryConfig config, long sequenceBase) {
        this.config = config;
        int shards = config.shardCount();
        pending = new PendingBatch[shards];
        long[] initial = new long[shards];
        Arrays.fill(initial, sequenceBase);
        published = new AtomicLongArray(initial);
        for (int shard = 0; shard < shards; shard++) {
            pending[shard] = new PendingBatch(shard, sequenceBase);
        }
        backlog = new Backlog(shards, sequenceBase, config.backlogBytes());
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
            throw new IllegalArgumentException("shard.count cannot change while the store holds data ("
                    + pending.length + " → " + next.shardCount() + ")");
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

    @Override
    public ShardWatermarks publishedWatermarks() {
        long[] values = new long[published.length()];
        for (int shard = 0; shard < values.length; shard++) {
            values[shard] = published.get(shard);
        }
        return ShardWatermarks.of(values);
    }

    @Override
    public void append(int shardId, long sequence, long timestampMs, MutationOp op, long keyHash, long expireAtMs,
            byte[] key, byte[] value) {
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
            if (batch.count == 0) {
                batch.open(System.nanoTime());
            }
            MutationBatchCodec.appendRecord(batch.writer, shardId, sequence, timestampMs, op, keyHash, expireAtMs, key,
                    value);
            batch.record(sequence, timestampMs);
            if (current.sendPolicy() == SendPolicy.IMMEDIATE || batch.count >= current.batchMaxRecords()
                    || batch.writer.payloadLength() >= current.batchMaxBytes()) {
                flushLocked(batch);
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
        append(shard, mutation.sequence(), mutation.timestampMs(), mutation.op(), mutation.keyHash(),
                mutation.expireAtMs(), mutation.key(), mutation.value());
    }

    @Override
    public void flush() {
        for (PendingBatch batch : pending) {
            synchronized (batch) {
                flushLocked(batch);
            }
        }
    }

    @Override
    public FrameSubscription subscribe(long maxBytes, int maxBatches) {
        BatchQueue queue = new BatchQueue(maxBytes, maxBatches, subscribers::remove);
        subscribers.add(queue);
        return queue;
    }

    @Override
    public CatchUp catchUp(ShardWatermarks since) {
        return backlog.catchUp(since);
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

    /** Publishes what is pending and stops the delay flusher. */
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
    }

    private void flushLocked(PendingBatch batch) {
        if (batch.count == 0) {
            return;
        }
        batch.writer.patchU32(FrameHeader.LENGTH, batch.count);
        long started = System.nanoTime();
        byte[] frame;
        PrimaryConfig current = config;
        try {
            frame = FrameCodec.encode(FrameKind.MUTATION_BATCH, batch.writer, current.compression(),
                    current.zstdLevel());
        } catch (ProtocolException e) {
            throw new IllegalStateException("batch cannot be framed: " + e.getMessage(), e);
        }
        metrics.add(Metric.COMPRESSION_NS, System.nanoTime() - started);
        EncodedBatch encoded = new EncodedBatch(frame, batch.shard, batch.firstSequence, batch.lastSequence,
                batch.count, batch.lastTimestampMs, batch.writer.payloadLength());
        metrics.observeQueueDepth(pendingRecords());
        batch.reset();
        publishLocked(encoded);
    }

    /** Backlog first, then the watermark, then the replicas: a subscriber that misses the batch finds it in the backlog. */
    private void publishLocked(EncodedBatch encoded) {
        backlog.push(encoded);
        published.set(encoded.shardId(), encoded.lastSequence());
        metrics.increment(Metric.SENT_BATCHES);
        metrics.add(Metric.SENT_RECORDS, encoded.recordCount());
        metrics.add(Metric.SENT_BYTES_COMPRESSED, encoded.frame().length);
        metrics.add(Metric.SENT_BYTES_UNCOMPRESSED, encoded.uncompressedPayloadLength());
        for (BatchQueue subscriber : subscribers) {
            if (!subscriber.offer(encoded)) {
                metrics.increment(Metric.BACKPRESSURE_EVENTS);
            }
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

    /** Publishes batches older than the configured delay; idles under the immediate policy. */
    private void flushOnDelay() {
        while (!closed) {
            PrimaryConfig current = config;
            long delayNanos = TimeUnit.MICROSECONDS.toNanos(current.batchMaxDelayMicros());
            if (current.sendPolicy() == SendPolicy.IMMEDIATE) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            LockSupport.parkNanos(delayNanos);
            long now = System.nanoTime();
            for (PendingBatch batch : pending) {
                synchronized (batch) {
                    if (batch.count > 0 && now - batch.openedAtNanos >= delayNanos) {
                        try {
                            flushLocked(batch);
                        } catch (RuntimeException e) {
                            LOG.error("publishing a batch of shard {} failed", batch.shard, e);
                        }
                    }
                }
            }
        }
    }

    /** The records of one shard not yet published. Guarded by its own monitor. */
    private static final class PendingBatch {
        final int shard;
        final PayloadWriter writer = new PayloadWriter(64 * 1024);
        int count;
        long firstSequence;
        long lastSequence;
        long lastTimestampMs;
        long openedAtNanos;
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
            openedAtNanos = nowNanos;
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
            writer.reset();
        }
    }
}
