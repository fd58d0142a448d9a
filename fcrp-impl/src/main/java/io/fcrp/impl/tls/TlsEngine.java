package io.fcrp.impl.tls;

import io.fcrp.impl.store.DirectBuffers;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One TLS connection's {@link SSLEngine} with its three buffers, and no I/O of its own, so that
 * the primary drives it over a non-blocking channel ({@link TlsChannel}) and the replica over a
 * blocking socket ({@link TlsSocket}). Bytes from the network go into {@link #inbound()} (filled
 * from its position); {@link #decrypt()} turns complete records into plaintext, read with
 * {@link #read}; {@link #encrypt} and the handshake leave records in {@link #outbound()} (to be
 * written from its position), which the driver writes to the network. Used by one thread at a time.
 */
final class TlsEngine {

    /** What the handshake needs next. */
    enum Step {
        /** It is complete. */
        DONE,
        /** More bytes from the peer (after {@link #outbound()} has been written). */
        NEED_INPUT,
        /** Room in {@link #outbound()}: write it, then continue. */
        NEED_FLUSH
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final TlsRole role;
    private final boolean direct;
    /** Bytes received and not yet decrypted, in [0, position). */
    private ByteBuffer inbound;
    /** Records to send, in [position, limit). */
    private ByteBuffer outbound;
    /** Decrypted bytes not yet read, in [position, limit). */
    private ByteBuffer plain;

    private boolean peerClosed;

    /** @param direct whether the network buffers live off the heap (for channels; sockets read into arrays) */
    TlsEngine(SSLEngine engine, TlsRole role, boolean direct) throws SSLException {
        this.engine = engine;
        this.role = role;
        this.direct = direct;
        SSLSession session = engine.getSession();
        inbound = allocate(session.getPacketBufferSize());
        outbound = allocate(session.getPacketBufferSize()).flip();
        plain = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
        engine.beginHandshake();
    }

    /** Where bytes from the network go, from its position on. */
    ByteBuffer inbound() {
        return inbound;
    }

    /** Records waiting to be written, from its position to its limit. */
    ByteBuffer outbound() {
        return outbound;
    }

    boolean hasOutbound() {
        return outbound.hasRemaining();
    }

    /** Gives {@link #outbound()} room for at least {@code bytes}, so that large writes take few system calls. */
    void reserveOutbound(int bytes) {
        if (outbound.capacity() < bytes) {
            ByteBuffer larger = allocate(bytes);
            larger.put(outbound).flip();
            free(outbound);
            outbound = larger;
        }
    }

    /**
     * Advances the handshake with the bytes received so far.
     *
     * @throws SSLException when it fails; {@link #closeOutbound()} then yields the alert for the peer
     */
    Step handshake() throws SSLException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_WRAP:
                    if (wrap(EMPTY).getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        return Step.NEED_FLUSH;
                    }
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    SSLEngineResult result = unwrap();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return Step.NEED_INPUT;
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException(role.peer() + " closed the connection during the TLS handshake");
                    }
                    break;
                default: // NOT_HANDSHAKING, FINISHED
                    return Step.DONE;
            }
        }
    }

    SSLEngine engine() {
        return engine;
    }

    /** The ALPN protocol agreed in the handshake; empty when the peer offered or chose none. */
    String applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null ? "" : protocol;
    }

    /** The peer's own certificate, or null when it presented none. */
    X509Certificate peerCertificate() {
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate ? (X509Certificate) chain[0] : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * Decrypts the records that have arrived whole (answering what the peer's TLS asks for after
     * the handshake into {@link #outbound()}).
     *
     * @return the plaintext bytes ready to {@link #read}: 0 when a record is still incomplete, -1
     *     once the peer has closed (close_notify) and everything was read
     */
    int decrypt() throws SSLException {
        while (!plain.hasRemaining()) {
            if (peerClosed) {
                return -1;
            }
            SSLEngineResult result = unwrap();
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW:
                    return 0;
                case CLOSED:
                    peerClosed = true;
                    break;
                default:
                    afterHandshakeMessage(result);
                    if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                        return 0;
                    }
            }
        }
        return plain.remaining();
    }

    /** Copies decrypted bytes; returns how many (at most {@code length}, at most what {@link #decrypt()} said). */
    int read(byte[] target, int offset, int length) {
        int count = Math.min(length, plain.remaining());
        plain.get(target, offset, count);
        return count;
    }

    /**
     * Encrypts from {@code source} what {@link #outbound()} has room for (one record at most).
     *
     * @return false when it had no room: write the outbound bytes, then call again
     */
    boolean encrypt(ByteBuffer source) throws SSLException {
        SSLEngineResult result = wrap(source);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("the TLS connection is closed");
        }
        return result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW;
    }

    /**
     * Ends this side: leaves in {@link #outbound()} what the peer should hear last: close_notify,
     * or the alert that says why a handshake failed.
     */
    void closeOutbound() {
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone() && wrap(EMPTY).getStatus() == SSLEngineResult.Status.OK) {
                // one record per call
            }
        } catch (SSLException e) {
            // the engine has nothing more to say
        }
    }

    /** Frees the off-heap buffers; nothing may use this engine afterwards. */
    void release() {
        free(inbound);
        free(outbound);
    }

    private SSLEngineResult wrap(ByteBuffer source) throws SSLException {
        outbound.compact();
        try {
            SSLEngineResult result = engine.wrap(source, outbound);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && outbound.position() == 0) {
                outbound = grown(outbound.flip(), engine.getSession().getPacketBufferSize(), direct);
                return engine.wrap(source, outbound);
            }
            return result;
        } finally {
            outbound.flip();
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        inbound.flip();
        plain.compact();
        try {
            SSLEngineResult result = engine.unwrap(inbound, plain);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && plain.position() == 0) {
                plain = grown(plain.flip(), engine.getSession().getApplicationBufferSize(), false);
                result = engine.unwrap(inbound, plain);
            }
            return result;
        } finally {
            plain.flip();
            inbound.compact();
            if (!inbound.hasRemaining()) {
                // a record larger than the buffer: make room for the rest of it
                inbound = grown(
                        inbound.flip(),
                        Math.max(inbound.capacity() * 2, engine.getSession().getPacketBufferSize()),
                        direct);
            }
        }
    }

    /** After the handshake the peer may send messages (key updates, tickets) that need work or an answer. */
    private void afterHandshakeMessage(SSLEngineResult result) throws SSLException {
        SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
        while (status == SSLEngineResult.HandshakeStatus.NEED_TASK
                || status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
                status = engine.getHandshakeStatus();
            } else {
                SSLEngineResult answer = wrap(EMPTY);
                if (answer.getStatus() != SSLEngineResult.Status.OK) {
                    return; // no room now: the engine asks again at the next wrap
                }
                status = answer.getHandshakeStatus();
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A larger buffer holding {@code buffer}'s bytes in [position, limit) at its start, ready to be filled on. */
    private static ByteBuffer grown(ByteBuffer buffer, int capacity, boolean offHeap) {
        ByteBuffer larger = allocate(Math.max(capacity, buffer.capacity() + 1), offHeap);
        larger.put(buffer);
        free(buffer);
        return larger;
    }

    private ByteBuffer allocate(int bytes) {
        return allocate(bytes, direct);
    }

    private static ByteBuffer allocate(int bytes, boolean offHeap) {
        ByteBuffer buffer = offHeap ? DirectBuffers.allocate(bytes) : null;
        return buffer != null ? buffer : ByteBuffer.allocate(bytes); // heap when direct memory is exhausted
    }

    private static void free(ByteBuffer buffer) {
        DirectBuffers.free(buffer);
    }
}
