package io.fcrp.impl.store;

/** One shard: a table guarded by the shard's own monitor, plus the sweeper's position. */
final class Shard {

    final ShardTable table;
    /** Next slot the expiry sweeper looks at. */
    int sweepCursor;
    /** Set when the map this shard belongs to was replaced: readers must look at the new one. */
    boolean closed;

    Shard(MemoryBudget budget) {
        table = new ShardTable(budget);
    }
}
