package io.fcrp.impl.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The CA certificates a peer's certificate must chain to: every CERTIFICATE of a PEM file, or
 * every trusted certificate entry of a PKCS#12 trust store (told apart by their content).
 */
final class TrustAnchors {

    private TrustAnchors() {}

    /** @param password a PKCS#12 store's password; null for PEM (or a store whose certificates are not encrypted) */
    static List<X509Certificate> load(Path file, Password password) {
        if (Pem.isPem(FileBytes.read(file))) {
            if (password != null) {
                throw new IllegalArgumentException(
                        file + " is PEM, which has no password, but one is set (" + password.origin() + "): remove it");
            }
            List<X509Certificate> certificates = KeyMaterial.certificates(file);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no CERTIFICATE block");
            }
            return certificates;
        }
        KeyStore store = Pkcs12.load(file, password, "is neither PEM (no -----BEGIN line) nor a PKCS#12 key store");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (store.isCertificateEntry(alias) && certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no trusted certificate entry"
                    + (password == null
                            ? " that can be read without a password: its password is needed"
                            : " (keytool -importcert adds one)"));
        }
        return certificates;
    }
}
