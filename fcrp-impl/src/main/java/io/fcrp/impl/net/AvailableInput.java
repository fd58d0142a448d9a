package io.fcrp.impl.net;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The bytes a non-blocking channel holds now. When it holds none the read fails with
 * {@link SocketTimeoutException}, as a timed-out socket read does, so that a
 * {@link io.fcrp.impl.protocol.FrameReader} keeps the part of a frame it has and resumes later.
 */
public final class AvailableInput extends RangeInput {

    private final ReadableByteChannel channel;

    public AvailableInput(ReadableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int read = channel.read(ByteBuffer.wrap(target, offset, length));
        if (read == 0) {
            throw new SocketTimeoutException("no bytes available yet");
        }
        return read;
    }
}
