package io.fcrp.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcrp.api.Entry;
import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.PayloadWriter;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.SnapshotChunk;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between the JSON schema of {@code interop/vectors.json} (shared with the reference
 * peer) and Java frames: it encodes a vector with the Java encoders, and describes a vector, a
 * Java-decoded frame or a reference-decoded frame as the same canonical map so they compare equal.
 * A record or entry of the governance dialect ({@code interop/vectors-governance.json}) carries
 * {@code "governance"} (hex); a plain one has none, so v1 descriptions are unchanged. The Java
 * encoders never write governance.
 */
final class VectorCodec {

    private static final HexFormat HEX = HexFormat.of();
    private static final int ZSTD_LEVEL = 3;

    private VectorCodec() {}

    /** The whole frame the Java encoders produce for {@code vector}. */
    static byte[] encode(JsonNode vector) throws ProtocolException {
        FrameKind kind = kind(vector.get("kind").asText());
        Compression compression = vector.path("compressed").asBoolean() ? Compression.ZSTD : Compression.NONE;
        byte[] payload = payload(kind, vector);
        PayloadWriter writer = new PayloadWriter(payload.length);
        writer.bytes(payload);
        return FrameCodec.encode(kind, writer, compression, ZSTD_LEVEL);
    }

    private static byte[] payload(FrameKind kind, JsonNode v) {
        switch (kind) {
            case HELLO:
                return new Hello(
                                v.get("version").asInt(),
                                v.get("role").asInt(),
                                text(v.get("token")),
                                watermarksOrNull(v.get("since")))
                        .encode();
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK:
                return Payloads.encodeWatermarks(watermarksOrNull(v.get("watermarks")));
            case ERROR:
                return Payloads.encodeError(v.get("message").asText());
            case MUTATION_BATCH:
                List<Mutation> mutations = new ArrayList<>();
                for (JsonNode r : v.get("records")) {
                    requirePlain(r);
                    byte[] key = HEX.parseHex(r.get("key").asText());
                    mutations.add(new Mutation(
                            r.get("shard").asInt(),
                            u64(r.get("seq")),
                            u64(r.get("ts")),
                            op(r.get("op").asText()),
                            KeyHash.of(key),
                            key,
                            HEX.parseHex(r.get("value").asText()),
                            expiry(r.get("expire"))));
                }
                return MutationBatchCodec.encode(mutations);
            case SNAPSHOT_CHUNK:
                List<Entry> entries = new ArrayList<>();
                for (JsonNode e : v.get("entries")) {
                    requirePlain(e);
                    entries.add(new Entry(
                            HEX.parseHex(e.get("key").asText()),
                            HEX.parseHex(e.get("value").asText()),
                            expiry(e.get("expire"))));
                }
                return new SnapshotChunk(
                                u64(v.get("chunk_index")),
                                v.get("is_last").asBoolean(),
                                watermarksOrNull(v.get("watermarks")),
                                entries)
                        .encode();
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** The Java encoders write v1 only: a governed vector must never turn into a plain frame silently. */
    private static void requirePlain(JsonNode recordOrEntry) {
        if (governance(recordOrEntry.get("governance")) != null) {
            throw new IllegalArgumentException("the Java encoders never write governance metadata: " + recordOrEntry);
        }
    }

    /** The canonical description of a vector (or of a reference decoder's JSON line). */
    static Map<String, Object> describe(JsonNode v) {
        Map<String, Object> d = new LinkedHashMap<>();
        FrameKind kind = kind(v.get("kind").asText());
        d.put("kind", kind.displayName());
        switch (kind) {
            case HELLO:
                d.put("version", v.get("version").asInt());
                d.put("role", v.get("role").asInt());
                d.put("token", text(v.get("token")));
                d.put("since", numbers(v.get("since")));
                break;
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK:
                d.put("watermarks", numbers(v.get("watermarks")));
                break;
            case ERROR:
                d.put("message", v.get("message").asText());
                break;
            case MUTATION_BATCH:
                List<Map<String, Object>> records = new ArrayList<>();
                for (JsonNode r : v.get("records")) {
                    records.add(record(
                            r.get("shard").asLong(),
                            u64(r.get("seq")),
                            u64(r.get("ts")),
                            r.get("op").asText(),
                            r.get("key").asText(),
                            r.get("value").asText(),
                            expiry(r.get("expire")),
                            governance(r.get("governance"))));
                }
                d.put("records", records);
                break;
            case SNAPSHOT_CHUNK:
                d.put("chunk_index", Long.toUnsignedString(u64(v.get("chunk_index"))));
                d.put("is_last", v.get("is_last").asBoolean());
                d.put("watermarks", numbers(v.get("watermarks")));
                List<Map<String, Object>> entries = new ArrayList<>();
                for (JsonNode e : v.get("entries")) {
                    entries.add(entry(
                            e.get("key").asText(),
                            e.get("value").asText(),
                            expiry(e.get("expire")),
                            governance(e.get("governance"))));
                }
                d.put("entries", entries);
                break;
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
        return d;
    }

    /** The canonical description of a frame decoded by the Java decoders. */
    static Map<String, Object> describe(Frame frame) throws ProtocolException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", frame.kind().displayName());
        switch (frame.kind()) {
            case HELLO:
                Hello hello = Hello.decode(frame.reader());
                d.put("version", hello.version());
                d.put("role", hello.role());
                d.put("token", hello.token());
                d.put("since", hello.since() == null ? null : numbers(hello.since()));
                break;
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK:
                d.put("watermarks", numbers(Payloads.decodeWatermarks(frame.reader())));
                break;
            case ERROR:
                d.put("message", Payloads.decodeError(frame.reader()));
                break;
            case MUTATION_BATCH:
                List<Map<String, Object>> records = new ArrayList<>();
                for (Mutation m : MutationBatchCodec.decode(frame.reader())) {
                    records.add(record(
                            Integer.toUnsignedLong(m.shardId()),
                            m.sequence(),
                            m.timestampMs(),
                            opName(m.op()),
                            HEX.formatHex(m.key()),
                            HEX.formatHex(m.value()),
                            m.expireAtMs(),
                            hexOrNull(m.governance())));
                }
                d.put("records", records);
                break;
            case SNAPSHOT_CHUNK:
                SnapshotChunk chunk = SnapshotChunk.decode(frame.reader());
                d.put("chunk_index", Long.toUnsignedString(chunk.chunkIndex()));
                d.put("is_last", chunk.isLast());
                d.put("watermarks", numbers(chunk.watermarks()));
                List<Map<String, Object>> entries = new ArrayList<>();
                for (Entry e : chunk.entries()) {
                    entries.add(entry(
                            HEX.formatHex(e.key()),
                            HEX.formatHex(e.value()),
                            e.expireAtMs(),
                            hexOrNull(e.governance())));
                }
                d.put("entries", entries);
                break;
            default:
                throw new IllegalArgumentException("unknown kind " + frame.kind());
        }
        return d;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String text) {
        return HEX.parseHex(text);
    }

    private static Map<String, Object> record(
            long shard, long seq, long ts, String op, String key, String value, long expire, String governance) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("shard", shard);
        r.put("seq", Long.toUnsignedString(seq));
        r.put("ts", Long.toUnsignedString(ts));
        r.put("op", op);
        r.put("key", key);
        r.put("value", value);
        r.put("expire", expire == Entry.NO_EXPIRY ? null : Long.toUnsignedString(expire));
        putGovernance(r, governance);
        return r;
    }

    private static Map<String, Object> entry(String key, String value, long expire, String governance) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", key);
        e.put("value", value);
        e.put("expire", expire == Entry.NO_EXPIRY ? null : Long.toUnsignedString(expire));
        putGovernance(e, governance);
        return e;
    }

