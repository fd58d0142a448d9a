package io.fcrp.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A point-in-time copy of a store. The watermarks were captured before the entries were read,
 * so the entries reflect at least every mutation up to them (and possibly newer ones, which
 * replication re-delivers idempotently). Applications that keep a store of their own implement it
 * (for their {@link SnapshotProvider}), hence a consumer type.
 */
@ConsumerType
public interface Snapshot extends AutoCloseable {

    /**
     * Receives one entry; the arrays are shared and must not be modified. A consumer type: an
     * application may read a snapshot of the embedded store with a visitor of its own.
     */
    @ConsumerType
    @FunctionalInterface
    interface EntryVisitor {
        void entry(byte[] key, byte[] value, long expireAtMs);
    }

    ShardWatermarks watermarks();

    /** Wall clock in Unix milliseconds when the snapshot was taken. */
    long takenAtMs();

    /** The exact number of entries {@link #forEach} visits. */
    long size();

    /** Visits every entry live at {@link #takenAtMs()} once, in no particular order. */
    void forEach(EntryVisitor visitor);

    /**
     * Releases what the snapshot holds of its store (the embedded store keeps the memory a
     * snapshot reads from being reused until then). Called once the snapshot has been streamed
     * or abandoned; does nothing by default.
     */
    @Override
    default void close() {}

    /** A snapshot of a list of entries, for stores of an application's own. */
    static Snapshot of(ShardWatermarks watermarks, List<Entry> entries, long takenAtMs) {
        List<Entry> copy = List.copyOf(entries);
        return new Snapshot() {
            @Override
            public ShardWatermarks watermarks() {
                return watermarks;
            }

            @Override
            public long takenAtMs() {
                return takenAtMs;
            }

            @Override
            public long size() {
                return copy.size();
            }

            @Override
            public void forEach(EntryVisitor visitor) {
                for (Entry entry : copy) {
                    visitor.entry(entry.key(), entry.value(), entry.expireAtMs());
                }
            }
        };
    }
}
