package io.fcrp.impl.protocol;

/** The seven FCRP v1 frame kinds and their codes (spec §2.2). */
public enum FrameKind {
    HELLO(1, "Hello"),
    SNAPSHOT_BEGIN(2, "SnapshotBegin"),
    SNAPSHOT_CHUNK(3, "SnapshotChunk"),
    SNAPSHOT_END(4, "SnapshotEnd"),
    MUTATION_BATCH(5, "MutationBatch"),
    ACK(6, "Ack"),
    ERROR(7, "Error");

    private static final FrameKind[] BY_CODE = {
        null, HELLO, SNAPSHOT_BEGIN, SNAPSHOT_CHUNK, SNAPSHOT_END, MUTATION_BATCH, ACK, ERROR
    };

    private final int code;
    private final String displayName;

    FrameKind(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    public int code() {
        return code;
    }

    /** The reference's name of the kind, e.g. {@code MutationBatch}. */
    public String displayName() {
        return displayName;
    }

    /** The kind of a code, or null when the code is not one of v1's. */
    public static FrameKind fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
