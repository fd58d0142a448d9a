package io.fcrp.impl.protocol;

import com.github.luben.zstd.Zstd;

/**
 * The only class that touches zstd-jni. Compression writes one standard zstd frame with the
 * content size and without checksum or dictionary, as the reference's one-shot call does;
 * decompression never writes beyond the declared size.
 */
public final class ZstdCodec {

    /** zstd 1.5's {@code ZSTD_minCLevel()}: the fastest level. A unit test holds it to the native library. */
    public static final int MIN_LEVEL = -(1 << 17);
    /** zstd 1.5's {@code ZSTD_maxCLevel()}. */
    public static final int MAX_LEVEL = 22;

    private ZstdCodec() {}

    /**
     * Loads the native library now, so that a platform without one fails at once rather than at
     * the first compressed frame.
     *
     * @throws UnsatisfiedLinkError when the library is missing for this platform
     */
    public static void loadNativeLibrary() {
        Zstd.maxCompressionLevel();
    }

    /**
     * Compresses {@code length} bytes at {@code offset} into a new array that starts with
     * {@code headroom} unused bytes (room for the frame header); returns the array trimmed to
     * {@code headroom + compressed size}.
     */
    public static byte[] compress(byte[] source, int offset, int length, int level, int headroom) {
        long bound = Zstd.compressBound(length);
        byte[] target = new byte[(int) Math.min(Integer.MAX_VALUE - 8, headroom + bound)];
        long written =
                Zstd.compressByteArray(target, headroom, target.length - headroom, source, offset, length, level);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
        }
        return java.util.Arrays.copyOf(target, headroom + (int) written);
    }

    /** The most bytes compressing {@code length} bytes can produce. */
    public static int compressBound(int length) {
        return (int) Math.min(Integer.MAX_VALUE - 32, Zstd.compressBound(length));
    }

    /**
     * Compresses into {@code target[targetOffset..]}, which must have room for
     * {@link #compressBound}; returns the compressed size.
     */
    public static int compressInto(byte[] source, int offset, int length, byte[] target, int targetOffset, int level) {
        long written = Zstd.compressByteArray(
                target, targetOffset, target.length - targetOffset, source, offset, length, level);
        if (Zstd.isError(written)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(written));
        }
        return (int) written;
    }

    /**
     * Decompresses into {@code target[targetOffset .. targetOffset + capacity)}; returns the number
     * of bytes produced, which may be below {@code capacity} (the reference accepts that).
     */
    public static int decompress(byte[] source, int offset, int length, byte[] target, int targetOffset, int capacity)
            throws ProtocolException {
        long produced;
        try {
            produced = Zstd.decompressByteArray(target, targetOffset, capacity, source, offset, length);
        } catch (RuntimeException e) {
            throw new ProtocolException(
                    ProtocolError.DECOMPRESSION_FAILED, "FCRP zstd decompression failed: " + e.getMessage(), e);
        }
        if (Zstd.isError(produced)) {
            throw new ProtocolException(
                    ProtocolError.DECOMPRESSION_FAILED,
                    "FCRP zstd decompression failed: " + Zstd.getErrorName(produced));
        }
        return (int) produced;
    }
}
