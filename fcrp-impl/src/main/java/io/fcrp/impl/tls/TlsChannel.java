package io.fcrp.impl.tls;

import io.fcrp.impl.net.RangeInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * TLS on the primary's side of a non-blocking channel, never waiting: the accept thread advances
 * the handshake and reads the Hello as bytes arrive; the session then streams through it
 * ({@link TlsTransport}). Used by one thread at a time.
 */
public final class TlsChannel {

    private final SocketChannel channel;
    private final TlsContext context;
    private final TlsEngine tls;
    private final InputStream input = new Input();

    private TlsChannel(SocketChannel channel, TlsContext context, TlsEngine tls) {
        this.channel = channel;
        this.context = context;
        this.tls = tls;
    }

    /**
     * The server side of a connection whose first bytes ({@code received}, already read from
     * the channel) are a TLS ClientHello, or what claims to be one.
     */
    public static TlsChannel accept(SocketChannel channel, TlsContext context, ByteBuffer received)
            throws SSLException {
        InetSocketAddress peer = peerOf(channel);
        TlsEngine tls = new TlsEngine(
                context.newEngine(peer == null ? null : peer.getHostString(), peer == null ? -1 : peer.getPort()),
                TlsRole.PRIMARY,
                true);
        tls.inbound().put(received);
        return new TlsChannel(channel, context, tls);
    }

    /**
     * Advances the handshake with what the channel holds and writes what it can without waiting.
     *
     * @return true once it is complete
     * @throws SSLException when it failed ({@link TlsFailure} says why); {@link #close()} sends the alert
     * @throws EOFException when the peer closed the connection first
     */
    public boolean handshake() throws IOException {
        while (true) {
            TlsEngine.Step step = tls.handshake();
            flush();
            if (step == TlsEngine.Step.DONE) {
                context.recheckReplica(tls.engine());
                return true;
            }
            if (step == TlsEngine.Step.NEED_FLUSH) {
                if (tls.hasOutbound()) {
                    return false; // the socket takes no more now: wait until it is writable
                }
                continue;
            }
            int read = channel.read(tls.inbound());
            if (read < 0) {
                throw new EOFException("closed the connection during the TLS handshake");
            }
            if (read == 0) {
                return false;
            }
        }
    }

    /** True while records wait for the socket to take them. */
    public boolean wantsWrite() {
        return tls.hasOutbound();
    }

    /** The ALPN protocol agreed; empty when the peer offered none. */
    public String applicationProtocol() {
        return tls.applicationProtocol();
    }

    /** The certificate the peer presented, or null. */
    public X509Certificate peerCertificate() {
        return tls.peerCertificate();
    }

    /** What the peer sent, decrypted, without waiting ({@link io.fcrp.impl.net.AvailableInput}'s rules). */
    public InputStream input() {
        return input;
    }

    /** Encrypts {@code bytes} and writes what the socket takes now (an answer right after the handshake fits). */
    public void sendNow(byte[] bytes) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        while (source.hasRemaining() && tls.encrypt(source)) {
            flush();
        }
        flush();
    }

    /**
     * Sends what the peer should hear last (close_notify, or the alert of a failed handshake) as
     * far as the socket takes it now, closes the channel and frees the buffers.
     */
    public void close() {
        tls.closeOutbound();
        try {
            flush();
        } catch (IOException e) {
            // the peer is gone: nothing more to tell it
        }
        closeChannel();
        tls.release();
    }

    TlsEngine engine() {
        return tls;
    }

    SocketChannel channel() {
        return channel;
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** Writes outbound records as far as the socket takes them now. */
    void flush() throws IOException {
        while (tls.hasOutbound() && channel.write(tls.outbound()) > 0) {
            // until written or the socket's buffer is full
        }
    }

    private static InetSocketAddress peerOf(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Decrypted bytes as they arrive; a read with none fails with {@link SocketTimeoutException}. */
    private final class Input extends RangeInput {

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                int ready = tls.decrypt();
                flush(); // what the peer's TLS asked for, if anything
                if (ready != 0) {
                    return ready < 0 ? -1 : tls.read(target, offset, length);
                }
                int read = channel.read(tls.inbound());
                if (read < 0) {
                    return -1; // no close_notify: the frame reader notices a frame that was cut short
                }
                if (read == 0) {
                    throw new SocketTimeoutException("no bytes available yet");
                }
            }
        }
    }
}
