package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.protocol.FrameHeader;
import org.junit.jupiter.api.Test;

/** Finding 5 of issue 8: the memory for one frame is bounded by the heap. */
class FrameBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aFrameMayDeclareAnEighthOfTheHeapAndNeverMoreThanV1Allows() {
        assertEquals(25 * MIB, FrameBudget.defaultMaxFrameBytes(200 * MIB));
        assertEquals(128 * MIB, FrameBudget.defaultMaxFrameBytes(1024 * MIB));
        assertEquals(FrameHeader.MAX_PAYLOAD, FrameBudget.defaultMaxFrameBytes(64L * 1024 * MIB));
        assertEquals(FrameHeader.MAX_PAYLOAD, FrameBudget.defaultMaxFrameBytes(Long.MAX_VALUE)); // no -Xmx at all
        assertEquals(4096, FrameBudget.defaultMaxFrameBytes(1024));
    }

    @Test
    void aReplicaWithoutAConfiguredLimitTakesTheHeapBudget() {
        ReplicaConfig config = ReplicaConfig.builder().upstream("127.0.0.1:1").build();
        assertEquals(FrameBudget.defaultMaxFrameBytes(Runtime.getRuntime().maxMemory()), config.maxFrameBytes());
        assertTrue(config.maxFrameBytes() <= Runtime.getRuntime().maxMemory() / 8);
        assertEquals(
                8192,
                ReplicaConfig.builder()
                        .upstream("127.0.0.1:1")
                        .maxFrameBytes(8192)
                        .build()
                        .maxFrameBytes());
    }

    @Test
    void aConfiguredLimitOutsideV1IsRefused() {
        assertEquals(
                "max.frame.bytes must be 0 or between 4096 and 268435456, not 4095",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ReplicaConfig.builder()
                                        .upstream("127.0.0.1:1")
                                        .maxFrameBytes(4095)
                                        .build())
                        .getMessage());
    }
}
