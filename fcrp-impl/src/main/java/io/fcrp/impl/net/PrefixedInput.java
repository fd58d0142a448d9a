package io.fcrp.impl.net;

import java.io.IOException;
import java.io.InputStream;

/** Bytes already read (to see what a peer speaks) put back in front of the rest of its stream. */
public final class PrefixedInput extends RangeInput {

    private final byte[] prefix;
    private final InputStream rest;
    private int position;

    public PrefixedInput(byte[] prefix, InputStream rest) {
        this.prefix = prefix.clone();
        this.rest = rest;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (position == prefix.length || length == 0) {
            return rest.read(target, offset, length);
        }
        int count = Math.min(length, prefix.length - position);
        System.arraycopy(prefix, position, target, offset, count);
        position += count;
        return count;
    }
}
