package io.fcrp.impl.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.testkit.Keytool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS properties are validated whole when the configuration is: every file is read and
 * checked, and each problem is one message that names the property and the file (issue 10).
 */
class TlsPropertiesTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Authority ca;
    private static TestPki.Node primary;
    private static TestPki.Node replica;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.shared();
        ca = pki.authority("ca");
        primary = pki.node("primary", ca, "ip:127.0.0.1,dns:localhost");
        replica = pki.node("replica", ca, null);
    }

    @Test
    void offIsTheDefaultAndRefusesTlsFilesThatWouldBeIgnored() {
        assertNull(read(TlsRole.PRIMARY, Map.of()).context);
        Reading off = read(TlsRole.PRIMARY, Map.of("tls", "off", "tls.client.auth", "required"));
        assertNull(off.context);
        assertEquals("", off.problems, "tls.client.auth has a default that forms submit");
        assertEquals(
                "tls.keystore, tls.truststore are set while tls is off: turn tls on, or remove them",
                read(TlsRole.REPLICA, Map.of("tls.keystore", "a.p12", "tls.truststore", "ca.pem")).problems);
    }

    @Test
    void aPkcs12KeyStoreWithAPemTrustStoreAndPemFilesBothLoad() throws Exception {
        Reading keystore = read(
                TlsRole.PRIMARY,
                TlsSettings.on().keystore(primary, pki).trust(ca).properties());
        assertEquals("", keystore.problems);
        assertNotNull(keystore.context);
        assertTrue(
                keystore.context.toString().contains("certificate CN=primary (SHA-256 " + primary.sha256() + ")"),
                keystore.context.toString());

        Reading pem = read(
                TlsRole.REPLICA,
                TlsSettings.on()
                        .trust(ca)
                        .set("tls.certificate", replica.chainPem())
                        .set("tls.key", replica.keyPem())
                        .properties());
        assertEquals("", pem.problems);
        assertTrue(pem.context.toString().contains("certificate CN=replica"), pem.context.toString());
    }

    @Test
    void anEncryptedPkcs8KeyNeedsItsPasswordFile() throws Exception {
        Path encrypted = dir.resolve("encrypted-key.pem");
        Files.writeString(encrypted, Keytool.pem("ENCRYPTED PRIVATE KEY", encryptedPkcs8(replica, TestPki.PASSWORD)));
        TlsSettings settings = TlsSettings.on()
                .trust(ca)
                .set("tls.certificate", replica.chainPem())
                .set("tls.key", encrypted);
        assertEquals(
                "tls.key " + encrypted + " holds an encrypted key: its password is needed",
                read(TlsRole.REPLICA, settings.properties()).problems);
        Reading decrypted = read(
                TlsRole.REPLICA,
                settings.set("tls.key.password.file", pki.passwordFile()).properties());
        assertEquals("", decrypted.problems);
        assertNotNull(decrypted.context);

        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-it\n");
        assertTrue(read(
                        TlsRole.REPLICA,
                        settings.set("tls.key.password.file", wrong).properties())
                .problems
                .startsWith("tls.key " + encrypted + ": the key cannot be decrypted: the password "
                        + "(tls.key.password.file " + wrong + ") is wrong"));
    }

    @Test
    void everyFileProblemNamesThePropertyAndTheFile() throws Exception {
        Path missing = dir.resolve("missing.p12");
        assertEquals(
                "tls.keystore " + missing + " cannot be read: no such file",
                read(
                                TlsRole.PRIMARY,
                                TlsSettings.on()
                                        .keystore(primary, pki)
                                        .trust(ca)
                                        .set("tls.keystore", missing)
                                        .properties())
                        .problems);

        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong\n");
        assertEquals(
                "tls.keystore " + primary.keystore() + ": wrong password (tls.keystore.password.file " + wrong + ")",
                read(
                                TlsRole.PRIMARY,
                                TlsSettings.on()
                                        .keystore(primary, pki)
                                        .trust(ca)
                                        .set("tls.keystore.password.file", wrong)
                                        .properties())
                        .problems);

        Path noPassword = dir.resolve("no-password-file");
        assertEquals(
                "tls.keystore cannot be opened: tls.keystore.password.file " + noPassword + " cannot be read: "
                        + "no such file",
                read(
                                TlsRole.PRIMARY,
                                TlsSettings.on()
                                        .keystore(primary, pki)
                                        .trust(ca)
                                        .set("tls.keystore.password.file", noPassword)
                                        .properties())
                        .problems);

        assertEquals(
                "tls.key " + primary.keyPem() + ": the private key does not belong to the certificate " + "CN=replica",
                read(
                                TlsRole.REPLICA,
                                TlsSettings.on()
                                        .trust(ca)
                                        .set("tls.certificate", replica.chainPem())
                                        .set("tls.key", primary.keyPem())
                                        .properties())
                        .problems);

        TestPki.Node expired = pki.expiredNode("expired", ca);
        String problem = read(
                        TlsRole.PRIMARY,
                        TlsSettings.on().keystore(expired, pki).trust(ca).properties())
                .problems;
        assertTrue(
                problem.startsWith("tls.keystore " + expired.keystore() + ": the certificate CN=expired expired on "),
                problem);

        Path notPem = Files.writeString(dir.resolve("ca.txt"), "no certificate here\n");
        String notAStore = read(
                        TlsRole.REPLICA,
                        TlsSettings.on().set("tls.truststore", notPem).properties())
                .problems;
        assertTrue(
                notAStore.startsWith("tls.truststore " + notPem + " is neither PEM (no -----BEGIN line) nor a "
                        + "PKCS#12 key store"),
                notAStore);
    }

    @Test
    void combinationsThatCannotWorkAreRefusedTogether() {
        assertEquals(
                "with tls on, this primary needs its key and certificate: tls.keystore, or tls.certificate and "
                        + "tls.key; with tls on, tls.truststore is required: the CA(s) that sign the replicas' certificates "
                        + "(or set tls.client.auth = none)",
                read(TlsRole.PRIMARY, TlsSettings.on().properties()).problems);
        assertEquals(
                "with tls on, tls.truststore is required: the CA(s) that sign the primary's certificate",
                read(TlsRole.REPLICA, TlsSettings.on().properties()).problems);
        assertEquals(
                "tls.keystore and tls.certificate/tls.key are both set: keep one of them",
                read(
                                TlsRole.REPLICA,
                                TlsSettings.on()
                                        .keystore(replica, pki)
                                        .trust(ca)
                                        .set("tls.certificate", replica.chainPem())
                                        .properties())
                        .problems);
        assertEquals(
                "tls.keystore.password.file is required with tls.keystore",
                read(
                                TlsRole.REPLICA,
                                TlsSettings.on()
                                        .trust(ca)
                                        .set("tls.keystore", replica.keystore())
                                        .properties())
                        .problems);
        assertEquals(
                "tls.key is required with tls.certificate",
                read(
                                TlsRole.REPLICA,
                                TlsSettings.on()
                                        .trust(ca)
                                        .set("tls.certificate", replica.chainPem())
                                        .properties())
                        .problems);
        assertEquals(
                "tls.truststore is set, but tls.client.auth is none: replicas are not checked; remove it, or "
                        + "set tls.client.auth = required; tls.pin.sha256 needs tls.client.auth = required: without a "
                        + "certificate there is nothing to pin",
                read(
                                TlsRole.PRIMARY,
                                TlsSettings.on()
                                        .keystore(primary, pki)
                                        .trust(ca)
                                        .set("tls.client.auth", "none")
                                        .pin(replica.sha256())
                                        .properties())
                        .problems);
        assertEquals(
                "tls.pin.sha256 'abc' is no SHA-256 fingerprint (64 hex digits, colons allowed)",
                read(
                                TlsRole.REPLICA,
                                TlsSettings.on()
                                        .trust(ca)
                                        .pin(replica.sha256() + ", abc")
                                        .properties())
                        .problems);
    }

    @Test
    void aPkcs12TrustStoreNeedsItsPassword() throws Exception {
        Path store = dir.resolve("trust.p12");
        Files.copy(pki.authority("ca").keystore(), store, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(read(
                        TlsRole.REPLICA,
                        TlsSettings.on().set("tls.truststore", store).properties())
                .problems
                .startsWith("tls.truststore " + store + " holds no trusted certificate entry that can be read without "
                        + "a password"));
        Path anchors = dir.resolve("anchors.p12");
        keytoolTrustStore(anchors);
        Reading withPassword = read(
                TlsRole.REPLICA,
                TlsSettings.on()
                        .set("tls.truststore", anchors)
                        .set("tls.truststore.password.file", pki.passwordFile())
                        .properties());
        assertEquals("", withPassword.problems);
    }

    @Test
    void relativePathsAreResolvedAgainstTheBaseDirectory() {
        Map<String, Object> relative = Map.of(
                "tls",
                "on",
                "tls.keystore",
                primary.keystore().getFileName().toString(),
                "tls.keystore.password.file",
                pki.passwordFile().getFileName().toString(),
                "tls.truststore",
                ca.pem().getFileName().toString());
        PropertyValues values = new PropertyValues(relative);
        assertNotNull(
                TlsProperties.read(values, pki.dir(), TlsRole.PRIMARY),
                values.problems().describe());
        assertTrue(values.problems().isEmpty());
        assertTrue(
                read(TlsRole.PRIMARY, relative).problems.contains("cannot be read: no such file"),
                "without the base directory they are relative to the working directory");
    }

    @Test
    void newContentUnderTheSamePathReadsAsAChange() throws Exception {
        Path keystore = dir.resolve("rotating.p12");
        Files.copy(primary.keystore(), keystore, StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> properties = TlsSettings.on()
                .keystore(primary, pki)
                .trust(ca)
                .set("tls.keystore", keystore)
                .properties();
        String before = read(TlsRole.PRIMARY, properties).values.get("tls.keystore");
        TestPki.Node next = pki.node("primary-next", ca, "ip:127.0.0.1");
        Files.copy(next.keystore(), keystore, StandardCopyOption.REPLACE_EXISTING);
        String after = read(TlsRole.PRIMARY, properties).values.get("tls.keystore");
        assertEquals(keystore + " (CN=primary (SHA-256 " + primary.sha256() + "))", before);
        assertEquals(keystore + " (CN=primary-next (SHA-256 " + next.sha256() + "))", after);
        assertNotEquals(before, after);
    }

    // ------------------------------------------------------------------ helpers

    /** What reading a configuration gave. */
    private record Reading(TlsContext context, String problems, Map<String, String> values) {}

    private static Reading read(TlsRole role, Map<String, Object> properties) {
        PropertyValues values = new PropertyValues(new LinkedHashMap<>(properties));
        TlsContext context = TlsProperties.read(values, null, role);
        return new Reading(context, values.problems().describe(), values.values());
    }

    /** The node's key as encrypted PKCS#8 (PBES2 with HMAC-SHA256 and AES-256, as openssl writes it). */
    private static byte[] encryptedPkcs8(TestPki.Node node, String password) throws Exception {
        byte[] pkcs8 = Pem.blocks(Files.readString(node.keyPem())).get(0).der();
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(
                Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(pkcs8);
        // named PBES2 (its OID), as Java 17 has no OID for the name PBEWithHmacSHA256AndAES_256
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("PBES2");
        parameters.init(cipher.getParameters().getEncoded());
        return new EncryptedPrivateKeyInfo(parameters, encrypted).getEncoded();
    }

    /** A PKCS#12 trust store holding the CA's certificate as a trusted entry (keytool -importcert). */
    private static void keytoolTrustStore(Path store) throws Exception {
        Files.deleteIfExists(store);
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "ca",
                        "-file",
                        ca.pem().toString(),
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        TestPki.PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }
}
