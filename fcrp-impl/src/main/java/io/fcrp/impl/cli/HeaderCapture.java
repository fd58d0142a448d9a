package io.fcrp.impl.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream through and keeps a copy of the first 16 bytes read after {@link #startFrame()}: the
 * header of the frame a {@code FrameReader} reads next, whose flags and declared lengths the
 * decoded frame does not carry.
 */
final class HeaderCapture extends FilterInputStream {

    private final byte[] header = new byte[16];
    private int captured;

    HeaderCapture(InputStream in) {
        super(in);
    }

    /** Starts capturing at the current position. */
    void startFrame() {
        captured = 0;
    }

    /** The bytes captured since {@link #startFrame()} (all 16 once a whole header was read). */
    byte[] header() {
        return header;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && captured < header.length) {
            header[captured++] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0 && captured < header.length) {
            int copy = Math.min(n, header.length - captured);
            System.arraycopy(buffer, offset, header, captured, copy);
            captured += copy;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // FrameReader never skips; reading keeps the capture exact
        byte[] discard = new byte[(int) Math.min(n, 8192)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
