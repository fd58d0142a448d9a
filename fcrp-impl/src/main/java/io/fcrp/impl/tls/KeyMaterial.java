package io.fcrp.impl.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * This node's private key and its certificate chain (its own certificate first), from a PKCS#12
 * key store or from PEM files, checked to belong together and to be valid now. Every problem is
 * an {@link IllegalArgumentException} whose message starts with the file it is about.
 */
final class KeyMaterial {

    private final PrivateKey key;
    private final X509Certificate[] chain;

    private KeyMaterial(PrivateKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain;
    }

    /** The one private key entry of a PKCS#12 key store; the key has the store's password. */
    static KeyMaterial fromPkcs12(Path file, Password password) {
        KeyStore store = Pkcs12.load(file, password, Pkcs12.NOT_PKCS12);
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException(file + " holds " + keyAliases.size() + " private keys " + keyAliases
                        + ": it must hold exactly one, this node's");
            }
            String alias = keyAliases.get(0);
            PrivateKey key = (PrivateKey) store.getKey(alias, password.chars());
            Certificate[] certificates = store.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new IllegalArgumentException(file + ": the key '" + alias + "' has no certificate");
            }
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = (X509Certificate) certificates[i];
            }
            return checked(file, key, chain);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(
                    file + ": the key's password is not the key store's (" + password.origin()
                            + "): give the key the store's password",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A PEM certificate chain (own certificate first) and a PEM PKCS#8 key, encrypted when
     * {@code password} is given.
     */
    static KeyMaterial fromPem(Path certificateFile, Path keyFile, Password password) {
        X509Certificate[] chain = certificates(certificateFile).toArray(new X509Certificate[0]);
        if (chain.length == 0) {
            throw new IllegalArgumentException(certificateFile + " holds no CERTIFICATE block");
        }
        PrivateKey key = privateKey(keyFile, password, chain[0].getPublicKey().getAlgorithm());
        return checked(keyFile, key, chain);
    }

    PrivateKey key() {
        return key;
    }

    X509Certificate[] chain() {
        return chain.clone();
    }

    /** This node's own certificate. */
    X509Certificate certificate() {
        return chain[0];
    }

    /** Every CERTIFICATE block of a PEM file, in order. */
    static List<X509Certificate> certificates(Path file) {
        byte[] content = FileBytes.read(file);
        if (!Pem.isPem(content)) {
            throw new IllegalArgumentException(file + " is not PEM (no -----BEGIN line)");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem.Block block : Pem.blocks(new String(content, StandardCharsets.US_ASCII))) {
                if (block.type().equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file, Password password, String algorithm) {
        byte[] content = FileBytes.read(file);
        List<Pem.Block> blocks;
        try {
            blocks = Pem.isPem(content) ? Pem.blocks(new String(content, StandardCharsets.US_ASCII)) : List.of();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        List<Pem.Block> keys = blocks.stream()
                .filter(block -> block.type().endsWith("PRIVATE KEY"))
                .toList();
        if (keys.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + keys.size() + " PRIVATE KEY blocks: it must hold "
                    + "exactly one, a PEM PKCS#8 key");
        }
        Pem.Block block = keys.get(0);
        byte[] pkcs8;
        switch (block.type()) {
            case "PRIVATE KEY":
                if (password != null) {
                    throw new IllegalArgumentException(file + " holds an unencrypted key, but a password is set ("
                            + password.origin() + "): remove it");
                }
                pkcs8 = block.der();
                break;
            case "ENCRYPTED PRIVATE KEY":
                if (password == null) {
                    throw new IllegalArgumentException(file + " holds an encrypted key: its password is needed");
                }
                pkcs8 = decrypt(file, block.der(), password);
                break;
            default:
                throw new IllegalArgumentException(file + " holds a " + block.type() + ", not PKCS#8: convert it with "
                        + "openssl pkcs8 -topk8 (-nocrypt for no password)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + " holds no " + algorithm + " key, which its certificate needs: "
                            + "the key does not belong to the certificate",
                    e);
        }
    }

    private static byte[] decrypt(Path file, byte[] encrypted, Password password) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(encrypted);
            // PBES2 names its real algorithm in its parameters (e.g. PBEWithHmacSHA256AndAES_256)
            String algorithm =
                    info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.chars())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + ": the key cannot be decrypted: the password (" + password.origin()
                            + ") is wrong, or the encryption is unknown to Java (" + e.getMessage() + ")",
                    e);
        }
    }

    /** The key must sign what the certificate's public key verifies, and the certificate must be valid now. */
    private static KeyMaterial checked(Path file, PrivateKey key, X509Certificate[] chain) {
        X509Certificate own = chain[0];
        String subject = own.getSubjectX500Principal().getName();
        if (!belongTogether(key, own)) {
            throw new IllegalArgumentException(
                    file + ": the private key does not belong to the certificate " + subject);
        }
        try {
            own.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException(
                    file + ": the certificate " + subject + " expired on "
                            + own.getNotAfter().toInstant(),
                    e);
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException(
                    file + ": the certificate " + subject + " is not valid before "
                            + own.getNotBefore().toInstant(),
                    e);
        }
        return new KeyMaterial(key, chain);
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a key of another type or size than the certificate's
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        switch (keyAlgorithm) {
            case "RSA":
                return Signature.getInstance("SHA256withRSA");
            case "RSASSA-PSS":
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return pss;
            case "EC":
                return Signature.getInstance("SHA256withECDSA");
            case "DSA":
                return Signature.getInstance("SHA256withDSA");
            default: // EdDSA (Ed25519, Ed448) and whatever else signs without a separate digest
                return Signature.getInstance(keyAlgorithm);
        }
    }
}
