package io.fcrp.impl.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/** A stdin for in-process commands: lines are fed by the test, reads block until data or close. */
final class FeedInput extends InputStream {

    private byte[] pending = new byte[0];
    private int position;
    private boolean closed;

    synchronized void line(String line) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(pending, position, pending.length - position);
        joined.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        pending = joined.toByteArray();
        position = 0;
        notifyAll();
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws InterruptedIOException {
        if (length == 0) {
            return 0;
        }
        while (position == pending.length && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
        }
        if (position == pending.length) {
            return -1;
        }
        int n = Math.min(length, pending.length - position);
        System.arraycopy(pending, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
