package io.fcrp.impl.persist;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.SnapshotChunk;
import io.fcrp.impl.protocol.SnapshotSequence;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a persistence file whole or not at all: the footer first (a truncated file has none),
 * then the frames, which must be exactly one complete snapshot, while their checksum is computed
 * and compared at the end. Every failure names the file and the byte offset where it was found.
 */
public final class SnapshotFileReader {

    /** Where the entries of a file go. */
    public interface Target {
        /**
         * Called once the file's watermarks and origin are known, before any entry; returns the
         * visitor that takes the entries.
         */
        SnapshotChunk.EntryVisitor begin(ShardWatermarks watermarks, String origin) throws IOException;
    }

    private SnapshotFileReader() {}

    /**
     * Reads {@code file} into {@code target}. A caller must discard what {@code target} took
     * when this throws: the file's checksum is only known to match at the end.
     *
     * @return the file's footer
     * @throws CorruptSnapshotFileException when the file is truncated, malformed or does not match its checksum
     */
    public static SnapshotFileFooter read(Path file, Target target) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SnapshotFileFooter footer = footer(file, channel);
            channel.position(0);
            CheckedInputStream checked = new CheckedInputStream(
                    new BoundedInput(
                            new BufferedInputStream(Channels.newInputStream(channel), 1024 * 1024),
                            footer.framesLength()),
                    new CRC32C());
            FrameReader reader = new FrameReader(checked, FrameHeader.MAX_PAYLOAD);
            readSnapshot(file, reader, footer, target);
            if ((int) checked.getChecksum().getValue() != footer.framesCrc()) {
                throw new CorruptSnapshotFileException(
                        file,
                        footer.framesCrcOffset(),
                        "the CRC-32C of bytes 0 to "
                                + footer.framesLength() + " is "
                                + String.format("%08x", checked.getChecksum().getValue())
                                + ", the footer says " + String.format("%08x", footer.framesCrc()));
            }
            return footer;
        }
    }

    private static void readSnapshot(Path file, FrameReader reader, SnapshotFileFooter footer, Target target)
            throws IOException {
        long offset = 0;
        try {
            Frame begin = reader.next();
            if (begin == null || begin.kind() != FrameKind.SNAPSHOT_BEGIN) {
                throw new CorruptSnapshotFileException(file, 0, "the file does not start with a SnapshotBegin frame");
            }
            SnapshotChunk.EntryVisitor entries =
                    target.begin(Payloads.decodeWatermarks(begin.reader()), footer.origin());
            SnapshotSequence snapshot = new SnapshotSequence(begin, entries);
            while (true) {
                offset = reader.bytesRead();
                Frame frame = reader.next();
                if (frame == null) {
                    throw new CorruptSnapshotFileException(file, offset, "the frames end without a SnapshotEnd");
                }
                if (frame.kind() == FrameKind.SNAPSHOT_CHUNK) {
                    snapshot.chunk(frame);
                } else if (frame.kind() == FrameKind.SNAPSHOT_END) {
                    snapshot.end(frame);
                    break;
                } else {
                    throw new CorruptSnapshotFileException(
                            file, offset, "a " + frame.kind().displayName() + " frame inside the snapshot");
                }
            }
            offset = reader.bytesRead();
            if (offset != footer.framesLength()) {
                throw new CorruptSnapshotFileException(file, offset, "bytes after SnapshotEnd before the footer");
            }
        } catch (ProtocolException e) {
            throw new CorruptSnapshotFileException(file, offset, e.getMessage());
        }
    }

    private static SnapshotFileFooter footer(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < SnapshotFileFooter.FIXED_BYTES) {
            throw new CorruptSnapshotFileException(
                    file,
                    size,
                    "the file ends after " + size
                            + " bytes, before a footer (truncated, or not an FCRP persistence file)");
        }
        byte[] tail = readAt(channel, size - SnapshotFileFooter.TAIL_BYTES, SnapshotFileFooter.TAIL_BYTES);
        long length = SnapshotFileFooter.declaredLength(tail);
        if (length < SnapshotFileFooter.FIXED_BYTES
                || length > size
                || length > SnapshotFileFooter.FIXED_BYTES + SnapshotFileFooter.MAX_ORIGIN_BYTES) {
            throw noFooter(file, size);
        }
        SnapshotFileFooter footer;
        try {
            footer = SnapshotFileFooter.decode(readAt(channel, size - length, (int) length));
        } catch (IllegalArgumentException e) {
            throw noFooter(file, size);
        }
        if (footer.framesLength() != size - length) {
            throw new CorruptSnapshotFileException(
                    file,
                    size - length,
                    "the footer says the frames end at byte " + footer.framesLength() + ", but it starts at "
                            + (size - length));
        }
        return footer;
    }

    private static CorruptSnapshotFileException noFooter(Path file, long size) {
        return new CorruptSnapshotFileException(
                file,
                size,
                "no valid footer ends the file at byte " + size + " (truncated, or not an FCRP persistence file)");
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file shrank while being read");
            }
        }
        return buffer.array();
    }

    /** The first {@code limit} bytes of a stream: the frames without the footer. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInput(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
