package io.fcrp.impl.replica;

import java.util.Arrays;

import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolError;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.SnapshotChunk;
import io.fcrp.impl.store.ReplicaStore;

/**
 * Applies the frames of one replica session to the store (spec §6.2 step 4), strictly: a
 * snapshot must arrive as Begin, chunks 0…n with the Begin's watermarks, End; nothing else may
 * interleave; only a complete snapshot replaces the data. Records are de-duplicated per shard and
 * their key hash is checked against the key.
 */
final class StreamApplier implements MutationBatchCodec.RecordVisitor {

    private final ReplicaStore store;
    private final ReplicaCounters counters;
    private final AppliedMutationListener listener;
    private long[] primaryKnown;
    private PendingSnapshot snapshot;
    private boolean snapshotLoaded;
    private boolean backlogReplayed;
    private long batchNewestTimestamp;
    private long batchNow;
    private long batchApplied;
    private long batchSkipped;
    private final long[] helloWatermarks;

    StreamApplier(ReplicaStore store, ReplicaCounters counters, AppliedMutationListener listener,
            ShardWatermarks primaryAtHello) {
        this.store = store;
        this.counters = counters;
        this.listener = listener;
        this.helloWatermarks = primaryAtHello == null ? new long[0] : primaryAtHello.toArray();
        this.primaryKnown = helloWatermarks.clone();
    }

    /** The primary's watermarks as far as this session has seen them. */
    ShardWatermarks primaryWatermarks() {
        return ShardWatermarks.of(primaryKnown);
    }

    /** True once the local data covers everything the primary had published at the handshake. */
    boolean caughtUp() {
        ShardWatermarks local = store.watermarks();
        for (int shard = 0; shard < helloWatermarks.length; shard++) {
            if (Long.compareUnsigned(local.get(shard), helloWatermarks[shard]) < 0) {
                return false;
            }
        }
        return snapshot == null;
    }

    /** How the session bootstrapped so far: "snapshot", "backlog" or "none". */
    String bootstrapKind() {
        return snapshotLoaded ? "snapshot" : backlogReplayed ? "backlog" : "none";
    }

    /** Applies one frame; returns normally for frames v1 tells a replica to ignore. */
    void apply(Frame frame) throws ProtocolException {
        switch (frame.kind()) {
            case MUTATION_BATCH:
                if (snapshot != null) {
                    throw unexpected("MutationBatch arrived in the middle of a snapshot");
                }
                applyBatch(frame);
                break;
            case SNAPSHOT_BEGIN:
                if (snapshot != null) {
                    throw unexpected("a second SnapshotBegin arrived before SnapshotEnd");
                }
                snapshot = new PendingSnapshot(Payloads.decodeWatermarks(frame.reader()), store.stage());
                break;
            case SNAPSHOT_CHUNK:
                if (snapshot == null) {
                    throw unexpected("SnapshotChunk arrived without SnapshotBegin");
                }
                snapshot.addChunk(frame);
                break;
            case SNAPSHOT_END:
                if (snapshot == null) {
                    throw unexpected("SnapshotEnd arrived without SnapshotBegin");
                }
                snapshot.finish(Payloads.decodeWatermarks(frame.reader()));
                mergeKnown(snapshot.watermarks);
                snapshot = null;
                snapshotLoaded = true;
                counters.snapshotsLoaded.incrementAndGet();
                break;
            case ERROR:
                String message;
                try {
                    message = Payloads.decodeError(frame.reader());
                } catch (ProtocolException e) {
                    message = "unknown";
                }
                throw new ProtocolException(ProtocolError.UNEXPECTED_FRAME, "primary error frame: " + message);
            default:
                // Hello and Ack mid-stream are ignored, as by the reference replica
                break;
        }
    }

    private void applyBatch(Frame frame) throws ProtocolException {
        long started = System.nanoTime();
        batchNewestTimestamp = -1;
        batchNow = store.now();
        batchApplied = 0;
        batchSkipped = 0;
        try {
            MutationBatchCodec.visit(frame.reader(), this);
        } finally {
            store.publishWatermarks();
            counters.applied.addAndGet(batchApplied);
            counters.skipped.addAndGet(batchSkipped);
            counters.applyNanos.addAndGet(System.nanoTime() - started);
        }
        if (batchNewestTimestamp >= 0) {
            counters.lagMillis = Math.max(0, System.currentTimeMillis() - batchNewestTimestamp);
        }
    }

