package io.fcrp.impl.replica;

import io.fcrp.impl.protocol.FrameHeader;

/**
 * The default receive limit for one frame, derived from the maximum heap. A frame is read into
 * heap arrays: its wire payload (which grows by doubling as bytes arrive, so briefly 1.5 times its
 * size) and, when compressed, the payload decompressed into a buffer of the declared size. With an
 * eighth of the heap per frame that stays below a third of the heap, so a valid but huge frame is
 * refused by its header instead of ending in an {@link OutOfMemoryError}.
 */
public final class FrameBudget {

    /** The part of the maximum heap one frame may declare. */
    static final int HEAP_FRACTION = 8;

    private static final int MIN_FRAME_BYTES = 4096;

    private FrameBudget() {}

    /** {@code max.frame.bytes} when none is configured: an eighth of {@code maxHeapBytes}, at most 256 MiB. */
    public static int defaultMaxFrameBytes(long maxHeapBytes) {
        long budget = maxHeapBytes / HEAP_FRACTION;
        return (int) Math.max(MIN_FRAME_BYTES, Math.min(FrameHeader.MAX_PAYLOAD, budget));
    }

    /** The default for this JVM. */
    public static int defaultMaxFrameBytes() {
        return defaultMaxFrameBytes(Runtime.getRuntime().maxMemory());
    }
}
