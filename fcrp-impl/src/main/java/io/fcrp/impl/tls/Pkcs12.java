package io.fcrp.impl.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;

/** Loads PKCS#12 files, telling a wrong password from a file that is no key store. */
final class Pkcs12 {

    private Pkcs12() {}

    /** A file that is not PEM either, for a property that takes only PKCS#12. */
    static final String NOT_PKCS12 = "is not a PKCS#12 key store";

    /**
     * @param password null to read what needs no password (certificates stored unencrypted)
     * @param notAStore what the message says of a file that is no key store (after its name)
     */
    static KeyStore load(Path file, Password password, String notAStore) {
        byte[] content = FileBytes.read(file);
        if (Pem.isPem(content)) {
            throw new IllegalArgumentException(file + " is PEM, not a PKCS#12 key store");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password == null ? null : password.chars());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(
                        file + ": wrong password (" + (password == null ? "none given" : password.origin()) + ")", e);
            }
            // the JDK's reason is often empty (an EOFException), and its wording differs between versions
            throw new IllegalArgumentException(
                    file + " " + notAStore + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
