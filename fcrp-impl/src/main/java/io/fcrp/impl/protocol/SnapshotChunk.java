package io.fcrp.impl.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fcrp.api.Entry;
import io.fcrp.api.ShardWatermarks;

/**
 * The SnapshotChunk payload (spec §4.5): {@code chunk_index:u64, is_last:u8, watermarks,
 * entry_count:u32} then entries of {@code key_len:u32, value_len:u32, expire_at_ms:u64, key, value}.
 */
public final class SnapshotChunk {

    public static final int ENTRY_FIXED_BYTES = 16;

    /** Receives one entry; key and value are slices of {@code bytes}. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength, long expireAtMs);
    }

    private final long chunkIndex;
    private final boolean last;
    private final ShardWatermarks watermarks;
    private final List<Entry> entries;

    public SnapshotChunk(long chunkIndex, boolean last, ShardWatermarks watermarks, List<Entry> entries) {
        this.chunkIndex = chunkIndex;
        this.last = last;
        this.watermarks = watermarks;
        this.entries = List.copyOf(entries);
    }

    public long chunkIndex() {
        return chunkIndex;
    }

    public boolean isLast() {
        return last;
    }

    public ShardWatermarks watermarks() {
        return watermarks;
    }

    public List<Entry> entries() {
        return entries;
    }

    public byte[] encode() {
        PayloadWriter writer = new PayloadWriter(256);
        writeHead(writer, chunkIndex, last, watermarks, entries.size());
        for (Entry entry : entries) {
            appendEntry(writer, entry.key(), entry.value(), entry.expireAtMs());
        }
        return writer.payloadCopy();
    }

    /**
     * Writes everything before the entries; returns the absolute offsets of the {@code is_last}
     * byte and the {@code entry_count} field, for patching once the chunk is closed.
     */
    public static int[] writeHead(PayloadWriter writer, long chunkIndex, boolean last, ShardWatermarks watermarks,
            int entryCount) {
        writer.u64(chunkIndex);
        int lastOffset = writer.position();
        writer.u8(last ? 1 : 0);
        Payloads.writeWatermarks(writer, watermarks);
        int countOffset = writer.position();
        writer.u32(entryCount);
        return new int[] {lastOffset, countOffset};
    }

    public static void appendEntry(PayloadWriter writer, byte[] key, byte[] value, long expireAtMs) {
        writer.ensure(ENTRY_FIXED_BYTES + key.length + value.length);
        writer.u32(key.length).u32(value.length).u64(expireAtMs).bytes(key).bytes(value);
    }

    /** Decodes a whole chunk, copying entries out of the payload. */
    public static SnapshotChunk decode(PayloadReader reader) throws ProtocolException {
        List<Entry> entries = new ArrayList<>();
        Head head = visit(reader, (bytes, keyOff, keyLen, valueOff, valueLen, expire) -> entries.add(
                new Entry(Arrays.copyOfRange(bytes, keyOff, keyOff + keyLen), Arrays.copyOfRange(bytes, valueOff, valueOff + valueLen), expire)));
        return new SnapshotChunk(head.chunkIndex, head.last, head.watermarks, entries);
    }

    /** The fields before the entries. */
    public static final class Head {
        public final long chunkIndex;
        public final boolean last;
        public final ShardWatermarks watermarks;
        public final int entryCount;

        Head(long chunkIndex, boolean last, ShardWatermarks watermarks, int entryCount) {
            this.chunkIndex = chunkIndex;
            this.last = last;
            this.watermarks = watermarks;
            this.entryCount = entryCount;
        }
    }

    /** Validates the whole chunk, then hands each entry to {@code visitor}; returns the head fields. */
    public static Head visit(PayloadReader reader, EntryVisitor visitor) throws ProtocolException {
        long chunkIndex = reader.u64();
        boolean last = reader.u8() != 0;
        ShardWatermarks watermarks = Payloads.readWatermarks(reader);
        int count = reader.count(ENTRY_FIXED_BYTES, "snapshot entries");
        int first = reader.position();
        for (int i = 0; i < count; i++) {
            long keyLength = reader.u32();
            long valueLength = reader.u32();
            reader.u64();
            if (keyLength + valueLength > reader.remaining()) {
                throw new ProtocolException(ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
            }
            reader.skip((int) (keyLength + valueLength));
        }
        reader.finish();
        byte[] bytes = reader.array();
        int position = first;
        for (int i = 0; i < count; i++) {
            int keyLength = LittleEndian.getInt(bytes, position);
            int valueLength = LittleEndian.getInt(bytes, position + 4);
            int keyOffset = position + ENTRY_FIXED_BYTES;
            visitor.entry(bytes, keyOffset, keyLength, keyOffset + keyLength, valueLength,
                    LittleEndian.getLong(bytes, position + 8));
            position = keyOffset + keyLength + valueLength;
        }
        return new Head(chunkIndex, last, watermarks, count);
    }
}
