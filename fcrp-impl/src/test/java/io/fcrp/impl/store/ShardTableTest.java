package io.fcrp.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.impl.protocol.KeyHash;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shard table against a HashMap model, including colliding hashes and the hash 0 alias. */
class ShardTableTest {

    @Test
    void behavesLikeAMapUnderRandomPutsRemovalsAndSweeps() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            ShardTable table = table();
            Map<ByteBuffer, long[]> model = new HashMap<>(); // key -> {value id, expiry}
            for (int op = 0; op < 60_000; op++) {
                byte[] key = ("k" + random.nextInt(3_000)).getBytes();
                long hash = hashFor(key);
                int dice = random.nextInt(10);
                if (dice < 6) {
                    long expiry = random.nextInt(4) == 0 ? 1_000 + random.nextInt(1_000) : Entry.NO_EXPIRY;
                    long valueId = random.nextLong();
                    table.put(hash, key, value(valueId), expiry);
                    model.put(ByteBuffer.wrap(key), new long[] {valueId, expiry});
                } else if (dice < 9) {
                    int slot = table.find(hash, key);
                    assertEquals(model.containsKey(ByteBuffer.wrap(key)), slot >= 0, "seed " + seed + " op " + op);
                    if (slot >= 0) {
                        table.removeAt(slot);
                        model.remove(ByteBuffer.wrap(key));
                    }
                } else {
                    long now = 1_000 + random.nextInt(1_000);
                    table.sweep(random.nextInt(table.capacity()), 64, now);
                    model.entrySet()
                            .removeIf(e -> e.getValue()[1] != Entry.NO_EXPIRY
                                    && e.getValue()[1] <= now
                                    && table.find(
                                                    hashFor(e.getKey().array()),
                                                    e.getKey().array())
                                            < 0);
                }
            }
            assertEquals(model.size(), table.size(), "seed " + seed);
            assertEquals(
                    model.values().stream().filter(v -> v[1] != Entry.NO_EXPIRY).count(),
                    table.expiring(),
                    "seed " + seed + " entries with an expiry");
            for (Map.Entry<ByteBuffer, long[]> e : model.entrySet()) {
                byte[] key = e.getKey().array();
                int slot = table.find(hashFor(key), key);
                assertTrue(slot >= 0, "seed " + seed + " lost a key");
                assertArrayEquals(value(e.getValue()[0]), table.valueAt(slot));
                assertEquals(e.getValue()[1], table.expireAt(slot));
            }
        }
    }

    @Test
    void aZeroHashIsStoredAndFound() {
        ShardTable table = table();
        table.put(0, "zero".getBytes(), "a".getBytes(), Entry.NO_EXPIRY);
        table.put(1, "one".getBytes(), "b".getBytes(), Entry.NO_EXPIRY);
        assertArrayEquals("a".getBytes(), table.valueAt(table.find(0, "zero".getBytes())));
        assertArrayEquals("b".getBytes(), table.valueAt(table.find(1, "one".getBytes())));
        table.removeAt(table.find(0, "zero".getBytes()));
        assertEquals(-1, table.find(0, "zero".getBytes()));
        assertArrayEquals("b".getBytes(), table.valueAt(table.find(1, "one".getBytes())));
    }

    /** A table located by {@link #hashFor}, which compaction uses too. */
    private static ShardTable table() {
        return new ShardTable(
                MemoryBudget.unlimited("test"),
                (bytes, offset, length) -> hashFor(Arrays.copyOfRange(bytes, offset, offset + length)));
    }

    /** Few distinct hashes, some of them 0, to force long probe chains and aliasing. */
    private static long hashFor(byte[] key) {
        long full = KeyHash.of(key);
        return (full & 0x7) == 0 ? 0 : full & 0x3F;
    }

    private static byte[] value(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }
}
