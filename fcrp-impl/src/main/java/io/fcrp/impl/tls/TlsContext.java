package io.fcrp.impl.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS settings of one primary or replica, loaded and checked: every connection it accepts or
 * makes gets an {@link SSLEngine} that speaks TLS 1.3 only, offers or requires ALPN
 * {@value #ALPN}, presents this node's certificate (when it has one) and checks the peer's with
 * {@link PeerTrustManager}. Immutable: a configuration change makes a new one, which connections
 * made from then on use.
 */
public final class TlsContext {

    public static final String PROTOCOL = "TLSv1.3";
    public static final String ALPN = "fcrp/1";

    private final TlsRole role;
    private final SSLContext context;
    private final PeerTrustManager trust;
    private final boolean clientAuth;
    /** This node's own certificate; null when it presents none. */
    private final X509Certificate certificate;

    private final String description;

    private TlsContext(
            TlsRole role,
            SSLContext context,
            PeerTrustManager trust,
            boolean clientAuth,
            X509Certificate certificate,
            String description) {
        this.role = role;
        this.context = context;
        this.trust = trust;
        this.clientAuth = clientAuth;
        this.certificate = certificate;
        this.description = description;
    }

    /**
     * @param key this node's key and certificate; null for a replica that presents none
     * @param anchors the CAs peers must chain to; null for a primary that asks for no certificate
     * @param clientAuth whether a primary requires a certificate of its replicas
     */
    static TlsContext create(
            TlsRole role, KeyMaterial key, List<X509Certificate> anchors, boolean clientAuth, Pins pins) {
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            // no key or trust managers would mean the JDK's defaults (javax.net.ssl.* properties, cacerts)
            KeyManager[] keys = key == null ? new KeyManager[0] : new KeyManager[] {new SingleKeyManager(key)};
            PeerTrustManager trust = anchors == null ? PeerTrustManager.none() : PeerTrustManager.of(anchors, pins);
            context.init(keys, new TrustManager[] {trust}, new SecureRandom());
            return new TlsContext(
                    role,
                    context,
                    trust,
                    clientAuth,
                    key == null ? null : key.certificate(),
                    describe(role, key, anchors, clientAuth, pins));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up " + PROTOCOL + ": " + e.getMessage(), e);
        }
    }

    public TlsRole role() {
        return role;
    }

    /** Whether this node has a certificate to present (a replica may have none). */
    boolean presentsCertificate() {
        return certificate != null;
    }

    /**
     * What is wrong with this node's certificate now, e.g. {@code this node's certificate CN=a
     * expired on 2026-…}; null while it is valid (or there is none). It was valid when the
     * configuration was read, but a node may run longer than its certificate lasts.
     */
    public String ownCertificateProblem() {
        if (certificate == null) {
            return null;
        }
        try {
            certificate.checkValidity();
            return null;
        } catch (CertificateExpiredException e) {
            return "this node's certificate "
                    + certificate.getSubjectX500Principal().getName() + " expired on "
                    + certificate.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "this node's certificate "
                    + certificate.getSubjectX500Principal().getName() + " is not valid before "
                    + certificate.getNotBefore().toInstant();
        }
    }

    /**
     * An engine for one connection: on a replica to the primary at {@code peerHost:peerPort}
     * (the host its certificate must name), on a primary from the replica there (for the log).
     */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        if (role == TlsRole.REPLICA) {
            forgetSessions();
        }
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(role == TlsRole.REPLICA);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setApplicationProtocols(new String[] {ALPN});
        if (role == TlsRole.PRIMARY) {
            parameters.setNeedClientAuth(clientAuth);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Checks a replica's certificate chain again once its handshake is over, against this
     * context's trust store and pins: a handshake that resumed a session (from a ticket the JDK
     * issued, whatever its age) checked none, so a certificate that expired or lost its CA since
     * would otherwise pass.
     *
     * @throws SSLException when the chain is no longer acceptable ({@link TlsFailure} says why)
     */
    void recheckReplica(SSLEngine engine) throws SSLException {
        if (!clientAuth) {
            return;
        }
        try {
            Certificate[] presented = engine.getSession().getPeerCertificates();
            X509Certificate[] chain = Arrays.copyOf(presented, presented.length, X509Certificate[].class);
            trust.recheckClient(chain);
        } catch (CertificateException e) {
            SSLHandshakeException refused = new SSLHandshakeException("the replica's certificate is refused");
            refused.initCause(e);
            throw refused;
        }
    }

    /**
     * Makes the next handshake a full one: a resumed session (from the primary's session tickets)
     * checks no certificate, so a certificate that has expired since, on either side, would pass.
     * Sessions last as long as their connections, so resuming would save next to nothing.
     */
    private void forgetSessions() {
        SSLSessionContext sessions = context.getClientSessionContext();
        for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
            SSLSession session = sessions.getSession(ids.nextElement());
            if (session != null) {
                session.invalidate();
            }
        }
    }

    /** What connections get, for the log: {@code TLS 1.3, ALPN fcrp/1, certificate CN=…, …}. */
    @Override
    public String toString() {
        return description;
    }

    private static String describe(
            TlsRole role, KeyMaterial key, List<X509Certificate> anchors, boolean clientAuth, Pins pins) {
        List<String> parts = new ArrayList<>();
        parts.add("TLS 1.3, ALPN " + ALPN);
        parts.add(
                key == null ? "no certificate of its own" : "certificate " + Fingerprints.describe(key.certificate()));
        String pinned = pins.size() + " pinned fingerprint(s)";
        if (role == TlsRole.PRIMARY) {
            parts.add(
                    !clientAuth
                            ? "replicas need no certificate"
                            : "replicas need a certificate of " + anchors.size() + " trusted CA(s)"
                                    + (pins.isEmpty() ? "" : " matching one of " + pinned));
        } else {
            parts.add("the primary needs a certificate of " + anchors.size() + " trusted CA(s) "
                    + (pins.isEmpty() ? "naming its host" : "matching one of " + pinned));
        }
        return String.join(", ", parts);
    }
}
