package io.fcrp.impl.tls;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The SHA-256 fingerprints of {@code tls.pin.sha256}: a peer's own certificate must have one of them. */
final class Pins {

    static final Pins NONE = new Pins(List.of());

    private final List<byte[]> fingerprints;

    private Pins(List<byte[]> fingerprints) {
        this.fingerprints = fingerprints;
    }

    /**
     * Fingerprints separated by commas, each 64 hex digits (colons allowed, as keytool and openssl
     * print them).
     *
     * @throws IllegalArgumentException naming the first that is none
     */
    static Pins parse(String text) {
        List<byte[]> fingerprints = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                fingerprints.add(Fingerprints.parse(part.trim()));
            }
        }
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("holds no fingerprint");
        }
        return new Pins(List.copyOf(fingerprints));
    }

    boolean isEmpty() {
        return fingerprints.isEmpty();
    }

    int size() {
        return fingerprints.size();
    }

    /** @param peer who presented the certificate, e.g. "the primary's", for the message */
    void check(X509Certificate certificate, String peer) throws PeerIdentityException {
        byte[] actual = Fingerprints.sha256(certificate);
        for (byte[] pinned : fingerprints) {
            if (MessageDigest.isEqual(pinned, actual)) {
                return;
            }
        }
        throw new PeerIdentityException(
                peer + " certificate " + certificate.getSubjectX500Principal().getName()
                        + " has the SHA-256 fingerprint " + Fingerprints.text(actual) + ", which is not one of the "
                        + size() + " in tls.pin.sha256");
    }
}
