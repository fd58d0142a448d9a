package io.fcrp.impl.replica;

import java.util.PriorityQueue;

import io.fcrp.api.MutationOp;

/**
 * Records of one shard that arrived after a gap in its sequence, held back in sequence order
 * until the missing ones arrive or the wait runs out. The reference primary can send a newer
 * batch before older ones right after a bootstrap (its drain re-queries the backlog while older
 * live batches are still on their way); applying the newer one first would make the older ones
 * look like duplicates and lose them.
 */
final class GapHold {

    /** One held record, copied out of the frame buffer. */
    static final class Held {
        final long sequence;
        final long timestampMs;
        final MutationOp op;
        final long keyHash;
        final long expireAtMs;
        final byte[] key;
        final byte[] value;

        Held(long sequence, long timestampMs, MutationOp op, long keyHash, long expireAtMs, byte[] key, byte[] value) {
            this.sequence = sequence;
            this.timestampMs = timestampMs;
            this.op = op;
            this.keyHash = keyHash;
            this.expireAtMs = expireAtMs;
            this.key = key;
            this.value = value;
        }

        long bytes() {
            return 64L + key.length + value.length;
        }
    }

    private final PriorityQueue<Held> records =
            new PriorityQueue<>((a, b) -> Long.compareUnsigned(a.sequence, b.sequence));
    private final long openedAtNanos;

    GapHold(long openedAtNanos) {
        this.openedAtNanos = openedAtNanos;
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    void add(Held record) {
        records.add(record);
    }

    /** The held record with the lowest sequence, or null. */
    Held peek() {
        return records.peek();
    }

    Held poll() {
        return records.poll();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }
}
