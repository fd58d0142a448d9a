package io.fcrp.impl.primary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Metric;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.store.EmbeddedStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A primary's write path (store, batcher, off-heap backlog) allocates nothing per mutation: a
 * writer that overwrites 100,000 keys, flushing full batches itself, allocates almost nothing on
 * the Java heap, with and without compression.
 */
class WriteAllocationTest {

    private static final int KEYS = 10_000;

    @Test
    void overwritingAHundredThousandKeysAllocatesAlmostNothing() {
        assertAllocatesAlmostNothing(Compression.NONE);
    }

    @Test
    void compressedBatchesAllocateAlmostNothingEither() {
        assertAllocatesAlmostNothing(Compression.ZSTD);
    }

    private static void assertAllocatesAlmostNothing(Compression compression) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PrimaryConfig config = PrimaryConfig.builder()
                .bindAddress("127.0.0.1:0")
                .compression(compression)
                .backlogBytes(1024 * 1024)
                .batchMaxDelayMicros(60_000_000L)
                .build();
        try (EmbeddedPrimary primary = EmbeddedPrimary.create("alloc", config)) {
            EmbeddedStore store = primary.store();
            byte[][] keys = new byte[KEYS][];
            for (int k = 0; k < KEYS; k++) {
                keys[k] = ("key:" + k).getBytes(StandardCharsets.US_ASCII);
            }
            byte[][] values = new byte[16][64];
            SplittableRandom random = new SplittableRandom(7);
            for (byte[] value : values) {
                random.nextBytes(value);
            }
            int[] order = new int[100_000];
            for (int i = 0; i < order.length; i++) {
                order[i] = random.nextInt(KEYS);
            }
            for (int round = 0; round < 3; round++) { // fill, then warm up the compiler
                for (int i = 0; i < order.length; i++) {
                    store.set(keys[round == 0 ? i % KEYS : order[i]], values[i & 15]);
                }
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < order.length; i++) {
                store.set(keys[order[i]], values[(i + 3) & 15]);
            }
            long allocated =
                    threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            long batches = primary.batcher().metrics().get(Metric.SENT_BATCHES);
            assertTrue(
                    allocated < 64 * 1024,
                    allocated + " bytes allocated writing 100,000 mutations (" + compression.configName() + ", "
                            + batches + " batches in all)");
            assertEquals(KEYS, store.size());
        }
    }
}
