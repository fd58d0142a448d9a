package io.fcrp.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.MutationOp;
import io.fcrp.api.StoreFullException;
import io.fcrp.api.StoreMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded store's off-heap memory: freed space is reused after overwrites and deletes,
 * entries of every size round-trip, mixed sizes reach a bounded steady state, the memory limit
 * refuses a write without any effect, snapshots see a frozen store, and writers on every shard
 * at once lose nothing.
 */
class OffHeapStoreTest {

    private static final long NOW = 1_700_000_000_000L;

    private final List<EmbeddedStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(EmbeddedStore::close);
    }

    @Test
    void overwritesOfAnySizeReuseMemoryInsteadOfGrowing() {
        EmbeddedStore store = store(2, 0, new CountingSink());
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            store.set(key(i), bytesOf(random, 100));
        }
        long filled = store.memory().heldBytes();
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 20_000; i++) {
                // a different size every time: no block can be rewritten in place
                store.set(key(i), bytesOf(random, 50 + random.nextInt(100)));
            }
        }
        StoreMemory memory = store.memory();
        // 800,000 overwrites wrote about 80 MB; without reuse the store would hold that much
        assertTrue(
                memory.heldBytes() <= filled + 2L * 4 * SlabArena.SLAB_BYTES,
                "held " + memory.heldBytes() + " after 800,000 overwrites, " + filled + " when filled");
        assertEquals(20_000, store.size());
    }

    @Test
    void deletedSpaceIsReusedAndEmptiedSlabsAreGivenBack() {
        EmbeddedStore store = store(4, 0, new CountingSink());
        SplittableRandom random = new SplittableRandom(2);
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 30_000; i++) {
                store.set(key(i), bytesOf(random, 200));
            }
            for (int i = 0; i < 30_000; i++) {
                assertTrue(store.delete(key(i)));
            }
            assertEquals(0, store.size());
            assertEquals(0, store.memory().usedBytes(), "round " + round);
            assertTrue(
                    store.memory().heldBytes() <= 4L * SlabArena.SLAB_BYTES * 2 + (1 << 20),
                    "an empty store keeps at most a head and a spare slab per shard (and its tables): "
                            + store.memory());
        }
    }

    @Test
    void entriesOfEverySizeRoundTripUpToTheLargestAFrameCarries() {
        EmbeddedStore store = store(2, 0, new CountingSink());
        int[] sizes = {
            0,
            1,
            7,
            8,
            9,
            SlabArena.LARGE_BLOCK_BYTES - 12,
            SlabArena.LARGE_BLOCK_BYTES,
            SlabArena.SLAB_BYTES + 3,
            16 * 1024 * 1024
        };
        SplittableRandom random = new SplittableRandom(3);
        Map<String, byte[]> model = new HashMap<>();
        for (int size : sizes) {
            byte[] value = bytesOf(random, size);
            store.set(("k" + size).getBytes(StandardCharsets.US_ASCII), value);
            model.put("k" + size, value);
        }
        store.set(new byte[0], bytesOf(random, 3)); // the empty key is a key too
        for (Map.Entry<String, byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), store.get(e.getKey().getBytes(StandardCharsets.US_ASCII)), e.getKey());
        }
        assertEquals(3, store.get(new byte[0]).length);

        int largest = EmbeddedStore.MAX_ENTRY_BYTES;
        byte[] key = "largest".getBytes(StandardCharsets.US_ASCII);
        byte[] huge = new byte[largest - key.length];
        huge[0] = 1;
        huge[huge.length - 1] = 2;
        long before = store.memory().heldBytes();
        store.set(key, huge);
        byte[] read = store.get(key);
        assertEquals(huge.length, read.length);
        assertEquals(1, read[0]);
        assertEquals(2, read[read.length - 1]);
        assertTrue(store.delete(key));
        assertTrue(store.memory().heldBytes() - before < 4096, "a large block's buffer is freed with it");

        assertThrows(
                IllegalArgumentException.class,
                () -> store.set(key, new byte[largest]),
                "an entry no frame could carry is refused");
        assertNull(store.get(key));
    }

    @Test
    void mixedSizesReachASteadyStateWithBoundedFragmentation() {
        EmbeddedStore store = store(8, 0, new CountingSink());
        SplittableRandom random = new SplittableRandom(4);
        long[] heldAfterRound = new long[12];
        for (int round = 0; round < heldAfterRound.length; round++) {
            for (int op = 0; op < 60_000; op++) {
                int k = random.nextInt(20_000);
                int dice = random.nextInt(100);
                if (dice < 70) {
                    store.set(key(k), bytesOf(random, random.nextInt(4096)));
                } else if (dice < 99) {
                    store.delete(key(k));
                } else {
                    store.set(key(k), bytesOf(random, 20_000 + random.nextInt(100_000))); // some large blocks
                }
            }
            heldAfterRound[round] = store.memory().heldBytes();
        }
        StoreMemory memory = store.memory();
        long slack = 8L * 4 * SlabArena.SLAB_BYTES;
        assertTrue(memory.heldBytes() <= memory.usedBytes() * 3 / 2 + slack, "fragmentation stays bounded: " + memory);
        assertTrue(
                heldAfterRound[11] <= heldAfterRound[5] * 5 / 4 + slack,
                "no growth once steady: " + java.util.Arrays.toString(heldAfterRound));
    }

    @Test
    void aWriteBeyondTheLimitIsRefusedWithoutAnyEffect() {
        CountingSink sink = new CountingSink();
        long limit = 4L * SlabArena.SLAB_BYTES;
        EmbeddedStore store = store(2, limit, sink);
        SplittableRandom random = new SplittableRandom(5);
        store.set(key(0), "first".getBytes(StandardCharsets.US_ASCII));
        int written = 0;
        StoreFullException full = null;
        while (full == null) {
            try {
                store.set(key(++written), bytesOf(random, 1000));
            } catch (StoreFullException e) {
                full = e;
            }
        }
        assertTrue(full.getMessage().contains("store.max.bytes " + limit), full.getMessage());
        long appended = sink.appended;
        long size = store.size();
        assertNull(store.get(key(written)), "the refused entry is absent");
        assertEquals(size, store.size());
        // an overwrite that needs a larger block is refused too, and the old value stays
        StoreFullException again =
                assertThrows(StoreFullException.class, () -> store.set(key(0), bytesOf(random, (int) limit)));
        assertTrue(again.getMessage().startsWith("store 'test' is full"), again.getMessage());
        assertArrayEquals("first".getBytes(StandardCharsets.US_ASCII), store.get(key(0)));
        assertEquals(appended, sink.appended, "nothing refused was replicated");
        assertTrue(store.memory().heldBytes() <= limit);

        for (int i = 1; i < written; i += 2) {
            store.delete(key(i));
        }
        store.set(key(written), bytesOf(random, 1000)); // compaction made room
        assertEquals(1000, store.get(key(written)).length);
    }

    @Test
    void aSnapshotSeesTheStoreAsItWasWhileWritersChangeIt() {
        EmbeddedStore store = store(4, 0, new CountingSink());
        for (int i = 0; i < 5_000; i++) {
            store.set(
                    key(i),
                    ("old" + i).getBytes(StandardCharsets.US_ASCII),
                    i % 2 == 0 ? Entry.NO_EXPIRY : NOW + 1000 + i);
        }
        Map<String, String> seen = new HashMap<>();
        try (StoreSnapshot snapshot = store.snapshot()) {
            for (int i = 0; i < 5_000; i++) {
                if (i % 3 == 0) {
                    store.delete(key(i));
                } else if (i % 3 == 1) {
                    store.set(key(i), ("new" + i).getBytes(StandardCharsets.US_ASCII)); // same size: not in place
                } else {
                    store.expireAt(key(i), NOW + 99_999);
                }
            }
            assertEquals(5_000, snapshot.size());
            snapshot.forEach((key, value, expiry) -> seen.put(
                    new String(key, StandardCharsets.US_ASCII),
                    new String(value, StandardCharsets.US_ASCII) + "@" + expiry));
        }
        assertEquals(5_000, seen.size());
        for (int i = 0; i < 5_000; i++) {
            long expiry = i % 2 == 0 ? Entry.NO_EXPIRY : NOW + 1000 + i;
            assertEquals("old" + i + "@" + expiry, seen.get("key:" + i));
        }
        assertArrayEquals("new1".getBytes(StandardCharsets.US_ASCII), store.get(key(1)));
        assertEquals(NOW + 99_999, store.getEntry(key(2)).expireAtMs());
    }

    @Test
    void writersOnEveryShardAtOnceLoseNothing() throws Exception {
        EmbeddedStore store = store(16, 0, new CountingSink());
        int threads = 4;
        List<Map<String, byte[]>> models = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            Map<String, byte[]> model = new HashMap<>();
            models.add(model);
            int writer = t;
            writers.add(new Thread(() -> {
                try {
                    SplittableRandom random = new SplittableRandom(100 + writer);
                    for (int op = 0; op < 100_000; op++) {
                        String key = "w" + writer + ":" + random.nextInt(5_000);
                        if (random.nextInt(5) == 0) {
                            store.delete(key.getBytes(StandardCharsets.US_ASCII));
                            model.remove(key);
                        } else {
                            byte[] value = bytesOf(random, random.nextInt(300));
                            store.set(key.getBytes(StandardCharsets.US_ASCII), value);
                            model.put(key, value);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        Map<String, byte[]> all = new HashMap<>();
        models.forEach(all::putAll);
        assertEquals(all.size(), store.size());
        store.forEach(entry -> {
            byte[] expected = all.remove(new String(entry.key(), StandardCharsets.US_ASCII));
            assertArrayEquals(expected, entry.value());
        });
        assertTrue(all.isEmpty(), "not visited: " + all.keySet());
    }

    @Test
    void anExpiredEntryIsAbsentForExpireAndIsNotRevived() {
        long[] clock = {NOW};
        EmbeddedStore store = new EmbeddedStore("test", 2, 0, new CountingSink(), () -> clock[0]);
        stores.add(store);
        store.set(key(1), "v".getBytes(StandardCharsets.US_ASCII), NOW + 10);
        clock[0] = NOW + 10;
        assertNull(store.get(key(1)));
        assertTrue(!store.expireAt(key(1), NOW + 100_000), "an expired key cannot be given a new expiry");
        assertTrue(!store.persist(key(1)));
        assertNull(store.get(key(1)));
    }

    private EmbeddedStore store(int shards, long limit, CountingSink sink) {
        EmbeddedStore store = new EmbeddedStore("test", shards, 0, sink, () -> NOW, new MemoryBudget("test", limit));
        stores.add(store);
        return store;
    }

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytesOf(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Counts what the store hands over for replication. */
    static final class CountingSink implements MutationSink {
        long appended;

        @Override
        public synchronized void append(
                int shardId,
                long sequence,
                long timestampMs,
                MutationOp op,
                long keyHash,
                long expireAtMs,
                byte[] key,
                byte[] value) {
            appended++;
        }

        @Override
        public long publish(int shardId) {
            return 0;
        }
    }
}
