package io.fcrp.impl.protocol;

import io.fcrp.api.ShardWatermarks;

/**
 * Checks that one snapshot arrives whole and in order (spec §6.1 step 6): after SnapshotBegin,
 * chunks 0…n, each carrying the Begin's watermarks, the last one marked last, then SnapshotEnd
 * with the same watermarks. Entries go to a visitor as they are decoded; only {@link #end}
 * says the snapshot is complete. Used by the replica on the wire and by persistence files.
 */
public final class SnapshotSequence {

    private final ShardWatermarks watermarks;
    private final SnapshotChunk.EntryVisitor entries;
    private long nextChunk;
    private boolean lastSeen;

    /** Starts a snapshot from its SnapshotBegin frame. */
    public SnapshotSequence(Frame begin, SnapshotChunk.EntryVisitor entries) throws ProtocolException {
        this.watermarks = Payloads.decodeWatermarks(begin.reader());
        this.entries = entries;
    }

    /** The watermarks the snapshot's data is at. */
    public ShardWatermarks watermarks() {
        return watermarks;
    }

    /** Decodes one SnapshotChunk frame, handing its entries to the visitor. */
    public void chunk(Frame frame) throws ProtocolException {
        if (lastSeen) {
            throw unexpected("SnapshotChunk arrived after the last chunk");
        }
        SnapshotChunk.Head head = SnapshotChunk.visit(frame.reader(), entries);
        if (head.chunkIndex != nextChunk) {
            throw unexpected(
                    "SnapshotChunk " + Long.toUnsignedString(head.chunkIndex) + " arrived, expected " + nextChunk);
        }
        if (!head.watermarks.equals(watermarks)) {
            throw unexpected(
                    "SnapshotChunk watermarks " + head.watermarks + " differ from SnapshotBegin's " + watermarks);
        }
        nextChunk++;
        lastSeen = head.last;
    }

    /** Checks the SnapshotEnd frame: after the last chunk, with the Begin's watermarks. */
    public void end(Frame frame) throws ProtocolException {
        if (!lastSeen) {
            throw unexpected("SnapshotEnd arrived before the last SnapshotChunk");
        }
        ShardWatermarks endWatermarks = Payloads.decodeWatermarks(frame.reader());
        if (!endWatermarks.equals(watermarks)) {
            throw unexpected("SnapshotEnd watermarks " + endWatermarks + " differ from SnapshotBegin's " + watermarks);
        }
    }

    private static ProtocolException unexpected(String message) {
        return new ProtocolException(ProtocolError.UNEXPECTED_FRAME, message);
    }
}
