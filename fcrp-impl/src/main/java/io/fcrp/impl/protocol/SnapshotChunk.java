package io.fcrp.impl.protocol;

import io.fcrp.api.Entry;
import io.fcrp.api.ShardWatermarks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SnapshotChunk payload (spec §4.5): {@code chunk_index:u64, is_last:u8, watermarks,
 * entry_count:u32} then entries of {@code key_len:u32, value_len:u32, expire_at_ms:u64, key, value}.
 * It also reads the layout of the {@code shardmap} 0.6–0.7 dialect (spec §11.1), told apart by the
 * marker {@code GOV2} right after {@code entry_count} (a legacy first {@code key_len} of that value
 * could never fit a frame): entries of {@code key_len:u32, value_len:u32, governance_len:u32
 * (0xFFFFFFFF = none), expire_at_ms:u64, key, value, governance}. This project writes it only to
 * persistence files, never to a replica.
 */
public final class SnapshotChunk {

    public static final int ENTRY_FIXED_BYTES = 16;
    /** "GOV2" read little-endian. */
    public static final int GOVERNANCE_MARKER = 0x32564F47;

    public static final int GOVERNED_ENTRY_FIXED_BYTES = 20;
    private static final long NO_GOVERNANCE = 0xFFFFFFFFL;

    /**
     * Receives one entry; key, value and governance metadata are slices of {@code bytes}
     * ({@code governanceOffset} is -1 for an entry without metadata).
     */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(
                byte[] bytes,
                int keyOffset,
                int keyLength,
                int valueOffset,
                int valueLength,
                long expireAtMs,
                int governanceOffset,
                int governanceLength);
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
    public static int[] writeHead(
            PayloadWriter writer, long chunkIndex, boolean last, ShardWatermarks watermarks, int entryCount) {
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
        Head head = visit(
                reader,
                (bytes, keyOff, keyLen, valueOff, valueLen, expire, govOff, govLen) -> entries.add(new Entry(
                        Arrays.copyOfRange(bytes, keyOff, keyOff + keyLen),
                        Arrays.copyOfRange(bytes, valueOff, valueOff + valueLen),
                        expire,
                        govOff < 0 ? null : Arrays.copyOfRange(bytes, govOff, govOff + govLen))));
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
        long declared = reader.u32();
        boolean governed = reader.remaining() >= 4 && reader.peekU32() == GOVERNANCE_MARKER;
        if (governed) {
            reader.u32();
        }
        int count = reader.checkCount(
                declared, governed ? GOVERNED_ENTRY_FIXED_BYTES : ENTRY_FIXED_BYTES, "snapshot entries");
        int first = reader.position();
        for (int i = 0; i < count; i++) {
            long keyLength = reader.u32();
            long valueLength = reader.u32();
            long governanceLength = governed ? reader.u32() : NO_GOVERNANCE;
            reader.u64();
            long dataLength = keyLength + valueLength + (governanceLength == NO_GOVERNANCE ? 0 : governanceLength);
            if (dataLength > reader.remaining()) {
                throw new ProtocolException(ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
            }
            reader.skip((int) dataLength);
        }
        reader.finish();
        byte[] bytes = reader.array();
        int position = first;
        for (int i = 0; i < count; i++) {
            int keyLength = LittleEndian.getInt(bytes, position);
            int valueLength = LittleEndian.getInt(bytes, position + 4);
            int governanceLength = governed ? LittleEndian.getInt(bytes, position + 8) : -1;
            int fixed = governed ? GOVERNED_ENTRY_FIXED_BYTES : ENTRY_FIXED_BYTES;
            long expireAtMs = LittleEndian.getLong(bytes, position + fixed - 8);
            int keyOffset = position + fixed;
            int valueOffset = keyOffset + keyLength;
            int end = valueOffset + valueLength;
            int governanceOffset = governanceLength == -1 ? -1 : end;
            visitor.entry(
                    bytes,
                    keyOffset,
                    keyLength,
                    valueOffset,
                    valueLength,
                    expireAtMs,
                    governanceOffset,
                    governanceOffset < 0 ? 0 : governanceLength);
            position = governanceOffset < 0 ? end : end + governanceLength;
        }
        return new Head(chunkIndex, last, watermarks, count);
    }
}
