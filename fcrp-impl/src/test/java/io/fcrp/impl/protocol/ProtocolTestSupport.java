package io.fcrp.impl.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers for the protocol tests: hex, raw header building, error assertions. */
final class ProtocolTestSupport {

    private static final HexFormat HEX = HexFormat.of();

    private ProtocolTestSupport() {}

    /** Parses hex, ignoring spaces and newlines. */
    static byte[] hex(String text) {
        return HEX.parseHex(text.replaceAll("\\s+", ""));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] result = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, result, position, part.length);
            position += part.length;
        }
        return result;
    }

    /** A raw 16-byte header with arbitrary (possibly invalid) field values. */
    static byte[] rawHeader(
            int version, int kind, int flags, int reserved, long payloadLength, long uncompressedLength) {
        byte[] header = new byte[FrameHeader.LENGTH];
        header[0] = 'F';
        header[1] = 'C';
        header[2] = 'R';
        header[3] = 'P';
        header[4] = (byte) version;
        header[5] = (byte) kind;
        header[6] = (byte) flags;
        header[7] = (byte) reserved;
        LittleEndian.putInt(header, 8, (int) payloadLength);
        LittleEndian.putInt(header, 12, (int) uncompressedLength);
        return header;
    }

    /** A well-formed uncompressed frame around an arbitrary (possibly malformed) payload. */
    static byte[] frame(FrameKind kind, byte[] payload) {
        return concat(rawHeader(1, kind.code(), 0, 0, payload.length, payload.length), payload);
    }

    /** A PayloadWriter that already holds {@code payload}. */
    static PayloadWriter writerWith(byte[] payload) {
        return new PayloadWriter(payload.length).bytes(payload);
    }

    /** Compresses {@code payload} into a frame with the codec's own encoder. */
    static byte[] compressedFrame(FrameKind kind, byte[] payload, int level) throws ProtocolException {
        return FrameCodec.encode(kind, writerWith(payload), Compression.ZSTD, level);
    }

    /**
     * Asserts that {@code action} throws a {@link ProtocolException} with {@code error}, and that its
     * message contains {@code text} when {@code text} is not null.
     */
    static ProtocolException assertProtocolError(ProtocolError error, String text, Executable action) {
        ProtocolException e = assertThrows(ProtocolException.class, action);
        assertEquals(error, e.error(), () -> "wrong error, message: " + e.getMessage());
        if (text != null) {
            assertTrue(
                    e.getMessage().contains(text),
                    () -> "message '" + e.getMessage() + "' does not contain '" + text + "'");
        }
        return e;
    }

    /** Decodes the payload of {@code frame} according to its kind, returning the decoded value. */
    static Object decodePayload(Frame frame) throws ProtocolException {
        PayloadReader reader = frame.reader();
        switch (frame.kind()) {
            case HELLO:
                return Hello.decode(reader);
            case SNAPSHOT_BEGIN:
            case SNAPSHOT_END:
            case ACK:
                return Payloads.decodeWatermarks(reader);
            case SNAPSHOT_CHUNK:
                return SnapshotChunk.decode(reader);
            case MUTATION_BATCH:
                return MutationBatchCodec.decode(reader);
            case ERROR:
                return Payloads.decodeError(reader);
            default:
                throw new AssertionError(frame.kind());
        }
    }

    /**
     * Bytes allocated on the Java heap by the current thread so far, or -1 when the JVM cannot
     * tell.
     */
    static long threadAllocatedBytes() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
            if (sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()) {
                return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
        }
        return -1;
    }
}
