package io.fcrp.impl.primary;

import java.io.IOException;
import java.util.List;

import io.fcrp.api.Entry;
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
        List<Entry> entries = snapshot.entries();
        long chunkIndex = 0;
        if (entries.isEmpty()) {
            PayloadWriter writer = new PayloadWriter(64);
            SnapshotChunk.writeHead(writer, 0, true, snapshot.watermarks(), 0);
            sink.accept(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, writer, Compression.NONE, 0));
            chunkIndex = 1;
        } else {
            PayloadWriter writer = new PayloadWriter(targetBytes + targetBytes / 4);
            int[] head = null;
            int inChunk = 0;
            long estimate = 0;
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                long entryBytes = (long) entry.key().length + entry.value().length;
                if (inChunk > 0 && writer.payloadLength() + entryBytes + HEAD_ROOM > FrameHeader.MAX_PAYLOAD) {
                    sink.accept(close(writer, head, inChunk, false));
                    inChunk = 0;
                }
                if (inChunk == 0) {
                    writer.reset();
                    head = SnapshotChunk.writeHead(writer, chunkIndex++, false, snapshot.watermarks(), 0);
                    estimate = 0;
                }
                SnapshotChunk.appendEntry(writer, entry.key(), entry.value(), entry.expireAtMs());
                inChunk++;
                estimate += entryBytes + ENTRY_ESTIMATE_OVERHEAD;
                boolean last = i == entries.size() - 1;
                if (estimate >= targetBytes || last) {
                    sink.accept(close(writer, head, inChunk, last));
                    inChunk = 0;
                }
            }
        }
        sink.accept(FrameCodec.encode(FrameKind.SNAPSHOT_END, watermarks));
        return chunkIndex;
    }

    private byte[] close(PayloadWriter writer, int[] head, int entryCount, boolean last) throws IOException {
        writer.patchU8(head[0], last ? 1 : 0);
        writer.patchU32(head[1], entryCount);
        return FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, writer, compression, zstdLevel);
    }
}
