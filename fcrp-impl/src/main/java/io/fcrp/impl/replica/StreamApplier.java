package io.fcrp.impl.replica;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolError;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.RecordView;
import io.fcrp.impl.protocol.SnapshotSequence;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.store.SequencedStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies the frames of one replica session to the store (spec §6.2 step 4), strictly: a
 * snapshot must arrive as Begin, chunks 0…n with the Begin's watermarks, End; nothing else may
 * interleave; only a complete snapshot replaces the data. Records are de-duplicated per shard and
 * their key hash is checked against the key. A record that leaves a gap in its shard's sequence
 * is held back (see {@link GapHold}) until the gap fills or {@code gap.wait.ms} runs out; held
 * records are not applied, so the watermark a reconnect asks from stays before the gap.
 *
 * <p>A fresh bootstrap (the session asked with zero watermarks: a new primary, a restarted one, a
 * resync) never touches the live data until it is complete: a snapshot is staged as always, and
 * records a primary replays from its backlog (a reference primary that never trimmed it answers
 * {@code since = 0} so) are applied to a staging store too, which replaces the data atomically
 * once it reaches the primary's watermarks from the handshake. Live records then go to the new data.
 */
final class StreamApplier implements MutationBatchCodec.RecordVisitor {

    /** Hears of every complete bootstrap that replaced the whole store. */
    @FunctionalInterface
    interface ReplacementListener {
        /** @param how "snapshot" or "backlog replay" */
        void replaced(String how, long entriesBefore, long entriesAfter);
    }

    private final ReplicaStore store;
    private final ReplicaCounters counters;
    private final AppliedMutationListener listener;
    private final ReplacementListener replacements;
    private final String upstream;
    private long[] primaryKnown;
    private SnapshotSequence snapshot;
    private ReplicaStore.Staging snapshotStaging;
    /** The staging of a fresh bootstrap until it is complete, else null. */
    private ReplicaStore.Staging fresh;
    /** Where records go: the store, or {@link #fresh}. */
    private SequencedStore target;

    private boolean snapshotLoaded;
    private boolean backlogReplayed;
    private long batchNewestTimestamp;
    private long batchNow;
    private long batchApplied;
    private long batchSkipped;
    private final long[] helloWatermarks;
    private final boolean helloKnown;
    private final long gapWaitNanos;
    private final long maxHeldBytes;
    private final Map<Integer, GapHold> holds = new HashMap<>();
    private final RecordView recordView = new RecordView();
    private long heldBytes;

    /**
     * @param primaryAtHello the primary's watermarks from the handshake, or null when unknown (a
     *        fresh bootstrap then completes only with a snapshot)
     * @param freshBootstrap true when the session asked with zero watermarks to replace the data
     * @param upstream the primary ({@code host:port}), the origin of data that replaces the store's
     */
    StreamApplier(
            ReplicaStore store,
            ReplicaCounters counters,
            AppliedMutationListener listener,
            ShardWatermarks primaryAtHello,
            long gapWaitMillis,
            long maxHeldBytes,
            boolean freshBootstrap,
            String upstream,
            ReplacementListener replacements) {
        this.store = store;
        this.upstream = upstream;
        this.counters = counters;
        this.listener = listener;
        this.replacements = replacements;
        this.helloKnown = primaryAtHello != null;
        this.helloWatermarks = primaryAtHello == null ? new long[0] : primaryAtHello.toArray();
        this.primaryKnown = helloWatermarks.clone();
        this.gapWaitNanos = TimeUnit.MILLISECONDS.toNanos(gapWaitMillis);
        this.maxHeldBytes = maxHeldBytes;
        this.fresh = freshBootstrap ? store.stage() : null;
        this.target = freshBootstrap ? fresh : store;
        finishFreshBootstrapWhenComplete(); // a primary that has never written anything has nothing to send
    }

    /** The primary's watermarks as far as this session has seen them. */
    ShardWatermarks primaryWatermarks() {
        return ShardWatermarks.of(primaryKnown);
    }

    /** True once the local data covers everything the primary had published at the handshake. */
    boolean caughtUp() {
        return fresh == null && reached(store);
    }

