package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records behind a sequence gap wait for the missing ones instead of turning them into duplicates. */
class StreamApplierGapTest {

    private final ReplicaStore store = new ReplicaStore("gap-test", 4, System::currentTimeMillis);
    private final ReplicaCounters counters = new ReplicaCounters();

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void newerBatchArrivingFirstWaitsForTheOlderOnes() throws Exception {
        StreamApplier applier = applier(60_000);
        applier.apply(batch(set(3, "k", "third"), set(4, "other", "x")));
        assertNull(store.get(bytes("k")), "records after a gap are held, not applied");
        assertEquals(0, store.watermarks().get(0), "the watermark stays before the gap");
        assertFalse(applier.caughtUp());

        applier.apply(batch(set(1, "k", "first"), set(2, "k", "second")));
        assertArrayEquals(bytes("third"), store.get(bytes("k")), "applied in sequence order: 1, 2, 3");
        assertArrayEquals(bytes("x"), store.get(bytes("other")));
        assertEquals(4, store.watermarks().get(0));
        assertEquals(4, counters.applied.get());
        assertEquals(0, counters.gaps.get());

        applier.apply(batch(set(3, "k", "third"), set(4, "other", "x")));
        assertEquals(2, counters.skipped.get(), "the late copies are duplicates");
    }

    @Test
    void aGapThatNeverFillsIsCrossedAfterTheWait() throws Exception {
        StreamApplier applier = applier(50);
        applier.apply(batch(set(1, "a", "1")));
        applier.apply(batch(set(5, "b", "5")));
        assertNull(store.get(bytes("b")));
        Poll.until("the held record applied once the wait is over", Duration.ofSeconds(10), () -> {
            applier.settleHolds();
            return store.get(bytes("b")) != null;
        });
        assertArrayEquals(bytes("5"), store.get(bytes("b")));
        assertEquals(5, store.watermarks().get(0));
        assertEquals(1, counters.gaps.get());
        assertTrue(applier.caughtUp());
    }

    @Test
    void zeroWaitAppliesAcrossGapsAtOnceLikeTheReference() throws Exception {
        StreamApplier applier = applier(0);
        applier.apply(batch(set(7, "k", "seven")));
        assertArrayEquals(bytes("seven"), store.get(bytes("k")));
        applier.apply(batch(set(6, "k", "six")));
        assertArrayEquals(bytes("seven"), store.get(bytes("k")), "an older record is a duplicate");
        assertEquals(1, counters.skipped.get());
    }

    private StreamApplier applier(long gapWaitMs) {
        return new StreamApplier(
                store,
                counters,
                null,
                ShardWatermarks.zeros(1),
                gapWaitMs,
                1 << 20,
                false,
                "primary:1",
                (how, before, after) -> {});
    }

    private static Mutation set(long sequence, String key, String value) {
        byte[] k = bytes(key);
        return new Mutation(
                0,
                sequence,
                System.currentTimeMillis(),
                MutationOp.SET,
                KeyHash.of(k),
                k,
                bytes(value),
                Entry.NO_EXPIRY);
    }

    private static io.fcrp.impl.protocol.Frame batch(Mutation... mutations) throws Exception {
        List<Mutation> list = new ArrayList<>(List.of(mutations));
        byte[] frame = FrameCodec.encode(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(list));
        return FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
