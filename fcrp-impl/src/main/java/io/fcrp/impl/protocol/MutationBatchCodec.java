package io.fcrp.impl.protocol;

import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The MutationBatch payload (spec §4.4): {@code count:u32} then records of 53 fixed bytes plus
 * key and value. Decoding validates the whole payload before any record is handed out, so a
 * malformed batch is rejected without partial effects. It also reads the governed Set of the
 * {@code shardmap} 0.6–0.7 dialect (op 4: a Set followed by {@code governance_len:u32} and that
 * many bytes, spec §11.1), which this project never sends.
 */
public final class MutationBatchCodec {

    public static final int RECORD_FIXED_BYTES = 53;
    public static final int COUNT_BYTES = 4;
    /** The op byte of a governed Set (spec §11.1). */
    public static final int GOVERNED_SET_OP = 4;

    /** Receives each record through a {@link RecordView} that is re-pointed for the next one. */
    @FunctionalInterface
    public interface RecordVisitor {
        void record(RecordView record) throws ProtocolException;
    }

    private MutationBatchCodec() {}

    /** Encoded size of one record. */
    public static int recordSize(int keyLength, int valueLength) {
        return RECORD_FIXED_BYTES + keyLength + valueLength;
    }

    /** Appends one record; the key tag is derived from {@code keyHash}. */
    public static void appendRecord(
            PayloadWriter writer,
            int shardId,
            long sequence,
            long timestampMs,
            MutationOp op,
            long keyHash,
            long expireAtMs,
            byte[] key,
            byte[] value) {
        writer.ensure(recordSize(key.length, value.length));
        writer.u32(shardId)
                .u64(sequence)
                .u64(timestampMs)
                .u8(op.code())
                .u64(keyHash)
                .u64(KeyHash.tag(keyHash))
                .u64(expireAtMs)
                .u32(key.length)
                .u32(value.length)
                .bytes(key)
                .bytes(value);
    }

    /** A whole payload for {@code mutations}, in order. */
    public static byte[] encode(List<Mutation> mutations) {
        PayloadWriter writer = new PayloadWriter(1024);
        writer.u32(mutations.size());
        for (Mutation m : mutations) {
            appendRecord(
                    writer,
                    m.shardId(),
                    m.sequence(),
                    m.timestampMs(),
                    m.op(),
                    m.keyHash(),
                    m.expireAtMs(),
                    m.key(),
                    m.value());
        }
        return writer.payloadCopy();
    }

    /** Decodes every record into {@link Mutation} values (key and value copied). */
    public static List<Mutation> decode(PayloadReader reader) throws ProtocolException {
        List<Mutation> mutations = new ArrayList<>();
        visit(reader, new RecordView(), record -> mutations.add(record.toMutation()));
        return mutations;
    }

    /**
     * Validates the whole payload, then points {@code view} at each record in order and hands it
     * to {@code visitor}.
     *
     * @return the number of records
     */
    public static int visit(PayloadReader reader, RecordView view, RecordVisitor visitor) throws ProtocolException {
        int start = reader.position();
        byte[] bytes = reader.array();
        int count = validate(reader);
        int position = start + COUNT_BYTES;
        for (int i = 0; i < count; i++) {
            view.point(bytes, position);
            visitor.record(view);
            position = view.end();
        }
        return count;
    }

    /** Checks every field and length and that nothing trails; returns the record count. */
    private static int validate(PayloadReader reader) throws ProtocolException {
        int count = reader.count(RECORD_FIXED_BYTES, "mutation records");
        for (int i = 0; i < count; i++) {
            reader.u32(); // shard id: any u32 (receivers bound it themselves)
            reader.u64(); // sequence
            reader.u64(); // timestamp
            int op = reader.u8();
            if (op != GOVERNED_SET_OP && MutationOp.fromCode(op) == null) {
                throw new ProtocolException(
                        ProtocolError.UNSUPPORTED_MUTATION_OP, "unsupported FCRP mutation op: " + op);
            }
            reader.u64(); // key hash
            reader.u64(); // key tag
            reader.u64(); // expiry
            long keyLength = reader.u32();
            long valueLength = reader.u32();
            if (keyLength + valueLength > reader.remaining()) {
                throw new ProtocolException(ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
            }
            reader.skip((int) (keyLength + valueLength));
            if (op == GOVERNED_SET_OP) {
                reader.skip(reader.length());
            }
        }
        reader.finish();
        return count;
    }
}
