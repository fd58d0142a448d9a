package io.fcrp.impl.cli;

import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.RecordView;
import io.fcrp.impl.protocol.SnapshotChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one decoded frame into text for {@code fcrp decode}: a line with the kind, offset, header
 * fields and payload fields, then for MutationBatch and SnapshotChunk one indented line per record
 * or entry. Tokens are never printed, only whether one is present.
 */
final class FrameDescriber {

    private FrameDescriber() {}

    /**
     * @param header the frame's 16 header bytes, already validated by the reader
     * @throws ProtocolException when the payload does not decode
     */
    static List<String> describe(long offset, byte[] header, Frame frame) throws ProtocolException {
        FrameHeader parsed = FrameHeader.parse(header, 0, FrameHeader.MAX_PAYLOAD);
        String head = frame.kind().displayName() + " offset=" + offset + " flags=0x"
                + String.format("%02x", parsed.flags()) + " payload_len="
                + Integer.toUnsignedString(parsed.payloadLength())
                + " uncompressed_len=" + Integer.toUnsignedString(parsed.uncompressedLength());
        List<String> lines = new ArrayList<>();
        switch (frame.kind()) {
            case HELLO:
                lines.add(head + " " + hello(Hello.decode(frame.reader(), true)));
                break;
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK:
                lines.add(
                        head + " watermarks=" + TextFormat.watermarkVector(Payloads.decodeWatermarks(frame.reader())));
                break;
            case ERROR:
                lines.add(head + " message=" + TextFormat.oneLine(Payloads.decodeError(frame.reader())));
                break;
            case MUTATION_BATCH:
                lines.add(head);
                int count = MutationBatchCodec.visit(frame.reader(), new RecordView(), r -> lines.add(record(r)));
                lines.set(0, head + " count=" + count);
                break;
            case SNAPSHOT_CHUNK:
                lines.add(head);
                SnapshotChunk.Head chunk = SnapshotChunk.visit(
                        frame.reader(),
                        (bytes,
                                keyOffset,
                                keyLength,
                                valueOffset,
                                valueLength,
                                expire,
                                governanceOffset,
                                governanceLength) -> lines.add("  key="
                                + TextFormat.key(bytes, keyOffset, keyLength) + " value_len="
                                + Integer.toUnsignedString(valueLength) + " expire=" + TextFormat.expiry(expire)
                                + (governanceOffset < 0 ? "" : " governance_len=" + governanceLength)));
                lines.set(
                        0,
                        head + " index=" + Long.toUnsignedString(chunk.chunkIndex) + " last=" + chunk.last
                                + " watermarks=" + TextFormat.watermarkVector(chunk.watermarks) + " entries="
                                + Integer.toUnsignedString(chunk.entryCount));
                break;
            default:
                throw new IllegalStateException("frame kind " + frame.kind() + " has no description");
        }
        return lines;
    }

    private static String hello(Hello hello) {
        return "version=" + hello.version() + " role=" + hello.role() + " token="
                + (hello.token() == null ? "absent" : "present") + " since="
                + (hello.since() == null ? "absent" : TextFormat.watermarkVector(hello.since()));
    }

    private static String record(RecordView r) {
        return "  shard=" + Integer.toUnsignedString(r.shardId()) + " seq=" + Long.toUnsignedString(r.sequence())
                + " ts=" + Long.toUnsignedString(r.timestampMs()) + " op=" + r.op() + " hash="
                + TextFormat.hash(r.keyHash()) + " tag=" + Long.toUnsignedString(r.keyTag()) + " expire="
                + TextFormat.expiry(r.expireAtMs()) + " key=" + TextFormat.key(r.bytes(), r.keyOffset(), r.keyLength())
                + " value_len=" + Integer.toUnsignedString(r.valueLength())
                + (r.governed() ? " governance_len=" + r.governanceLength() : "");
    }
}
