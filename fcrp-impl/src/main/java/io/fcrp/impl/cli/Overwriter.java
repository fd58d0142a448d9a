package io.fcrp.impl.cli;

import io.fcrp.api.KeyValueStore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The primary's {@code overwrite} command, the benchmark's writer: Sets of random values on
 * random pre-filled keys ({@code key-0 … key-<keys-1>}), flat out or on a fixed schedule.
 * On a schedule of R per second, mutation i (from 0) is due at T0 + i/R; the writer writes
 * whatever is due and otherwise sleeps until the next one is due, so a replica's lag can be
 * measured against the schedule (the Rust reference peer does the same).
 */
final class Overwriter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final KeyValueStore store;
    private final long keyCount;

    Overwriter(KeyValueStore store, long keyCount) {
        this.store = store;
        this.keyCount = keyCount;
    }

    /**
     * Writes {@code count} Sets of {@code valueSize} bytes, {@code ratePerSecond} of them per
     * second (0 = flat out); {@code started} receives T0 in Unix microseconds before the first.
     *
     * @return the microseconds from T0 until the last Set was written
     */
    long run(long count, int valueSize, long ratePerSecond, long seed, LongConsumer started) {
        if (keyCount <= 0) {
            throw new IllegalArgumentException("overwrite needs pre-filled keys (start the primary with --keys N)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        // the store copies what it is given, so one value buffer and the formatter's key buffers serve every Set
        byte[] value = new byte[valueSize];
        KeyFormatter keys = new KeyFormatter();
        long startNanos = System.nanoTime();
        started.accept(unixMicros());
        // nanoseconds between two scheduled Sets; a double keeps i * interval exact enough
        double intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        for (long i = 0; i < count; i++) {
            if (ratePerSecond > 0) {
                long wait = startNanos + (long) (i * intervalNanos) - System.nanoTime();
                if (wait > 0) {
                    // the timer overshoots by tens of microseconds; the Sets due by then go out together
                    LockSupport.parkNanos(wait);
                }
            }
            fill(value, random);
            store.set(keys.key(random.nextLong(keyCount)), value);
        }
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }

    /** Random bytes, eight at a time as the Rust peer makes them (SplittableRandom.nextBytes goes byte by byte). */
    static void fill(byte[] value, SplittableRandom random) {
        int at = 0;
        for (; at + Long.BYTES <= value.length; at += Long.BYTES) {
            LONGS.set(value, at, random.nextLong());
        }
        for (long last = random.nextLong(); at < value.length; at++, last >>>= 8) {
            value[at] = (byte) last;
        }
    }

    static long unixMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
    }
}
