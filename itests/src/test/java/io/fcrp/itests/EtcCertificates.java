package io.fcrp.itests;

import io.fcrp.testkit.Keytool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Certificates for the TLS tests, made in the container with the JDK's {@code keytool} (as the
 * README tells operators to) in a folder of Karaf's etc, and named by their paths relative to it,
 * as a configuration names them. Every key store has the password in {@link #PASSWORD_FILE}.
 */
final class EtcCertificates {

    static final String PASSWORD_FILE = "password";
    private static final String PASSWORD = "changeit";
    private static final Keytool KEYTOOL = new Keytool(PASSWORD);

    private final String folder;
    private final Path dir;

    /** Creates {@code ${karaf.etc}/folder} with the password file. */
    EtcCertificates(String folder) throws IOException {
        this.folder = folder;
        this.dir = Paths.get(System.getProperty("karaf.etc"), folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(PASSWORD_FILE), PASSWORD + "\n");
    }

    /** {@code file} of this folder as a configuration names it: relative to Karaf's etc. */
    String path(String file) {
        return folder + "/" + file;
    }

    /** A certificate authority: {@code name.p12} (its key) and {@code name.pem} (a trust store). */
    void authority(String name) throws IOException {
        KEYTOOL.run(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "bc:c",
                "-validity",
                "3650",
                "-keystore",
                file(name + ".p12"));
        KEYTOOL.run(
                "-exportcert", "-rfc", "-alias", "ca", "-keystore", file(name + ".p12"), "-file", file(name + ".pem"));
    }

    /**
     * A node's key and its certificate, signed by {@code authority} and naming 127.0.0.1:
     * {@code name.p12}, and the same as PEM: {@code name-chain.pem} and {@code name-key.pem}.
     */
    void node(String name, String authority) throws IOException {
        String keystore = file(name + ".p12");
        KEYTOOL.run(
                "-genkeypair",
                "-alias",
                "node",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-validity",
                "3650",
                "-keystore",
                keystore);
        KEYTOOL.run("-certreq", "-alias", "node", "-keystore", keystore, "-file", file(name + ".csr"));
        KEYTOOL.run(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                file(authority + ".p12"),
                "-infile",
                file(name + ".csr"),
                "-outfile",
                file(name + ".crt"),
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "3650");
        Path chain = dir.resolve(name + "-chain.pem");
        Files.writeString(
                chain,
                Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve(authority + ".pem")));
        KEYTOOL.run("-importcert", "-noprompt", "-alias", "node", "-keystore", keystore, "-file", chain.toString());
        writeKeyPem(name);
    }

    /** Puts a copy of {@code source} at {@code target} in one step, as an operator rotating a certificate does. */
    void replace(String target, String source) throws IOException {
        Files.copy(dir.resolve(source), dir.resolve(target + ".next"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                dir.resolve(target + ".next"),
                dir.resolve(target),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the folder, as far as it can (when the container stops). */
    void deleteQuietly() {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // the container's folder is the build's, and goes with it
        }
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    /** keytool cannot export a private key: the key store's, as PEM PKCS#8 ({@code openssl pkcs8} would do the same). */
    private void writeKeyPem(String name) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            byte[] pkcs8 = store.getKey("node", PASSWORD.toCharArray()).getEncoded();
            Files.writeString(dir.resolve(name + "-key.pem"), Keytool.pem("PRIVATE KEY", pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
