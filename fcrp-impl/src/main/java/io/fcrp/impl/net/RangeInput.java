package io.fcrp.impl.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reads byte ranges: frames are read in ranges, so a one-byte read is just a
 * range of one, with the same rules (a timeout, the end of the stream) as the range reads.
 */
public abstract class RangeInput extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] target, int offset, int length) throws IOException;
}
