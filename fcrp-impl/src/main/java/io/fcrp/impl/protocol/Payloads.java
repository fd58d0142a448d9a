package io.fcrp.impl.protocol;

import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;

/** Watermark-vector payloads (SnapshotBegin, SnapshotEnd, Ack; spec §3.1, §4.2) and Error (§4.3). */
public final class Payloads {

    /** The three Error texts of v1 (spec §4.3), exact and case-sensitive. */
    public static final String ERROR_EXPECTED_HELLO = "expected Hello frame";

    public static final String ERROR_UNSUPPORTED_VERSION = "unsupported FCRP version";
    public static final String ERROR_INVALID_TOKEN = "invalid auth token";

    private Payloads() {}

    public static void writeWatermarks(PayloadWriter writer, ShardWatermarks watermarks) {
        writer.u32(watermarks.size());
        for (int shard = 0; shard < watermarks.size(); shard++) {
            writer.u64(watermarks.get(shard));
        }
    }

    public static ShardWatermarks readWatermarks(PayloadReader reader) throws ProtocolException {
        int count = reader.count(8, "watermarks");
        long[] values = new long[count];
        for (int shard = 0; shard < count; shard++) {
            values[shard] = reader.u64();
        }
        return ShardWatermarks.of(values);
    }

    /** A payload that is one watermark vector. */
    public static byte[] encodeWatermarks(ShardWatermarks watermarks) {
        PayloadWriter writer = new PayloadWriter(4 + 8 * watermarks.size());
        writeWatermarks(writer, watermarks);
        return writer.payloadCopy();
    }

    public static ShardWatermarks decodeWatermarks(PayloadReader reader) throws ProtocolException {
        ShardWatermarks watermarks = readWatermarks(reader);
        reader.finish();
        return watermarks;
    }

    public static byte[] encodeError(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return new PayloadWriter(4 + text.length).u32(text.length).bytes(text).payloadCopy();
    }

    public static String decodeError(PayloadReader reader) throws ProtocolException {
        int length = reader.length();
        String message = reader.utf8(length, ProtocolError.ERROR_MESSAGE_NOT_UTF8, "FCRP error payload not UTF-8");
        reader.finish();
        return message;
    }
}