    /** Only a governed record or entry has the field: an empty one ("") is governed too. */
    private static void putGovernance(Map<String, Object> description, String governance) {
        if (governance != null) {
            description.put("governance", governance);
        }
    }

    private static String governance(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String hexOrNull(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    private static FrameKind kind(String name) {
        for (FrameKind kind : FrameKind.values()) {
            if (kind.displayName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown frame kind " + name);
    }

    private static MutationOp op(String name) {
        switch (name) {
            case "Set":
                return MutationOp.SET;
            case "Del":
                return MutationOp.DEL;
            case "Expire":
                return MutationOp.EXPIRE;
            default:
                throw new IllegalArgumentException("unknown op " + name);
        }
    }

    private static String opName(MutationOp op) {
        return op == MutationOp.SET ? "Set" : op == MutationOp.DEL ? "Del" : "Expire";
    }

    /** A u64 written as a JSON number or a decimal string. */
    static long u64(JsonNode node) {
        return Long.parseUnsignedLong(node.asText());
    }

    private static long expiry(JsonNode node) {
        return node == null || node.isNull() ? Entry.NO_EXPIRY : u64(node);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }

    private static ShardWatermarks watermarksOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = u64(node.get(i));
        }
        return ShardWatermarks.of(values);
    }

    private static List<String> numbers(JsonNode node) {
        ShardWatermarks watermarks = watermarksOrNull(node);
        return watermarks == null ? null : numbers(watermarks);
    }

    private static List<String> numbers(ShardWatermarks watermarks) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < watermarks.size(); i++) {
            values.add(Long.toUnsignedString(watermarks.get(i)));
        }
        return values;
    }
}
