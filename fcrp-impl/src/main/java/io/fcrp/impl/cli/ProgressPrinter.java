package io.fcrp.impl.cli;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.replica.ReplicaClientImpl;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fcrp replica --progress-ms MS}: a thread printing {@code PROGRESS <unix_us> <sum>} every
 * MS milliseconds, where sum is the sum of the applied watermarks over all shards (modulo 2^64,
 * unsigned). Every applied mutation adds exactly one, so the difference of two sums counts the
 * mutations applied in between; a benchmark compares it with the primary's write schedule.
 * A line is printed at every tick, also when nothing moved: a stall must show as growing lag.
 */
final class ProgressPrinter {

    private final ReplicaClientImpl replica;
    private final PrintStream out;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean stopped;

    private ProgressPrinter(ReplicaClientImpl replica, PrintStream out, long periodMillis) {
        this.replica = replica;
        this.out = out;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.thread = new Thread(this::run, "fcrp-replica-progress");
        thread.setDaemon(true);
    }

    static ProgressPrinter start(ReplicaClientImpl replica, PrintStream out, long periodMillis) {
        ProgressPrinter printer = new ProgressPrinter(replica, out, periodMillis);
        printer.thread.start();
        return printer;
    }

    /** Stops the thread and waits for it, so no PROGRESS line follows. */
    void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
    }

    private void run() {
        long next = System.nanoTime();
        while (!stopped) {
            out.println("PROGRESS " + Overwriter.unixMicros() + " "
                    + Long.toUnsignedString(sum(replica.replicaStore().watermarks())));
            out.flush();
            // a fixed schedule; ticks missed while the process was descheduled are skipped
            next += periodNanos;
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now;
            }
            while (!stopped && next - (now = System.nanoTime()) > 0) {
                LockSupport.parkNanos(next - now);
            }
        }
    }

    /** Wraps around at 2^64 like the watermarks themselves; readers take differences. */
    static long sum(ShardWatermarks watermarks) {
        long sum = 0;
        for (int shard = 0; shard < watermarks.size(); shard++) {
            sum += watermarks.get(shard);
        }
        return sum;
    }
}
