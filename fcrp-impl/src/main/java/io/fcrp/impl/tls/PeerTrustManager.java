package io.fcrp.impl.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether a peer's certificate chain is acceptable: it must chain to a CA of
 * {@code tls.truststore} and be valid now (the JDK's PKIX checks), and then, on a replica, name the
 * primary's host, unless {@code tls.pin.sha256} pins the certificate instead; on a primary, match a
 * pin when there are any. FCRP runs TLS on {@link SSLEngine}s only, so the socket forms refuse.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final Pins pins;

    private PeerTrustManager(X509ExtendedTrustManager pkix, Pins pins) {
        this.pkix = pkix;
        this.pins = pins;
    }

    /** Trusts chains to {@code anchors}; {@code pins} may be {@link Pins#NONE}. */
    static PeerTrustManager of(List<X509Certificate> anchors, Pins pins) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager pkix) {
                    return new PeerTrustManager(pkix, pins);
                }
            }
            throw new IllegalStateException("the JDK offers no PKIX X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up certificate checks: " + e.getMessage(), e);
        }
    }

    /** For a primary that asks replicas for no certificate: it never has one to check. */
    static PeerTrustManager none() {
        return new PeerTrustManager(null, Pins.NONE);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix().checkClientTrusted(chain, authType, engine);
        if (!pins.isEmpty()) {
            pins.check(chain[0], "the replica's");
        }
    }

    /**
     * Checks a replica's chain after its handshake, when the engine has no handshake session any
     * more (which the engine form needs): chain, validity and pins, as during a handshake.
     */
    void recheckClient(X509Certificate[] chain) throws CertificateException {
        pkix().checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
        if (!pins.isEmpty()) {
            pins.check(chain[0], "the replica's");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix().checkServerTrusted(chain, authType, engine);
        if (!pins.isEmpty()) {
            pins.check(chain[0], "the primary's");
        } else {
            HostIdentity.check(chain[0], engine.getPeerHost());
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw engineOnly();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw engineOnly();
    }

    private X509ExtendedTrustManager pkix() throws CertificateException {
        if (pkix == null) {
            throw new CertificateException("no tls.truststore is configured: no certificate is trusted");
        }
        return pkix;
    }

    private static CertificateException engineOnly() {
        return new CertificateException("FCRP checks certificates during SSLEngine handshakes only");
    }
}
