package io.fcrp.impl.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS peers built from the JDK alone, not from FCRP's own TLS code, for the tests that need a peer
 * FCRP would refuse to be: one with an expired certificate, one that speaks TLS 1.2 or offers
 * another ALPN protocol, a primary whose handshake a replica must refuse.
 */
public final class RawTls {

    private RawTls() {}

    /** A context presenting {@code node}'s key (none when null) and trusting {@code authority}. */
    public static SSLContext context(TestPki.Node node, TestPki.Authority authority) throws IOException {
        try {
            KeyManager[] keys = new KeyManager[0];
            if (node != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(node.keystore())) {
                    store.load(in, TestPki.PASSWORD.toCharArray());
                }
                // SunX509 presents the key whatever its validity: a peer with an expired certificate
                KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
                factory.init(store, TestPki.PASSWORD.toCharArray());
                keys = factory.getKeyManagers();
            }
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "ca", KeyMaterial.certificates(authority.pem()).get(0));
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * A client connected to 127.0.0.1:{@code port} that speaks {@code protocols} and offers
     * {@code alpn} (none when empty); its handshake has not started.
     */
    public static SSLSocket client(SSLContext context, int port, String[] protocols, String... alpn)
            throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols);
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A listener on a free loopback port that speaks TLS 1.3 with ALPN fcrp/1, as a primary would. */
    public static SSLServerSocket server(SSLContext context) throws IOException {
        SSLServerSocket listener = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        SSLParameters parameters = listener.getSSLParameters();
        parameters.setProtocols(new String[] {TlsContext.PROTOCOL});
        parameters.setApplicationProtocols(new String[] {TlsContext.ALPN});
        listener.setSSLParameters(parameters);
        return listener;
    }

    /** The first bytes a replica sends: its TLS ClientHello. */
    public static byte[] clientHello(TlsContext replica) throws IOException {
        SSLEngine engine = replica.newEngine("127.0.0.1", 7631);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