    /**
     * True when the data holds everything this session has seen the primary publish (handshake,
     * batches, heartbeats), with nothing held, staged or half-loaded. Allocates nothing.
     */
    private boolean holdsAllKnown() {
        if (fresh != null || snapshot != null || !holds.isEmpty()) {
            return false;
        }
        for (int shard = 0; shard < primaryKnown.length; shard++) {
            if (primaryKnown[shard] != 0 && !store.isDuplicate(shard, primaryKnown[shard])) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code applied} covers the primary's watermarks from the handshake, with nothing held or half-loaded. */
    private boolean reached(SequencedStore applied) {
        if (!holds.isEmpty() || snapshot != null) {
            return false;
        }
        ShardWatermarks local = applied.watermarks();
        for (int shard = 0; shard < helloWatermarks.length; shard++) {
            if (Long.compareUnsigned(local.get(shard), helloWatermarks[shard]) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Replaces the data with a fresh bootstrap's records once they reach the handshake's watermarks. */
    private void finishFreshBootstrapWhenComplete() {
        if (fresh == null || !helloKnown || !reached(fresh)) {
            return;
        }
        long before = store.size();
        fresh.commit(upstream);
        fresh = null;
        target = store;
        replacements.replaced("backlog replay", before, store.size());
    }

    /** How the session bootstrapped so far. */
    BootstrapKind bootstrapKind() {
        return snapshotLoaded ? BootstrapKind.SNAPSHOT : backlogReplayed ? BootstrapKind.BACKLOG : BootstrapKind.NONE;
    }

    /** Frees a snapshot or fresh bootstrap that was being received when the session ended; the data stays as it was. */
    void close() {
        if (snapshotStaging != null) {
            snapshotStaging.close();
            snapshotStaging = null;
            snapshot = null;
        }
        if (fresh != null) {
            fresh.close();
            fresh = null;
        }
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
                snapshotStaging = store.stage();
                snapshot = new SnapshotSequence(frame, snapshotStaging::add);
                break;
            case SNAPSHOT_CHUNK:
                if (snapshot == null) {
                    throw unexpected("SnapshotChunk arrived without SnapshotBegin");
                }
                snapshot.chunk(frame);
                break;
            case SNAPSHOT_END:
                if (snapshot == null) {
                    throw unexpected("SnapshotEnd arrived without SnapshotBegin");
                }
                snapshot.end(frame);
                commitSnapshot();
                break;
            case ERROR:
                String message;
                try {
                    message = Payloads.decodeError(frame.reader());
                } catch (ProtocolException e) {
                    message = "unknown";
                }
                throw new ProtocolException(ProtocolError.UNEXPECTED_FRAME, "primary error frame: " + message);
            case ACK:
                // a Java primary's heartbeat carries its published watermarks (the reference sends none)
                mergeKnown(Payloads.decodeWatermarks(frame.reader()));
                counters.lag.heartbeat(holdsAllKnown());
                break;
            default:
                // a Hello mid-stream is ignored, as by the reference replica
                break;
        }
    }

    /** Replaces the whole store with the snapshot; a fresh bootstrap is complete with it. */
    private void commitSnapshot() {
        long before = store.size();
        snapshotStaging.commit(snapshot.watermarks(), upstream);
        mergeKnown(snapshot.watermarks());
        snapshotStaging = null;
        snapshot = null;
        if (fresh != null) {
            fresh.close(); // records staged before the snapshot are part of it
            fresh = null;
        }
        target = store;
        snapshotLoaded = true;
        counters.snapshotsLoaded.incrementAndGet();
        replacements.replaced("snapshot", before, store.size());
        settleHolds();
    }

    private void applyBatch(Frame frame) throws ProtocolException {
        long started = System.nanoTime();
        batchNewestTimestamp = -1;
        batchNow = store.now();
        batchApplied = 0;
        batchSkipped = 0;
        try {
            MutationBatchCodec.visit(frame.reader(), recordView, this);
            releaseHolds(heldBytes > maxHeldBytes);
        } finally {
            target.publishWatermarks();
            counters.applied.addAndGet(batchApplied);
            counters.skipped.addAndGet(batchSkipped);
            counters.applyNanos.addAndGet(System.nanoTime() - started);
        }
        finishFreshBootstrapWhenComplete();
        if (batchNewestTimestamp >= 0) {
            counters.lag.batchApplied(batchNewestTimestamp, holdsAllKnown());
        }
    }

    @Override
    public void record(RecordView record) throws ProtocolException {
        int shardId = record.shardId();
        long sequence = record.sequence();
        if (Integer.compareUnsigned(shardId, ReplicaStore.MAX_PRIMARY_SHARDS) >= 0) {
            throw new ProtocolException(
                    ProtocolError.SHARD_ID_OUT_OF_RANGE,
                    "record shard id " + Integer.toUnsignedString(shardId) + " is not below "
                            + ReplicaStore.MAX_PRIMARY_SHARDS);
        }
        byte[] bytes = record.bytes();
        long keyHash = record.keyHash();
        if (KeyHash.of(bytes, record.keyOffset(), record.keyLength()) != keyHash
                || KeyHash.tag(keyHash) != record.keyTag()) {
            throw new ProtocolException(
                    ProtocolError.KEY_HASH_MISMATCH,
                    "record of shard " + shardId + " sequence " + Long.toUnsignedString(sequence)
                            + " carries a key hash or tag that does not match its key");
        }
        batchNewestTimestamp = Math.max(batchNewestTimestamp, record.timestampMs());
        noteKnown(shardId, sequence);
        if (target.isDuplicate(shardId, sequence)) {
            batchSkipped++;
            return;
        }
        GapHold hold = holds.isEmpty() ? null : holds.get(shardId);
        if (hold == null && (gapWaitNanos == 0 || target.continues(shardId, sequence))) {
            applyRecord(record);
            return;
        }
        if (hold == null) {
            hold = new GapHold(System.nanoTime());
            holds.put(shardId, hold);
        }
        RecordView held = record.detach();
        hold.add(held);
        heldBytes += GapHold.bytes(held);
    }

    /**
     * Applies held records that have become contiguous; with {@code force}, or once a hold has
     * waited {@code gap.wait.ms}, applies them across the gap (a primary may number with gaps).
     */
    private void releaseHolds(boolean force) {
        if (holds.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Iterator<Map.Entry<Integer, GapHold>> entries = holds.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Integer, GapHold> entry = entries.next();
            int shardId = entry.getKey();
            GapHold hold = entry.getValue();
            boolean acceptGap = force || now - hold.openedAtNanos() >= gapWaitNanos;
            RecordView next;
            while ((next = hold.peek()) != null) {
                if (target.isDuplicate(shardId, next.sequence())) {
                    batchSkipped++;
                } else if (target.continues(shardId, next.sequence())) {
                    applyRecord(next);
                } else if (acceptGap) {
                    counters.gaps.incrementAndGet();
                    applyRecord(next);
                } else {
                    break;
                }
                heldBytes -= GapHold.bytes(hold.poll());
            }
            if (hold.isEmpty()) {
                entries.remove();
            }
        }
    }

    /** Applies the holds that are now contiguous or have waited long enough, outside any batch. */
    void settleHolds() {
        if (holds.isEmpty()) {
            return;
        }
        batchNow = store.now();
        batchApplied = 0;
        batchSkipped = 0;
        releaseHolds(false);
        target.publishWatermarks();
        counters.applied.addAndGet(batchApplied);
        counters.skipped.addAndGet(batchSkipped);
        finishFreshBootstrapWhenComplete();
    }

    private void applyRecord(RecordView record) {
        target.apply(record, batchNow);
        batchApplied++;
        int shardId = record.shardId();
        if (shardId < helloWatermarks.length
                && Long.compareUnsigned(record.sequence(), helloWatermarks[shardId]) <= 0) {
            backlogReplayed = true;
        }
        if (listener != null) {
            listener.applied(record.toMutation());
        }
    }

    private void noteKnown(int shardId, long sequence) {
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
}
