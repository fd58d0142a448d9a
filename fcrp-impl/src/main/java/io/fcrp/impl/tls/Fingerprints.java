package io.fcrp.impl.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 fingerprints of certificates, over their DER encoding, written as {@code keytool -list -v}
 * and {@code openssl x509 -fingerprint -sha256} write them: upper-case hex pairs joined by colons.
 */
final class Fingerprints {

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {}

    /** The SHA-256 of the certificate's DER encoding. */
    static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** {@code AB:CD:…}, 32 pairs. */
    static String text(byte[] sha256) {
        return COLON_HEX.formatHex(sha256);
    }

    static String of(X509Certificate certificate) {
        return text(sha256(certificate));
    }

    /** The subject and fingerprint of a certificate, for logs: {@code CN=primary (SHA-256 AB:CD:…)}. */
    static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + " (SHA-256 " + of(certificate) + ")";
    }

    /**
     * The bytes of a fingerprint written as hex, with or without colons or spaces between pairs.
     *
     * @throws IllegalArgumentException unless it is 32 bytes of hex
     */
    static byte[] parse(String text) {
        String digits = text.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (digits.length() != 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(
                    "'" + text + "' is no SHA-256 fingerprint (64 hex digits, colons " + "allowed)");
        }
        return HexFormat.of().parseHex(digits);
    }
}
