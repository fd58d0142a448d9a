package io.fcrp.impl.store;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.RecordView;

/**
 * Where a replica applies records: de-duplicated by the primary's per-shard sequences. Either
 * the replica's live store or a {@link ReplicaStore.Staging} being filled by a fresh bootstrap.
 */
public interface SequencedStore {

    /** True when {@code sequence} of {@code shardId} was already applied. */
    boolean isDuplicate(int shardId, long sequence);

    /** True when {@code sequence} is the one right after the last applied of {@code shardId}. */
    boolean continues(int shardId, long sequence);

    /**
     * Applies one record unless it is a duplicate; returns false when skipped. The key hash has
     * been checked by the caller; {@code now} is the applier's clock reading for the batch.
     *
     * @throws io.fcrp.api.StoreFullException when memory cannot hold a Set; nothing is applied
     */
    boolean apply(RecordView record, long now);

    /** Makes the applied watermarks visible to other threads (call after each batch). */
    void publishWatermarks();

    /** The applied watermarks as of the last {@link #publishWatermarks()}. */
    ShardWatermarks watermarks();
}
