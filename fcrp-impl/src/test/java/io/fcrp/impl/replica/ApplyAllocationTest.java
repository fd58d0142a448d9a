package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.store.ReplicaStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica applies records straight from the receive buffer into its off-heap store: applying
 * 100,000 records of a steady workload (overwrites, deletes, expiries) allocates almost nothing
 * on the Java heap, only a few small objects per batch.
 */
class ApplyAllocationTest {

    private static final int KEYS = 10_000;
    private static final int RECORDS_PER_BATCH = 500;
    private static final long FAR_FUTURE = System.currentTimeMillis() + 86_400_000L;

    private final ReplicaStore store = new ReplicaStore("alloc", 16, System::currentTimeMillis);

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void applyingAHundredThousandRecordsAllocatesAlmostNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamApplier applier = new StreamApplier(
                store,
                new ReplicaCounters(),
                null,
                ShardWatermarks.zeros(4),
                0,
                1 << 20,
                false,
                "primary:1",
                (how, before, after) -> {});
        SplittableRandom random = new SplittableRandom(42);
        long[] sequences = new long[4];
        applyAll(applier, frames(fill(sequences))); // every key exists: updates from here on
        applyAll(applier, frames(workload(random, sequences, 100_000))); // warm up the compiler
        List<Frame> measured = frames(workload(random, sequences, 100_000));

        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        applyAll(applier, measured);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(
                allocated < 64 * 1024,
                allocated + " bytes allocated applying 100,000 records (" + measured.size() + " batches)");
        assertEquals(sequences[0], store.watermarks().get(0), "everything was applied");
        assertTrue(store.size() > 0 && store.size() <= KEYS);
    }

    @Test
    void theAppliedDataIsExactlyWhatWasSent() throws Exception {
        StreamApplier applier = new StreamApplier(
                store,
                new ReplicaCounters(),
                null,
                ShardWatermarks.zeros(4),
                0,
                1 << 20,
                false,
                "primary:1",
                (how, before, after) -> {});
        long[] sequences = new long[4];
        applyAll(applier, frames(fill(sequences)));
        for (int k = 0; k < KEYS; k++) {
            assertArrayEquals(value(k, 0), store.get(key(k)));
        }
    }

    private static List<Mutation> fill(long[] sequences) {
        List<Mutation> mutations = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            mutations.add(mutation(sequences, MutationOp.SET, k, value(k, 0), Entry.NO_EXPIRY));
        }
        return mutations;
    }

    private static List<Mutation> workload(SplittableRandom random, long[] sequences, int count) {
        List<Mutation> mutations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = random.nextInt(KEYS);
            int dice = random.nextInt(20);
            if (dice == 0) {
                mutations.add(mutation(sequences, MutationOp.DEL, k, new byte[0], Entry.NO_EXPIRY));
            } else if (dice == 1) {
                mutations.add(mutation(sequences, MutationOp.EXPIRE, k, new byte[0], FAR_FUTURE));
            } else {
                mutations.add(mutation(sequences, MutationOp.SET, k, value(k, random.nextInt(1000)), Entry.NO_EXPIRY));
            }
        }
        return mutations;
    }

    private static Mutation mutation(long[] sequences, MutationOp op, int k, byte[] value, long expiry) {
        int shard = k % sequences.length;
        byte[] key = key(k);
        return new Mutation(
                shard, ++sequences[shard], System.currentTimeMillis(), op, KeyHash.of(key), key, value, expiry);
    }

    /** Batches of consecutive records, decoded the way the replica's reader hands them over. */
    private static List<Frame> frames(List<Mutation> mutations) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (int start = 0; start < mutations.size(); start += RECORDS_PER_BATCH) {
            List<Mutation> batch = mutations.subList(start, Math.min(mutations.size(), start + RECORDS_PER_BATCH));
            byte[] frame = FrameCodec.encode(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(batch));
            frames.add(FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD));
        }
        return frames;
    }

    private static void applyAll(StreamApplier applier, List<Frame> frames) throws Exception {
        for (Frame frame : frames) {
            applier.apply(frame);
        }
    }

    private static byte[] key(int k) {
        return ("key:" + k).getBytes(StandardCharsets.US_ASCII);
    }

    /** 64 bytes derived from the key and a version, so an update changes the value but not its size. */
    private static byte[] value(int k, int version) {
        byte[] value = new byte[64];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (k * 31 + version * 7 + i);
        }
        return value;
    }
}
