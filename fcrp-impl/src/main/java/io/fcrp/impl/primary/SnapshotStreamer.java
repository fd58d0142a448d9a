package io.fcrp.impl.primary;

import io.fcrp.api.Snapshot;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.FrameEncoder;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.SnapshotChunk;
import io.fcrp.impl.store.StoreSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Turns a snapshot into SnapshotBegin, SnapshotChunk… and SnapshotEnd frames exactly as spec
 * §6.1 step 6: a chunk closes when {@code Σ(key + value + 32)} reaches
 * {@code max(snapshot_chunk_bytes, 4096)} (the configuration refuses less than 4096, so that is
 * {@code snapshot_chunk_bytes}) or at the last entry; an empty snapshot is one empty,
 * uncompressed, last chunk. Entries of the embedded store are copied straight from its off-heap
 * memory into the chunk; one buffer is reused for every chunk. For persistence files it can write
 * the chunk layout of the governance dialect (spec §11.1) instead, so that a replica's governed
 * entries are kept with their metadata; FCRP v1 replicas are never sent that layout.
 */
public final class SnapshotStreamer {

    /** Receives each frame as soon as it is encoded: {@code frame[0..length)}, valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(byte[] frame, int length) throws IOException;
    }

    private static final int ENTRY_ESTIMATE_OVERHEAD = 32;
    /** Room left in a chunk for its head (index, flag, watermarks, count). */
    private static final int HEAD_ROOM = 1024 * 1024;

    private final int targetBytes;
    private final Compression compression;
    private final int zstdLevel;
    private final boolean governanceLayout;

    /** A streamer of FCRP v1 frames, for replicas. */
    public SnapshotStreamer(int snapshotChunkBytes, Compression compression, int zstdLevel) {
        this(snapshotChunkBytes, compression, zstdLevel, false);
    }

    /** With {@code governanceLayout}, chunks carry governance metadata (spec §11.1): for files, never for v1 replicas. */
    public SnapshotStreamer(int snapshotChunkBytes, Compression compression, int zstdLevel, boolean governanceLayout) {
        this.targetBytes = snapshotChunkBytes;
        this.compression = compression;
        this.zstdLevel = zstdLevel;
        this.governanceLayout = governanceLayout;
    }

    /** Encodes and hands over every frame of {@code snapshot}; returns the number of chunks. */
    public long stream(Snapshot snapshot, FrameSink sink) throws IOException {
        FrameEncoder encoder = new FrameEncoder();
        PayloadWriter watermarks = new PayloadWriter(8 * snapshot.watermarks().size() + 8);
        Payloads.writeWatermarks(watermarks, snapshot.watermarks());
        send(sink, encoder, FrameKind.SNAPSHOT_BEGIN, watermarks, Compression.NONE);
        long chunks;
        if (snapshot.size() == 0) {
            PayloadWriter writer = new PayloadWriter(64);
            SnapshotChunk.writeHead(writer, 0, true, snapshot.watermarks(), 0);
            send(sink, encoder, FrameKind.SNAPSHOT_CHUNK, writer, Compression.NONE);
            chunks = 1;
        } else {
            Chunker chunker = new Chunker(snapshot, sink, encoder);
            try {
                if (snapshot instanceof StoreSnapshot store) {
                    store.forEachBlock(chunker::add);
                } else {
                    snapshot.forEach((key, value, expireAtMs) -> chunker.add(
                            ByteBuffer.wrap(key), 0, key.length, ByteBuffer.wrap(value), 0, value.length, expireAtMs));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (chunker.remaining != 0) {
                throw new IllegalStateException("snapshot visited " + (snapshot.size() - chunker.remaining)
                        + " entries but announced " + snapshot.size());
            }
            chunks = chunker.chunkIndex;
        }
        send(sink, encoder, FrameKind.SNAPSHOT_END, watermarks, Compression.NONE);
        return chunks;
    }

    private void send(
            FrameSink sink, FrameEncoder encoder, FrameKind kind, PayloadWriter writer, Compression frameCompression)
            throws IOException {
        try {
            encoder.encode(kind, writer, frameCompression, zstdLevel);
        } catch (ProtocolException e) {
            throw new IllegalStateException("snapshot frame cannot be encoded: " + e.getMessage(), e);
        }
        sink.accept(encoder.array(), encoder.length());
    }

    /** Packs visited entries into chunks; the chunk holding the last entry is marked last. */
    private final class Chunker {
        private final Snapshot snapshot;
        private final FrameSink sink;
        private final FrameEncoder encoder;
        private final PayloadWriter writer = new PayloadWriter(targetBytes + targetBytes / 4);
        private long remaining;
        private long chunkIndex;
        private int[] head;
        private int inChunk;
        private long estimate;

        Chunker(Snapshot snapshot, FrameSink sink, FrameEncoder encoder) {
            this.snapshot = snapshot;
            this.sink = sink;
            this.encoder = encoder;
            this.remaining = snapshot.size();
        }

        /**
         * Adds one entry as {@link io.fcrp.impl.store.BlockVisitor} describes it. v1's layout has no
         * room for governance metadata, and no store that serves v1 holds any.
         */
        void add(
                ByteBuffer buffer,
                int dataOffset,
                int keyLength,
                int valueLength,
                long expireAtMs,
                int governanceLength) {
            if (governanceLength >= 0 && !governanceLayout) {
                throw new IllegalStateException("a governed entry cannot be sent to a v1 replica");
            }
            add(
                    buffer,
                    dataOffset,
                    keyLength,
                    buffer,
                    dataOffset + keyLength,
                    valueLength,
                    expireAtMs,
                    dataOffset + keyLength + valueLength + Integer.BYTES,
                    governanceLength);
        }

        void add(
                ByteBuffer keys,
                int keyOffset,
                int keyLength,
                ByteBuffer values,
                int valueOffset,
                int valueLength,
                long expireAtMs) {
            add(keys, keyOffset, keyLength, values, valueOffset, valueLength, expireAtMs, 0, -1);
        }

        private void add(
                ByteBuffer keys,
                int keyOffset,
                int keyLength,
                ByteBuffer values,
                int valueOffset,
                int valueLength,
                long expireAtMs,
                int governanceOffset,
                int governanceLength) {
            try {
                long entryBytes = (long) keyLength + valueLength + Math.max(governanceLength, 0);
                if (inChunk > 0 && writer.payloadLength() + entryBytes + HEAD_ROOM > FrameHeader.MAX_PAYLOAD) {
                    emit(false);
                }
                if (inChunk == 0) {
                    writer.reset();
                    head = SnapshotChunk.writeHead(writer, chunkIndex++, false, snapshot.watermarks(), 0);
                    if (governanceLayout) {
                        writer.u32(SnapshotChunk.GOVERNANCE_MARKER);
                    }
                    estimate = 0;
                }
                writer.ensure(SnapshotChunk.GOVERNED_ENTRY_FIXED_BYTES + (int) entryBytes);
                writer.u32(keyLength).u32(valueLength);
                if (governanceLayout) {
                    writer.u32(governanceLength); // -1 is the format's 0xFFFFFFFF: no metadata
                }
                writer.u64(expireAtMs).bytes(keys, keyOffset, keyLength).bytes(values, valueOffset, valueLength);
                if (governanceLength > 0) {
                    writer.bytes(keys, governanceOffset, governanceLength);
                }
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
            writer.patchU8(head[0], last ? 1 : 0);
            writer.patchU32(head[1], inChunk);
            send(sink, encoder, FrameKind.SNAPSHOT_CHUNK, writer, compression);
            inChunk = 0;
        }
    }
}
