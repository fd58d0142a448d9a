package io.fcrp.impl.protocol;

/**
 * The 16-byte frame header (spec §2.1) and its validation in the order of spec §2.5, plus the
 * hardening of §11.1 (flags, reserved byte, length consistency) that 0.1.0 senders always satisfy.
 */
public record FrameHeader(FrameKind kind, int flags, int payloadLength, int uncompressedLength) {

    public static final int LENGTH = 16;
    public static final int VERSION = 1;
    public static final int FLAG_COMPRESSED = 0x01;
    /** The largest payload a v1 peer accepts (256 MiB, equality allowed). */
    public static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    private static final int MAGIC = 0x50524346; // "FCRP" read little-endian

    public boolean compressed() {
        return (flags & FLAG_COMPRESSED) != 0;
    }

    /** Writes a header at {@code offset}. */
    public static void write(
            byte[] target, int offset, FrameKind kind, boolean compressed, int payloadLength, int uncompressedLength) {
        LittleEndian.putInt(target, offset, MAGIC);
        target[offset + 4] = VERSION;
        target[offset + 5] = (byte) kind.code();
        target[offset + 6] = (byte) (compressed ? FLAG_COMPRESSED : 0);
        target[offset + 7] = 0;
        LittleEndian.putInt(target, offset + 8, payloadLength);
        LittleEndian.putInt(target, offset + 12, uncompressedLength);
    }

    /**
     * Parses and validates the header at {@code offset}; {@code maxPayload} bounds both the wire
     * payload and the declared uncompressed size, so nothing larger is ever allocated.
     */
    public static FrameHeader parse(byte[] source, int offset, int maxPayload) throws ProtocolException {
        long payloadLength = LittleEndian.getUnsignedInt(source, offset + 8);
        if (payloadLength > maxPayload) {
            throw new ProtocolException(
                    ProtocolError.PAYLOAD_TOO_LARGE, "FCRP frame payload exceeds limit (" + payloadLength + " bytes)");
        }
        if (LittleEndian.getInt(source, offset) != MAGIC) {
            throw new ProtocolException(ProtocolError.MAGIC_MISMATCH, "FCRP magic mismatch");
        }
        int version = source[offset + 4] & 0xFF;
        if (version != VERSION) {
            throw new ProtocolException(ProtocolError.UNSUPPORTED_VERSION, "unsupported FCRP version: " + version);
        }
        int code = source[offset + 5] & 0xFF;
        FrameKind kind = FrameKind.fromCode(code);
        if (kind == null) {
            throw new ProtocolException(ProtocolError.UNSUPPORTED_KIND, "unsupported FCRP frame kind: " + code);
        }
        int flags = source[offset + 6] & 0xFF;
        if ((flags & ~FLAG_COMPRESSED) != 0) {
            throw new ProtocolException(
                    ProtocolError.UNSUPPORTED_FLAGS,
                    "FCRP frame contains unsupported flags: 0x" + Integer.toHexString(flags));
        }
        int reserved = source[offset + 7] & 0xFF;
        if (reserved != 0) {
            throw new ProtocolException(
                    ProtocolError.RESERVED_NOT_ZERO,
                    "FCRP frame reserved byte is not zero: 0x" + Integer.toHexString(reserved));
        }
        long uncompressedLength = LittleEndian.getUnsignedInt(source, offset + 12);
        if ((flags & FLAG_COMPRESSED) == 0 && uncompressedLength != payloadLength) {
            throw new ProtocolException(
                    ProtocolError.UNCOMPRESSED_LENGTH_MISMATCH,
                    "FCRP uncompressed frame length " + "mismatch (payload_len " + payloadLength + ", uncompressed_len "
                            + uncompressedLength + ")");
        }
        if (uncompressedLength > maxPayload) {
            throw new ProtocolException(
                    ProtocolError.UNCOMPRESSED_TOO_LARGE,
                    "FCRP frame uncompressed size exceeds limit (" + uncompressedLength + " bytes)");
        }
        return new FrameHeader(kind, flags, (int) payloadLength, (int) uncompressedLength);
    }
}
