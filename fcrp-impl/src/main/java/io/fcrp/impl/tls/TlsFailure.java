package io.fcrp.impl.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Says in plain words why a TLS handshake failed, from the exception the JDK raised on this side:
 * a certificate this side did not accept (not trusted, expired, not the pinned one, not naming the
 * host), a TLS alert the peer sent about this side, or no common version or ALPN protocol.
 */
public final class TlsFailure {

    private static final String ALERT = "Received fatal alert: ";

    private TlsFailure() {}

    /** Why the handshake on {@code local}'s side failed with {@code failure}; this side presented a certificate. */
    public static String describe(Throwable failure, TlsRole local) {
        return describe(failure, local, true);
    }

    /**
     * Why the handshake failed; a side without a certificate of its own knows that a complaint
     * about its certificate means it needs one.
     */
    static String describe(Throwable failure, TlsRole local, boolean presentedCertificate) {
        String peer = local.peer();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PeerIdentityException) {
                return cause.getMessage();
            }
            if (cause instanceof CertificateExpiredException) {
                return peer + "'s certificate has expired (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return peer + "'s certificate is not valid yet (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertPathBuilderException) {
                return peer + "'s certificate is not signed by a CA of tls.truststore";
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.startsWith(ALERT)) {
            String alert = message.substring(ALERT.length()).trim();
            return presentedCertificate ? alert(alert, peer) : withoutCertificate(alert, peer);
        }
        if (message.contains("Empty client certificate chain")) {
            return peer + " sent no certificate, and tls.client.auth is required";
        }
        if (message.contains("protocol versions") || message.contains("No appropriate protocol")) {
            return "no TLS version in common with " + peer + ": FCRP speaks TLS 1.3 only (" + message + ")";
        }
        if (message.contains("application layer protocol")) {
            return peer + " does not offer ALPN " + TlsContext.ALPN;
        }
        if (message.contains("Unsupported or unrecognized SSL message")) {
            return peer + " does not speak TLS";
        }
        return message;
    }

    private static String withoutCertificate(String alert, String peer) {
        return switch (alert) {
            case "certificate_unknown", "bad_certificate", "certificate_required" ->
                peer + " requires a certificate from this node, which has none (TLS alert " + alert + "): set "
                        + "tls.keystore, or tls.certificate and tls.key";
            default -> alert(alert, peer);
        };
    }

    private static String alert(String name, String peer) {
        return switch (name) {
            case "certificate_unknown", "bad_certificate", "unknown_ca" ->
                peer + " does not accept this node's certificate (TLS alert " + name + "): its log says why "
                        + "(not signed by a CA of its tls.truststore, expired, or not one it pins)";
            case "certificate_expired" ->
                peer + " says this node's certificate has expired (TLS alert certificate_expired)";
            case "certificate_required" ->
                peer + " requires a certificate from this node (TLS alert certificate_required): set "
                        + "tls.keystore, or tls.certificate and tls.key";
            case "protocol_version" ->
                peer + " speaks no TLS version this node does (TLS alert protocol_version): FCRP speaks TLS "
                        + "1.3 only";
            case "no_application_protocol" ->
                peer + " does not speak ALPN " + TlsContext.ALPN + " (TLS alert no_application_protocol)";
            case "handshake_failure" ->
                "no cipher suite or signature algorithm in common with " + peer + " (TLS alert " + "handshake_failure)";
            default -> peer + " ended the TLS handshake (TLS alert " + name + ")";
        };
    }
}
