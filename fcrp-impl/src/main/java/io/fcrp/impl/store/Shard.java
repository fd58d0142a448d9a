package io.fcrp.impl.store;

/** One shard: a table guarded by the shard's own monitor, plus the sweeper's position. */
final class Shard {

    final ShardTable table = new ShardTable();
    /** Next slot the expiry sweeper looks at. */
    int sweepCursor;
}
