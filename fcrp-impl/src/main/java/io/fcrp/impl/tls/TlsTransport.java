package io.fcrp.impl.tls;

import io.fcrp.impl.net.ChannelIO;
import io.fcrp.impl.net.RangeInput;
import io.fcrp.impl.net.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A primary's session with a replica over TLS: frames are encrypted into records, which
 * {@link ChannelIO} writes with the same deadlines as plaintext. Created and closed by the
 * session's thread; {@link #close()} from another thread sends close_notify once the session's
 * current write is done, and cuts the connection when that write is stuck (a record half written
 * cannot be ended cleanly).
 */
public final class TlsTransport implements Transport {

    /** Records are gathered up to this many bytes per system call. */
    private static final int OUTBOUND_BYTES = 256 * 1024;
    /** How long a close from another thread waits for the session's write: long for one that flows. */
    private static final long CLOSE_WAIT_MS = 100;

    private final ChannelIO io;
    private final TlsChannel tls;
    private final TlsEngine engine;
    private final Thread owner = Thread.currentThread();
    /** Held by the owner while it uses the engine, so another thread's close never interleaves. */
    private final ReentrantLock engineLock = new ReentrantLock();

    private final ByteBuffer[] records = new ByteBuffer[1];
    private final InputStream input = new Input();
    private final byte[] discard = new byte[4096];
    private volatile boolean closed;
    /** Guarded by the engine's lock. */
    private boolean closeNotifySent;
    /** Guarded by the engine's lock. */
    private boolean released;

    /** Takes over {@code tls} after its handshake (on the session's thread). */
    public TlsTransport(ChannelIO io, TlsChannel tls) {
        this.io = io;
        this.tls = tls;
        this.engine = tls.engine();
        engine.reserveOutbound(OUTBOUND_BYTES);
    }

    @Override
    public void write(ByteBuffer[] buffers, long timeoutMs) throws IOException {
        engineLock.lock();
        try {
            requireOpen();
            for (ByteBuffer source : buffers) {
                while (source.hasRemaining()) {
                    if (!engine.encrypt(source)) {
                        flush(timeoutMs);
                    }
                }
            }
            flush(timeoutMs);
        } finally {
            engineLock.unlock();
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public boolean peerClosed() throws IOException {
        try {
            while (input.read(discard, 0, discard.length) >= 0) {
                // dropped
            }
            return true;
        } catch (SocketTimeoutException nothingMore) {
            return false;
        }
    }

    /**
     * Sends close_notify (once, by whichever thread gets the engine first) and closes. Only the
     * owner frees the buffers, under the lock, so no other thread can use them afterwards.
     */
    @Override
    public void close() {
        closed = true;
        boolean owner = Thread.currentThread() == this.owner;
        if (owner) {
            engineLock.lock();
        } else if (!lockForClose()) {
            io.close(); // the owner's write is stuck: cut it; the owner frees the buffers when it closes
            return;
        }
        try {
            if (!released && !closeNotifySent) {
                closeNotifySent = true;
                engine.closeOutbound();
                tls.flush();
            }
        } catch (IOException e) {
            // the replica is gone: nothing more to tell it
        } finally {
            io.close();
            if (owner && !released) {
                released = true;
                engine.release();
            }
            engineLock.unlock();
        }
    }

    /** True once this thread holds the engine; false when the owner's write is stuck. */
    private boolean lockForClose() {
        try {
            return engineLock.tryLock(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void flush(long timeoutMs) throws IOException {
        records[0] = engine.outbound();
        io.write(records, timeoutMs);
        records[0] = null;
    }

    private void requireOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    /** The decrypted input, used under the engine's lock. */
    private final class Input extends RangeInput {

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            engineLock.lock();
            try {
                requireOpen();
                return tls.input().read(target, offset, length);
            } finally {
                engineLock.unlock();
            }
        }
    }
}
