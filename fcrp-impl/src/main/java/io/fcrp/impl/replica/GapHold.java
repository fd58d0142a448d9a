package io.fcrp.impl.replica;

import io.fcrp.impl.protocol.RecordView;
import java.util.PriorityQueue;

/**
 * Records of one shard that arrived after a gap in its sequence, held back in sequence order
 * until the missing ones arrive or the wait runs out. The reference primary can send a newer
 * batch before older ones right after a bootstrap (its drain re-queries the backlog while older
 * live batches are still on their way); applying the newer one first would make the older ones
 * look like duplicates and lose them. Each held record is a copy ({@link RecordView#detach()}).
 */
final class GapHold {

    private final PriorityQueue<RecordView> records =
            new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.sequence(), b.sequence()));
    private final long openedAtNanos;

    GapHold(long openedAtNanos) {
        this.openedAtNanos = openedAtNanos;
    }

    /** What a held record costs, for bounding the holds. */
    static long bytes(RecordView record) {
        return 64L + record.length();
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    void add(RecordView record) {
        records.add(record);
    }

    /** The held record with the lowest sequence, or null. */
    RecordView peek() {
        return records.peek();
    }

    RecordView poll() {
        return records.poll();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }
}
