package io.fcrp.impl.tls;

import io.fcrp.testkit.Keytool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Certificates for the TLS tests, made with the JDK's {@code keytool} in a temporary directory
 * (deleted when the JVM ends): certificate authorities and node certificates they sign, each as a
 * PKCS#12 key store (password {@value #PASSWORD}, in {@link #passwordFile()}) and as PEM files
 * (chain, PKCS#8 key). Each is made once per JVM, when a test first asks for it.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";
    private static final Keytool KEYTOOL = new Keytool(PASSWORD);
    private static TestPki shared;

    private final Path dir;
    private final Path passwordFile;
    private final Map<String, Object> made = new HashMap<>();

    /** A certificate authority: its key store and its certificate as PEM (a trust store). */
    public record Authority(String name, Path keystore, Path pem) {}

    /** A node's key and certificate, signed by {@code issuer}. */
    public record Node(String name, Path keystore, Path chainPem, Path keyPem, X509Certificate certificate) {
        /** The SHA-256 fingerprint as keytool prints it. */
        public String sha256() {
            return Fingerprints.of(certificate);
        }
    }

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    }

    /** The one instance of this JVM. */
    public static synchronized TestPki shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("fcrp-test-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            shared = new TestPki(dir);
        }
        return shared;
    }

    public Path dir() {
        return dir;
    }

    /** A file holding {@value #PASSWORD}. */
    public Path passwordFile() {
        return passwordFile;
    }

    public synchronized Authority authority(String name) throws IOException {
        Authority known = (Authority) made.get(name);
        if (known != null) {
            return known;
        }
        Path keystore = dir.resolve(name + ".p12");
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
                keystore.toString());
        Path pem = dir.resolve(name + ".pem");
        KEYTOOL.run("-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-file", pem.toString());
        Authority authority = new Authority(name, keystore, pem);
        made.put(name, authority);
        return authority;
    }

    /** A node certificate valid now for 10 years, naming {@code subjectAlternativeNames} (e.g. {@code ip:127.0.0.1}). */
    public Node node(String name, Authority issuer, String subjectAlternativeNames) throws IOException {
        return node(name, issuer, subjectAlternativeNames, null, 3650);
    }

    /** A node certificate that expired yesterday. */
    public Node expiredNode(String name, Authority issuer) throws IOException {
        return node(name, issuer, "ip:127.0.0.1", "-3d", 2);
    }

    /** A node certificate that expires {@code seconds} from now (it is valid for one day, since a day less). */
    public Node expiringNode(String name, Authority issuer, int seconds) throws IOException {
        return node(name, issuer, null, "-1d+" + seconds + "S", 1);
    }

    private synchronized Node node(String name, Authority issuer, String names, String startDate, int days)
            throws IOException {
        Node known = (Node) made.get(name);
        if (known != null) {
            return known;
        }
        Path keystore = dir.resolve(name + ".p12");
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
                keystore.toString());
        Path request = dir.resolve(name + ".csr");
        KEYTOOL.run("-certreq", "-alias", "node", "-keystore", keystore.toString(), "-file", request.toString());
        Path signed = dir.resolve(name + ".crt");
        List<String> gencert = new ArrayList<>(List.of(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                issuer.keystore().toString(),
                "-infile",
                request.toString(),
                "-outfile",
                signed.toString(),
                "-validity",
                String.valueOf(days)));
        if (names != null) {
            gencert.addAll(List.of("-ext", "san=" + names));
        }
        if (startDate != null) {
            gencert.addAll(List.of("-startdate", startDate));
        }
        KEYTOOL.run(gencert.toArray(new String[0]));
        Path chainPem = dir.resolve(name + "-chain.pem");
        Files.writeString(chainPem, Files.readString(signed) + Files.readString(issuer.pem()));
        KEYTOOL.run(
                "-importcert",
                "-noprompt",
                "-alias",
                "node",
                "-keystore",
                keystore.toString(),
                "-file",
                chainPem.toString());
        Node node = writePem(name, keystore, chainPem);
        made.put(name, node);
        return node;
    }

    /** The key of a node's store as a PEM PKCS#8 file, and its certificate. */
    private Node writePem(String name, Path keystore, Path chainPem) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey("node", PASSWORD.toCharArray());
            Path keyPem = dir.resolve(name + "-key.pem");
            Files.writeString(keyPem, Keytool.pem("PRIVATE KEY", key.getEncoded()));
            Certificate[] chain = store.getCertificateChain("node");
            return new Node(name, keystore, chainPem, keyPem, (X509Certificate) chain[0]);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
