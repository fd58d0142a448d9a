package io.fcrp.interop;

import io.fcrp.api.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic mixed mutations on a Java primary's store: mostly Sets, some Dels, Expires an
 * hour or two ahead and persists, over a key space small enough that they collide.
 */
final class JavaLoad {

    private final KeyValueStore store;
    private final SplittableRandom random;
    private final int keySpace;

    JavaLoad(KeyValueStore store, long seed, int keySpace) {
        this.store = store;
        this.random = new SplittableRandom(seed);
        this.keySpace = keySpace;
    }

    /** Pre-fills {@code count} keys {@code key-<i>} with {@code valueSize}-byte values. */
    void fill(int count, int valueSize) {
        for (int i = 0; i < count; i++) {
            store.set(key(i), value(valueSize));
        }
    }

    void mutate(int count) {
        long hour = 3_600_000L;
        for (int i = 0; i < count; i++) {
            byte[] key = key(random.nextInt(keySpace));
            int dice = random.nextInt(100);
            if (dice < 65) {
                long expiry = random.nextInt(5) == 0 ? System.currentTimeMillis() + hour + random.nextLong(hour) : -1L;
                store.set(key, value(1 + random.nextInt(200)), expiry);
            } else if (dice < 80) {
                store.delete(key);
            } else if (dice < 92) {
                store.expireAt(key, System.currentTimeMillis() + hour + random.nextLong(hour));
            } else {
                store.persist(key);
            }
        }
    }

    private byte[] value(int size) {
        byte[] value = new byte[size];
        random.nextBytes(value);
        return value;
    }

    static byte[] key(int index) {
        return ("key-" + index).getBytes(StandardCharsets.US_ASCII);
    }
}
