package io.fcrp.impl.persist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The footer that ends a persistence file. The file is the store as FCRP snapshot frames
 * (SnapshotBegin, SnapshotChunk…, SnapshotEnd, exactly as a primary streams them, uncompressed),
 * then this footer, all little-endian:
 *
 * <pre>
 *  offset  size  field
 *       0     8  magic "FCRPSAVE"
 *       8     4  format version (1)
 *      12     4  origin_len n (at most 1024)
 *      16     n  origin, UTF-8: the primary (host:port) a replica's data came from; empty for a primary
 *    16+n     8  entries in the snapshot
 *    24+n     8  frames_len: bytes of frames before the footer (the footer's own offset)
 *    32+n     4  CRC-32C of the frames, bytes [0, frames_len)
 *    36+n     4  footer_len (44 + n)
 *    40+n     4  CRC-32C of the footer's bytes [0, 40 + n)
 * </pre>
 *
 * A reader finds the footer from the file's last 8 bytes; {@code fcrp decode} reads the frames
 * and recognises the footer by its magic.
 */
public final class SnapshotFileFooter {

    static final byte[] MAGIC = "FCRPSAVE".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Footer bytes besides the origin. */
    static final int FIXED_BYTES = 44;

    static final int MAX_ORIGIN_BYTES = 1024;
    /** The longest footer. */
    public static final int MAX_BYTES = FIXED_BYTES + MAX_ORIGIN_BYTES;
    /** The footer's length and checksum, the last 8 bytes of a file. */
    static final int TAIL_BYTES = 8;

    private final String origin;
    private final long entries;
    private final long framesLength;
    private final int framesCrc;

    SnapshotFileFooter(String origin, long entries, long framesLength, int framesCrc) {
        this.origin = origin == null ? "" : origin;
        this.entries = entries;
        this.framesLength = framesLength;
        this.framesCrc = framesCrc;
        if (this.origin.getBytes(StandardCharsets.UTF_8).length > MAX_ORIGIN_BYTES) {
            throw new IllegalArgumentException("origin longer than " + MAX_ORIGIN_BYTES + " bytes");
        }
    }

    /** True when the next bytes of {@code in} are a footer's magic; reads nothing. */
    public static boolean follows(BufferedInputStream in) throws IOException {
        in.mark(MAGIC.length);
        byte[] next = in.readNBytes(MAGIC.length);
        in.reset();
        return startsWithMagic(next);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The footer's length as the file's last 8 bytes declare it. */
    static long declaredLength(byte[] tail) {
        return Integer.toUnsignedLong(
                ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    /**
     * Decodes a whole footer.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static SnapshotFileFooter decode(byte[] footer) {
        if (footer.length < FIXED_BYTES) {
            throw new IllegalArgumentException("a footer has at least " + FIXED_BYTES + " bytes, not " + footer.length);
        }
        ByteBuffer in = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN);
        if (!startsWithMagic(footer)) {
            throw new IllegalArgumentException("no footer magic FCRPSAVE");
        }
        int crcOffset = footer.length - 4;
        if (in.getInt(crcOffset) != crc(footer, 0, crcOffset)) {
            throw new IllegalArgumentException("the footer's checksum does not match its bytes");
        }
        int version = in.getInt(8);
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "unsupported persistence file version " + Integer.toUnsignedString(version));
        }
        long originLength = Integer.toUnsignedLong(in.getInt(12));
        if (originLength > MAX_ORIGIN_BYTES || FIXED_BYTES + originLength != footer.length) {
            throw new IllegalArgumentException(
                    "origin length " + originLength + " does not fit a footer of " + footer.length + " bytes");
        }
        int n = (int) originLength;
        String origin = new String(footer, 16, n, StandardCharsets.UTF_8);
        return new SnapshotFileFooter(origin, in.getLong(16 + n), in.getLong(24 + n), in.getInt(32 + n));
    }

    byte[] encode() {
        byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        int n = originBytes.length;
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + n).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC)
                .putInt(VERSION)
                .putInt(n)
                .put(originBytes)
                .putLong(entries)
                .putLong(framesLength)
                .putInt(framesCrc)
                .putInt(FIXED_BYTES + n);
        out.putInt(crc(out.array(), 0, out.position()));
        return out.array();
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** The primary a replica's data came from; empty for a primary's own file. */
    public String origin() {
        return origin;
    }

    public long entries() {
        return entries;
    }

    /** Bytes of frames before the footer: the footer's own offset in the file. */
    public long framesLength() {
        return framesLength;
    }

    /** CRC-32C of the frames. */
    public int framesCrc() {
        return framesCrc;
    }

    /** The offset of the frames' checksum in a file whose footer this is. */
    long framesCrcOffset() {
        return framesLength + 32 + origin.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "version=" + VERSION + " origin=" + (origin.isEmpty() ? "none" : origin) + " entries=" + entries
                + " frames_len=" + framesLength + " frames_crc32c=" + String.format("%08x", framesCrc);
    }
}
