package io.fcrp.api;

/** The three mutation kinds of FCRP v1, with their wire codes. */
public enum MutationOp {
    /** Store a value, replacing any previous value and expiry. */
    SET(1),
    /** Remove a key. */
    DEL(2),
    /** Set a key's absolute expiry, or remove it when the expiry is {@link Entry#NO_EXPIRY}. */
    EXPIRE(3);

    private final int code;

    MutationOp(int code) {
        this.code = code;
    }

    /** The op byte on the wire. */
    public int code() {
        return code;
    }

    /** The op for a wire code, or null when the code is not one of v1's. */
    public static MutationOp fromCode(int code) {
        return switch (code) {
            case 1 -> SET;
            case 2 -> DEL;
            case 3 -> EXPIRE;
            default -> null;
        };
    }
}
