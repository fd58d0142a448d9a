package io.fcrp.impl.persist;

import io.fcrp.impl.primary.SnapshotStreamer;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.store.StoreSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a store snapshot as a persistence file ({@link SnapshotFileFooter} describes the
 * layout), crash-safe: into a temporary file beside the target, forced to disk, then renamed over
 * the target atomically and the directory forced too. A crash at any point leaves either the old
 * file or the new one, whole. Entries are streamed from the snapshot's off-heap memory chunk by
 * chunk, never copied to the heap one by one.
 */
public final class SnapshotFileWriter {

    /** Chunk size of the files: large enough to make chunk heads negligible. */
    private static final int CHUNK_BYTES = 1024 * 1024;

    static final String TEMPORARY_SUFFIX = ".tmp";

    private SnapshotFileWriter() {}

    /** Writes {@code snapshot} to {@code target}; returns the file's length. */
    public static long write(StoreSnapshot snapshot, Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
        long length;
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            long[] framesLength = {0};
            // a replica's data may hold governed entries (from a shardmap 0.6+ primary): keep their metadata
            boolean replicaData = snapshot.origin() != null;
            new SnapshotStreamer(CHUNK_BYTES, Compression.NONE, 0, replicaData).stream(snapshot, (frame, len) -> {
                crc.update(frame, 0, len);
                writeFully(channel, ByteBuffer.wrap(frame, 0, len));
                framesLength[0] += len;
            });
            byte[] footer = new SnapshotFileFooter(
                            snapshot.origin(), snapshot.size(), framesLength[0], (int) crc.getValue())
                    .encode();
            writeFully(channel, ByteBuffer.wrap(footer));
            channel.force(true);
            length = framesLength[0] + footer.length;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(directory);
        return length;
    }

    /** Renames {@code from} over {@code to} atomically and durably. */
    static void renameDurably(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(to.toAbsolutePath().getParent());
    }

    /** Makes a rename in {@code directory} durable (where the platform allows opening a directory). */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(directory)
                    && System.getProperty("os.name", "").startsWith("Windows")) {
                return; // Windows cannot open a directory; its renames are durable with the file system's journal
            }
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
