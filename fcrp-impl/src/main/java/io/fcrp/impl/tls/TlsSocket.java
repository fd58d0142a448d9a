package io.fcrp.impl.tls;

import io.fcrp.impl.net.RangeInput;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Payloads;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLException;

/**
 * TLS on the replica's blocking socket: the handshake, then streams. A read that times out (the
 * socket's timeout) loses nothing, as on a plaintext socket: the bytes of a record stay in the
 * engine's buffer until the rest arrives. Every failure the operator should see is a
 * {@link TlsException} saying why in plain words: a certificate refused on either side, a primary
 * that answers in plaintext FCRP (it does not speak TLS), a primary without ALPN {@value TlsContext#ALPN}.
 * The stream ends at the primary's close_notify; a connection that ends without one fails with an
 * {@link EOFException} that says so.
 */
public final class TlsSocket {

    private static final byte FCRP_MAGIC_FIRST = 'F';

    private final TlsEngine tls;
    /** Whether this replica presented a certificate: without one, a complaint about it means it needs one. */
    private final boolean presentsCertificate;

    private final InputStream fromPeer;
    private final OutputStream toPeer;
    private final InputStream input = new Input();
    private final OutputStream output = new Output();

    private final Socket socket;

    private TlsSocket(Socket socket, TlsEngine tls, boolean presentsCertificate) throws IOException {
        this.socket = socket;
        this.tls = tls;
        this.presentsCertificate = presentsCertificate;
        this.fromPeer = socket.getInputStream();
        this.toPeer = socket.getOutputStream();
    }

    /**
     * Runs the handshake with the primary at {@code host:port} on the connected {@code socket},
     * each read waiting at most the socket's timeout.
     *
     * @throws TlsException when the handshake fails, ends without ALPN {@value TlsContext#ALPN}, or
     *     gets no answer within the socket's timeout
     */
    public static TlsSocket handshake(Socket socket, TlsContext context, String host, int port) throws IOException {
        TlsSocket connection = new TlsSocket(
                socket,
                new TlsEngine(context.newEngine(host, port), TlsRole.REPLICA, false),
                context.presentsCertificate());
        connection.completeHandshake();
        return connection;
    }

    /**
     * Checked before connecting: a certificate that expired while the replica ran would be refused
     * by the primary, which tells only its own log why.
     *
     * @throws TlsException saying what is wrong with this replica's certificate
     */
    public static void requireValidCertificate(TlsContext context) throws TlsException {
        String problem = context.ownCertificateProblem();
        if (problem != null) {
            throw new TlsException(problem + ": renew it (tls.keystore, or tls.certificate and tls.key)", null);
        }
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    private void completeHandshake() throws IOException {
        while (true) {
            TlsEngine.Step step;
            try {
                step = tls.handshake();
            } catch (SSLException e) {
                tls.closeOutbound();
                flushQuietly();
                throw new TlsException(TlsFailure.describe(e, TlsRole.REPLICA, presentsCertificate), e);
            }
            flush();
            if (step == TlsEngine.Step.DONE) {
                break;
            }
            if (step == TlsEngine.Step.NEED_INPUT && receive(true) < 0) {
                throw new TlsException(
                        "the primary closed the connection during the TLS handshake: it refused this "
                                + "replica, or does not speak TLS",
                        null);
            }
        }
        if (!TlsContext.ALPN.equals(tls.applicationProtocol())) {
            throw new TlsException(
                    "the primary did not agree to ALPN " + TlsContext.ALPN + " (it chose '" + tls.applicationProtocol()
                            + "'): it is no FCRP primary speaking TLS",
                    null);
        }
    }

    /**
     * Reads what the socket has into the engine; returns how many bytes, -1 at the end of the
     * stream. During the handshake a primary that answers in plaintext is told apart.
     */
    private int receive(boolean handshaking) throws IOException {
        ByteBuffer inbound = tls.inbound();
        int read;
        try {
            read = fromPeer.read(inbound.array(), inbound.arrayOffset() + inbound.position(), inbound.remaining());
        } catch (SocketTimeoutException e) {
            if (handshaking) {
                throw new TlsException(
                        "the primary did not answer the TLS handshake within " + socket.getSoTimeout()
                                + " ms (a primary that does not speak TLS may wait for more bytes instead)",
                        e);
            }
            throw e;
        }
        if (read < 0) {
            return read;
        }
        inbound.position(inbound.position() + read);
        if (handshaking && inbound.get(0) == FCRP_MAGIC_FIRST) {
            throw new TlsException(
                    "the primary does not speak TLS (it answered in plaintext FCRP" + plaintextAnswer() + ")", null);
        }
        return read;
    }

    /** The Error frame a plaintext primary answered with, read as far as it arrives within the timeout. */
    private String plaintextAnswer() {
        ByteBuffer inbound = tls.inbound();
        try {
            while (inbound.position() < FrameHeader.LENGTH
                    || inbound.position()
                            < FrameHeader.LENGTH
                                    + FrameHeader.parse(inbound.array(), inbound.arrayOffset(), inbound.capacity())
                                            .payloadLength()) {
                int read =
                        fromPeer.read(inbound.array(), inbound.arrayOffset() + inbound.position(), inbound.remaining());
                if (read < 0) {
                    return "";
                }
                inbound.position(inbound.position() + read);
            }
            byte[] bytes = Arrays.copyOfRange(
                    inbound.array(), inbound.arrayOffset(), inbound.arrayOffset() + inbound.position());
            Frame frame = FrameCodec.decode(bytes, bytes.length);
            return frame.kind() == FrameKind.ERROR ? ": " + Payloads.decodeError(frame.reader()) : "";
        } catch (IOException | RuntimeException e) {
            return ""; // cut short or not an Error frame: the first byte said enough
        }
    }

    private void flush() throws IOException {
        ByteBuffer outbound = tls.outbound();
        if (outbound.hasRemaining()) {
            toPeer.write(outbound.array(), outbound.arrayOffset() + outbound.position(), outbound.remaining());
            outbound.position(outbound.limit());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            // the alert is a courtesy; the connection is over either way
        }
    }

    /** Decrypted bytes; a read that times out keeps a partly received record for the next one. */
    private final class Input extends RangeInput {

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                int ready;
                try {
                    ready = tls.decrypt();
                } catch (SSLException e) {
                    // in TLS 1.3 the primary checks this replica's certificate after our side of the handshake ended
                    throw new TlsException(TlsFailure.describe(e, TlsRole.REPLICA, presentsCertificate), e);
                }
                flush();
                if (ready != 0) {
                    return ready < 0 ? -1 : tls.read(target, offset, length);
                }
                if (receive(false) < 0) {
                    throw new EOFException("the primary's TLS connection ended without close_notify: the network "
                            + "cut it, or the primary stopped abruptly");
                }
            }
        }
    }

    /** Encrypts and sends; the replica writes little (its Hello, answers to heartbeats). */
    private final class Output extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer source = ByteBuffer.wrap(bytes, offset, length);
            while (source.hasRemaining()) {
                if (!tls.encrypt(source)) {
                    flush();
                }
            }
            flush();
        }
    }
}
