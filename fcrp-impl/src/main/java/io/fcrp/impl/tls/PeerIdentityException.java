package io.fcrp.impl.tls;

import java.security.cert.CertificateException;

/**
 * A peer certificate that chains to a trusted CA but is not the one expected here: it does not
 * name the host, or matches no pinned fingerprint. Its message says so in full.
 */
final class PeerIdentityException extends CertificateException {

    private static final long serialVersionUID = 1L;

    PeerIdentityException(String message) {
        super(message);
    }
}
