package io.fcrp.impl.primary;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.fcrp.api.Snapshot;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.SnapshotChunk;

/**
 * Turns a snapshot into SnapshotBegin, SnapshotChunk… and SnapshotEnd frames exactly as spec
 * §6.1 step 6: a chunk closes when {@code Σ(key + value + 32)} reaches
 * {@code max(snapshot_chunk_bytes, 4096)} or at the last entry; an empty snapshot is one empty,
 * uncompressed, last chunk.
 */
final class SnapshotStreamer {

    /** Receives each frame as soon as it is encoded. */
    @FunctionalInterface
    interface FrameSink {
        void accept(byte[] frame) throws IOException;
    }

    private static final int ENTRY_ESTIMATE_OVERHEAD = 32;
    /** Room left in a chunk for its head (index, flag, watermarks, count). */
    private static final int HEAD_ROOM = 1024 * 1024;

    private final int targetBytes;
    private final Compression compression;
    private final int zstdLevel;

    SnapshotStreamer(int snapshotChunkBytes, Compression compression, int zstdLevel) {
        this.targetBytes = Math.max(snapshotChunkBytes, 4096);
        this.compression = compression;
        this.zstdLevel = zstdLevel;
    }

    /** Encodes and hands over every frame of {@code snapshot}; returns the number of chunks. */
    long stream(Snapshot snapshot, FrameSink sink) throws IOException {
        byte[] watermarks = Payloads.encodeWatermarks(snapshot.watermarks());
        sink.accept(FrameCodec.encode(FrameKind.SNAPSHOT_BEGIN, watermarks));
        long chunks;
        if (snapshot.size() == 0) {
            PayloadWriter writer = new PayloadWriter(64);
            SnapshotChunk.writeHead(writer, 0, true, snapshot.watermarks(), 0);
            sink.accept(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, writer, Compression.NONE, 0));
            chunks = 1;
        } else {
            Chunker chunker = new Chunker(snapshot, sink);
            try {
                snapshot.forEach(chunker::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (chunker.remaining != 0) {
                throw new IllegalStateException("snapshot visited " + (snapshot.size() - chunker.remaining)
                        + " entries but announced " + snapshot.size());
            }
            chunks = chunker.chunkIndex;
        }
        sink.accept(FrameCodec.encode(FrameKind.SNAPSHOT_END, watermarks));
        return chunks;
    }

    /** Packs visited entries into chunks; the chunk holding the last entry is marked last. */
    private final class Chunker {
        private final Snapshot snapshot;
        private final FrameSink sink;
        private final PayloadWriter writer = new PayloadWriter(targetBytes + targetBytes / 4);
        private long remaining;
        private long chunkIndex;
        private int[] head;
        private int inChunk;
        private long estimate;

        Chunker(Snapshot snapshot, FrameSink sink) {
            this.snapshot = snapshot;
            this.sink = sink;
            this.remaining = snapshot.size();
        }

        void add(byte[] key, byte[] value, long expireAtMs) {
            try {
                long entryBytes = (long) key.length + value.length;
                if (inChunk > 0 && writer.payloadLength() + entryBytes + HEAD_ROOM > FrameHeader.MAX_PAYLOAD) {
                    emit(false);
                }
                if (inChunk == 0) {
                    writer.reset();
                    head = SnapshotChunk.writeHead(writer, chunkIndex++, false, snapshot.watermarks(), 0);
                    estimate = 0;
                }
                SnapshotChunk.appendEntry(writer, key, value, expireAtMs);
                inChunk++;
                remaining--;
                estimate += entryBytes + ENTRY_ESTIMATE_OVERHEAD;
                if (estimate >= targetBytes || remaining == 0) {
                    emit(remaining == 0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void emit(boolean last) throws IOException {
            sink.accept(close(writer, head, inChunk, last));
            inChunk = 0;
        }
    }

    private byte[] close(PayloadWriter writer, int[] head, int entryCount, boolean last) throws IOException {
        writer.patchU8(head[0], last ? 1 : 0);
        writer.patchU32(head[1], entryCount);
        return FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, writer, compression, zstdLevel);
    }
}
