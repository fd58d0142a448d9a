package io.fcrp.impl.protocol;

/** Every way an FCRP input can be malformed, in the order a receiver checks them. */
public enum ProtocolError {
    /** The stream ended before 16 header bytes. */
    STREAM_CLOSED_MID_HEADER,
    /** {@code payload_len} is above the receive limit. */
    PAYLOAD_TOO_LARGE,
    /** The stream ended before the payload was complete. */
    STREAM_CLOSED_MID_PAYLOAD,
    /** A frame buffer shorter than the 16-byte header. */
    FRAME_TRUNCATED,
    MAGIC_MISMATCH,
    UNSUPPORTED_VERSION,
    UNSUPPORTED_KIND,
    /** A frame buffer whose length is not 16 + {@code payload_len}. */
    FRAME_LENGTH_MISMATCH,
    /** Flag bits other than bit 0 set (the reference never sets them). */
    UNSUPPORTED_FLAGS,
    /** Reserved byte not zero (the reference always writes zero). */
    RESERVED_NOT_ZERO,
    /** An uncompressed frame whose {@code uncompressed_len} differs from {@code payload_len}. */
    UNCOMPRESSED_LENGTH_MISMATCH,
    /** A compressed frame declaring more uncompressed bytes than the receive limit. */
    UNCOMPRESSED_TOO_LARGE,
    /** zstd rejected the data or produced more than {@code uncompressed_len} bytes. */
    DECOMPRESSION_FAILED,
    /** A payload field runs past the end of the payload. */
    PAYLOAD_TRUNCATED,
    /** Bytes left after the last field of a payload. */
    TRAILING_BYTES,
    /** A count that cannot fit in the remaining payload bytes. */
    COUNT_EXCEEDS_PAYLOAD,
    UNSUPPORTED_HELLO_ROLE,
    TOKEN_NOT_UTF8,
    ERROR_MESSAGE_NOT_UTF8,
    UNSUPPORTED_MUTATION_OP,
    /** A frame that is well-formed but not allowed at this point of the session. */
    UNEXPECTED_FRAME,
    /** A record whose shard id is above the receiver's limit. */
    SHARD_ID_OUT_OF_RANGE,
    /** A record whose key hash or key tag does not match its key. */
    KEY_HASH_MISMATCH,
    /** An encoder input that cannot be represented (e.g. a payload above 256 MiB). */
    ENCODE_LIMIT
}
