package io.fcrp.impl.replica;

import io.fcrp.impl.protocol.FrameKind;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/** What a replica has received and applied, and how stale it is; written by its one thread, read by any. */
final class ReplicaCounters {

    final AtomicLong applied = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong applyNanos = new AtomicLong();
    final AtomicLong snapshotsLoaded = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    final AtomicLongArray framesByKind = new AtomicLongArray(FrameKind.values().length);
    final ReplicationLag lag;

    ReplicaCounters() {
        this(System::currentTimeMillis);
    }

    /** @param clock Unix milliseconds, for the lag */
    ReplicaCounters(LongSupplier clock) {
        this.lag = new ReplicationLag(clock);
    }

    void frameReceived(FrameKind kind, int wireLength) {
        framesByKind.incrementAndGet(kind.ordinal());
        bytesReceived.addAndGet(wireLength);
        lag.frameArrived();
    }
}
