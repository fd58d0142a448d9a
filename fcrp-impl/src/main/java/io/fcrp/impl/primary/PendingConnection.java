package io.fcrp.impl.primary;

import io.fcrp.impl.net.AvailableInput;
import io.fcrp.impl.net.PrefixedInput;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.tls.TlsChannel;
import io.fcrp.impl.tls.TlsContext;
import io.fcrp.impl.tls.TlsFailure;
import io.fcrp.impl.tls.TlsRole;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLException;

/**
 * One accepted connection until its Hello has arrived, read by the accept thread without ever
 * waiting. Its first byte tells what the peer speaks: a TLS record ({@code 0x16}) or FCRP's magic
 * ({@code F}). On a TLS port the TLS handshake comes first; a plaintext Hello there, or a TLS
 * ClientHello on a plaintext port, is refused with an FCRP Error frame in plaintext that says so,
 * which both the Java and the reference replica report.
 */
final class PendingConnection {

    /** A Hello is tiny; anything larger than this is refused before it is read. */
    private static final int MAX_HELLO_BYTES = 1024 * 1024;

    private static final byte TLS_HANDSHAKE_RECORD = 0x16;
    private static final byte FCRP_MAGIC_FIRST = 'F';

    static final String ANSWER_TLS_REQUIRED = "this primary requires TLS (tls = on): configure TLS on the replica";
    static final String ANSWER_NO_TLS = "this primary speaks plaintext FCRP v1 (tls = off)";
    static final String ANSWER_ALPN_REQUIRED =
            "this primary speaks FCRP over TLS with ALPN " + TlsContext.ALPN + " only";

    final SocketChannel channel;
    final String remote;
    /** The remote address without the port: what fairness is counted by. */
    final String host;

    SelectionKey key;
    private final TlsContext tls;
    private TlsChannel tlsChannel;
    private boolean handshaken;
    private boolean plaintextOnTlsPort;
    private FrameReader reader;

    /** @param tls the primary's TLS settings when the connection was accepted; null for plaintext */
    PendingConnection(SocketChannel channel, TlsContext tls) {
        this.channel = channel;
        this.tls = tls;
        InetSocketAddress address = remoteAddress(channel);
        this.host = address == null ? "unknown" : address.getAddress().getHostAddress();
        this.remote = address == null ? "unknown" : host + ":" + address.getPort();
    }

    /**
     * Reads what has arrived.
     *
     * @return the first frame once complete (the Hello, unless the peer errs); null when the peer
     *     closed before sending one
     * @throws SocketTimeoutException when more bytes are needed ({@link #interestOps()} says for what)
     * @throws RefusedConnection for a failed TLS handshake or a peer that speaks the other transport
     * @throws ProtocolException for bytes that are no FCRP frame
     */
    Frame next() throws IOException {
        if (reader == null && tlsChannel == null && !sniff()) {
            return null;
        }
        if (reader == null && !handshake()) {
            return null;
        }
        Frame frame;
        try {
            frame = reader.next();
        } catch (ProtocolException e) {
            if (plaintextOnTlsPort) {
                throw plaintextOnTlsPort();
            }
            throw e;
        }
        if (plaintextOnTlsPort && frame != null) {
            throw plaintextOnTlsPort();
        }
        return frame;
    }

    /** What the selector should wait for: bytes to read, and room to write while TLS records wait. */
    int interestOps() {
        return tlsChannel != null && tlsChannel.wantsWrite()
                ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                : SelectionKey.OP_READ;
    }

    /** What the connection has not completed yet: its TLS handshake, or its Hello. */
    String awaited() {
        return tls != null && !handshaken && !plaintextOnTlsPort ? "TLS handshake" : "Hello";
    }

    /** The TLS connection the session continues on; null for plaintext. */
    TlsChannel tls() {
        return tlsChannel;
    }

    /**
     * Sends an Error frame without waiting (a fresh socket's buffer takes it whole): through TLS
     * once it is established; in plaintext to a peer that speaks it, after reading what it sent.
     * A failed TLS handshake is answered by its alert instead, when the connection closes.
     */
    void answer(String message) throws IOException {
        byte[] frame = FrameCodec.encode(FrameKind.ERROR, Payloads.encodeError(message));
        if (tlsChannel != null) {
            if (handshaken) {
                tlsChannel.sendNow(frame);
            }
            return;
        }
        drain(); // what it sent is read, so that closing sends no reset that could destroy the answer
        channel.write(ByteBuffer.wrap(frame));
    }

    private void drain() throws IOException {
        ByteBuffer discard = ByteBuffer.allocate(4096);
        for (long total = 0; total < MAX_HELLO_BYTES; ) {
            int read = channel.read(discard.clear());
            if (read <= 0) {
                return;
            }
            total += read;
        }
    }

    /** Closes the connection; on TLS after close_notify or the handshake's alert. */
    void close() {
        if (tlsChannel != null) {
            tlsChannel.close();
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** Reads the first byte and sets up what reads the rest; false when the peer closed first. */
    private boolean sniff() throws IOException {
        ByteBuffer first = ByteBuffer.allocate(1);
        int read = channel.read(first);
        if (read < 0) {
            return false;
        }
        if (read == 0) {
            throw new SocketTimeoutException("no bytes available yet");
        }
        byte kind = first.get(0);
        if (tls == null && kind == TLS_HANDSHAKE_RECORD) {
            throw new RefusedConnection(
                    "TLS ClientHello on a plaintext port (tls = off on this primary)", ANSWER_NO_TLS);
        }
        if (tls != null && kind != FCRP_MAGIC_FIRST) {
            tlsChannel = TlsChannel.accept(channel, tls, first.flip());
            return true;
        }
        plaintextOnTlsPort = tls != null;
        reader = new FrameReader(new PrefixedInput(new byte[] {kind}, new AvailableInput(channel)), MAX_HELLO_BYTES);
        return true;
    }

    /** Advances the TLS handshake; false when the peer closed first. */
    private boolean handshake() throws IOException {
        try {
            if (!tlsChannel.handshake()) {
                throw new SocketTimeoutException("the TLS handshake is not complete yet");
            }
        } catch (SSLException e) {
            String expired = tls.ownCertificateProblem();
            throw new RefusedConnection(
                    "TLS handshake failed: " + TlsFailure.describe(e, TlsRole.PRIMARY)
                            + (expired == null ? "" : " (" + expired + ")"),
                    null);
        } catch (EOFException e) {
            return false;
        }
        handshaken = true;
        if (!TlsContext.ALPN.equals(tlsChannel.applicationProtocol())) {
            throw new RefusedConnection(
                    "TLS handshake failed: it did not offer ALPN " + TlsContext.ALPN, ANSWER_ALPN_REQUIRED);
        }
        reader = new FrameReader(tlsChannel.input(), MAX_HELLO_BYTES);
        return true;
    }

    private static RefusedConnection plaintextOnTlsPort() {
        return new RefusedConnection(
                "it connected in plaintext, but this primary requires TLS (tls = on)", ANSWER_TLS_REQUIRED);
    }

    private static InetSocketAddress remoteAddress(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
