package io.fcrp.impl.cli;

import io.fcrp.api.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The primary's deterministic test data: {@code key-<i>} pre-filled with pseudo-random values,
 * then random mutations on demand, all drawn from the seed. Given the same seed and the same
 * commands, the same keys are written in the same order (expiry instants follow the clock).
 */
final class SyntheticWorkload {

    private static final long HOUR_MS = 3_600_000L;
    /** Keeps the key space useful when nothing was pre-filled. */
    private static final long MIN_KEY_SPACE = 1024;
    /** Random probes for an existing key before a Del or Expire falls back to a Set. */
    private static final int EXISTING_KEY_PROBES = 16;

    private final KeyValueStore store;
    private final long prefilledKeys;
    private final int valueSize;
    private final long keySpace;
    private final SplittableRandom prefillRandom;
    private final SplittableRandom loadRandom;
    private final LongSupplier clock;

    SyntheticWorkload(KeyValueStore store, long prefilledKeys, int valueSize, long seed, LongSupplier clock) {
        this.store = store;
        this.prefilledKeys = prefilledKeys;
        this.valueSize = valueSize;
        this.keySpace = Math.max(2 * prefilledKeys, MIN_KEY_SPACE);
        this.prefillRandom = new SplittableRandom(seed);
        // a separate stream, so loads do not depend on how many keys were pre-filled
        this.loadRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        this.clock = clock;
    }

    /** Writes {@code key-0 … key-<n-1>}, reusing its buffers (the store copies what it is given). */
    void prefill() {
        KeyFormatter keys = new KeyFormatter();
        byte[] value = new byte[valueSize];
        for (long i = 0; i < prefilledKeys; i++) {
            prefillRandom.nextBytes(value);
            store.set(keys.key(i), value);
        }
    }

    /**
     * Applies {@code count} random mutations: about 80 % Set, 10 % Del of an existing key and
     * 10 % Expire of an existing key (half of them an instant 1–2 hours ahead, half a persist).
     * Every step makes exactly one mutation: without an existing key it becomes a Set.
     */
    long load(long count) {
        for (long i = 0; i < count; i++) {
            int roll = loadRandom.nextInt(100);
            byte[] existing = roll >= 80 ? existingKey() : null;
            if (existing == null) {
                store.set(randomKey(), value(loadRandom));
            } else if (roll < 90) {
                store.delete(existing);
            } else if (loadRandom.nextBoolean()) {
                store.expireAt(existing, clock.getAsLong() + HOUR_MS + loadRandom.nextLong(HOUR_MS));
            } else {
                store.persist(existing);
            }
        }
        return count;
    }

    private byte[] existingKey() {
        for (int probe = 0; probe < EXISTING_KEY_PROBES; probe++) {
            byte[] key = randomKey();
            if (store.get(key) != null) {
                return key;
            }
        }
        return null;
    }

    private byte[] randomKey() {
        return key(loadRandom.nextLong(keySpace));
    }

    private byte[] value(SplittableRandom random) {
        byte[] value = new byte[valueSize];
        random.nextBytes(value);
        return value;
    }

    static byte[] key(long index) {
        return ("key-" + index).getBytes(StandardCharsets.US_ASCII);
    }
}
