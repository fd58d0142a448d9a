package io.fcrp.impl.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A non-blocking socket channel driven by its own selector, so that writes have real deadlines
 * (plain Java sockets have no write timeout); what the peer sends is read with
 * {@link AvailableInput}. The plaintext {@link Transport}, and what TLS writes its records with.
 * Used by one thread; {@link #close()} may be called from any thread and wakes that thread up.
 */
public final class ChannelIO implements Transport {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final InputStream input;
    private final ByteBuffer discard = ByteBuffer.allocate(4096);

    public ChannelIO(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        selector = Selector.open();
        try {
            key = channel.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        input = new AvailableInput(channel);
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public void write(ByteBuffer[] buffers, long timeoutMs) throws IOException {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long deadline = System.nanoTime() + timeoutNanos;
        int first = 0;
        while (first < buffers.length) {
            long written = channel.write(buffers, first, buffers.length - first);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
            if (written > 0) {
                deadline = System.nanoTime() + timeoutNanos;
            } else if (first < buffers.length) {
                await(SelectionKey.OP_WRITE, deadline, "write");
            }
        }
    }

    @Override
    public boolean peerClosed() throws IOException {
        while (true) {
            discard.clear();
            int read = channel.read(discard);
            if (read < 0) {
                return true;
            }
            if (read == 0) {
                return false;
            }
        }
    }

    /** Closes the channel and wakes a thread waiting in {@link #write} or a read. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort: the channel is unusable either way
        }
        selector.wakeup();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private void await(int operation, long deadlineNanos, String what) throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException(what + " timed out");
        }
        try {
            key.interestOps(operation);
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            selector.selectedKeys().clear();
            key.interestOps(0);
        } catch (ClosedSelectorException | CancelledKeyException e) {
            // another thread closed us while we waited
            throw new ClosedChannelException();
        }
    }
}