    @Override
    public void record(int shardId, long sequence, long timestampMs, MutationOp op, long keyHash, long keyTag,
            long expireAtMs, byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength)
            throws ProtocolException {
        if (Integer.compareUnsigned(shardId, ReplicaStore.MAX_PRIMARY_SHARDS) >= 0) {
            throw new ProtocolException(ProtocolError.SHARD_ID_OUT_OF_RANGE, "record shard id "
                    + Integer.toUnsignedString(shardId) + " is not below " + ReplicaStore.MAX_PRIMARY_SHARDS);
        }
        if (KeyHash.of(bytes, keyOffset, keyLength) != keyHash || KeyHash.tag(keyHash) != keyTag) {
            throw new ProtocolException(ProtocolError.KEY_HASH_MISMATCH, "record of shard " + shardId + " sequence "
                    + Long.toUnsignedString(sequence) + " carries a key hash or tag that does not match its key");
        }
        if (store.apply(shardId, sequence, op, keyHash, expireAtMs, bytes, keyOffset, keyLength, valueOffset,
                valueLength, batchNow)) {
            batchApplied++;
            if (shardId < helloWatermarks.length && Long.compareUnsigned(sequence, helloWatermarks[shardId]) <= 0) {
                backlogReplayed = true;
            }
            if (listener != null) {
                listener.applied(new Mutation(shardId, sequence, timestampMs, op, keyHash,
                        Arrays.copyOfRange(bytes, keyOffset, keyOffset + keyLength),
                        Arrays.copyOfRange(bytes, valueOffset, valueOffset + valueLength), expireAtMs));
            }
        } else {
            batchSkipped++;
        }
        batchNewestTimestamp = Math.max(batchNewestTimestamp, timestampMs);
        if (shardId >= primaryKnown.length) {
            primaryKnown = Arrays.copyOf(primaryKnown, shardId + 1);
        }
        if (Long.compareUnsigned(sequence, primaryKnown[shardId]) > 0) {
            primaryKnown[shardId] = sequence;
        }
    }

    private void mergeKnown(ShardWatermarks watermarks) {
        if (watermarks.size() > primaryKnown.length) {
            primaryKnown = Arrays.copyOf(primaryKnown, watermarks.size());
        }
        for (int shard = 0; shard < watermarks.size(); shard++) {
            if (Long.compareUnsigned(watermarks.get(shard), primaryKnown[shard]) > 0) {
                primaryKnown[shard] = watermarks.get(shard);
            }
        }
    }

    private static ProtocolException unexpected(String message) {
        return new ProtocolException(ProtocolError.UNEXPECTED_FRAME, message);
    }

    /** A snapshot being received into a staging store. */
    private static final class PendingSnapshot {
        final ShardWatermarks watermarks;
        final ReplicaStore.Staging staging;
        long nextChunk;
        boolean lastSeen;

        PendingSnapshot(ShardWatermarks watermarks, ReplicaStore.Staging staging) {
            this.watermarks = watermarks;
            this.staging = staging;
        }

        void addChunk(Frame frame) throws ProtocolException {
            if (lastSeen) {
                throw unexpected("SnapshotChunk arrived after the last chunk");
            }
            SnapshotChunk.Head head = SnapshotChunk.visit(frame.reader(), staging::add);
            if (head.chunkIndex != nextChunk) {
                throw unexpected("SnapshotChunk " + Long.toUnsignedString(head.chunkIndex) + " arrived, expected "
                        + nextChunk);
            }
            if (!head.watermarks.equals(watermarks)) {
                throw unexpected("SnapshotChunk watermarks " + head.watermarks + " differ from SnapshotBegin's "
                        + watermarks);
            }
            nextChunk++;
            lastSeen = head.last;
        }

        void finish(ShardWatermarks endWatermarks) throws ProtocolException {
            if (!lastSeen) {
                throw unexpected("SnapshotEnd arrived before the last SnapshotChunk");
            }
            if (!endWatermarks.equals(watermarks)) {
                throw unexpected("SnapshotEnd watermarks " + endWatermarks + " differ from SnapshotBegin's "
                        + watermarks);
            }
            staging.commit(watermarks);
        }
    }
}
