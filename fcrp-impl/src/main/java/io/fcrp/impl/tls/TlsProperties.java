package io.fcrp.impl.tls;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.settings.TokenFile;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The TLS properties of primaries and replicas, and how they make a {@link TlsContext}: every file
 * is read and checked when the configuration is, so that a missing file, a wrong password or a key
 * that does not belong to its certificate rejects the configuration with a message naming the
 * property and the file. Relative paths are relative to the directory the caller gives (Karaf's
 * {@code etc}, or the working directory).
 */
public final class TlsProperties {

    private static final String FILE = "a file (in Karaf relative to ${karaf.etc})";

    public static final Property<Boolean> TLS = Property.choice(
                    "tls", false, List.of(false, true), on -> on ? "on" : "off")
            .meaning("off: plaintext FCRP v1, which every v1 peer speaks. on: TLS 1.3 only, with ALPN fcrp/1, "
                    + "between Java nodes; a plaintext peer is refused with a message that says so.");

    public static final Property<String> KEYSTORE = Property.text("tls.keystore")
            .nonEmpty("leave it unset without a key store")
            .validValues(FILE)
            .meaning("This node's private key with its certificate chain: a PKCS#12 key store holding one key "
                    + "(or tls.certificate and tls.key instead).");

    public static final Property<String> KEYSTORE_PASSWORD_FILE = Property.text("tls.keystore.password.file")
            .nonEmpty("leave it unset without a key store")
            .validValues(FILE)
            .meaning("A file whose first line is the password of tls.keystore and of its key.");

    public static final Property<String> CERTIFICATE = Property.text("tls.certificate")
            .nonEmpty("leave it unset without a PEM certificate")
            .validValues(FILE)
            .meaning("This node's certificate chain as PEM, its own certificate first (with tls.key).");

    public static final Property<String> KEY = Property.text("tls.key")
            .nonEmpty("leave it unset without a PEM key")
            .validValues(FILE)
            .meaning("This node's private key as PEM PKCS#8: BEGIN PRIVATE KEY, or BEGIN ENCRYPTED PRIVATE KEY "
                    + "with tls.key.password.file.");

    public static final Property<String> KEY_PASSWORD_FILE = Property.text("tls.key.password.file")
            .nonEmpty("leave it unset for an unencrypted key")
            .validValues(FILE)
            .meaning("A file whose first line is the password of an encrypted tls.key.");

    public static final Property<String> TRUSTSTORE = Property.text("tls.truststore")
            .nonEmpty("leave it unset without a trust store")
            .validValues(FILE)
            .meaning("The CA certificates a peer's certificate must be signed by: PEM, or a PKCS#12 trust store. "
                    + "Required on a replica, and on a primary that requires replica certificates.");

    public static final Property<String> TRUSTSTORE_PASSWORD_FILE = Property.text("tls.truststore.password.file")
            .nonEmpty("leave it unset for a PEM trust store")
            .validValues(FILE)
            .meaning("A file whose first line is the password of a PKCS#12 tls.truststore.");

    public static final Property<Boolean> CLIENT_AUTH = Property.choice(
                    "tls.client.auth", true, List.of(true, false), required -> required ? "required" : "none")
            .meaning("Primary only. required: a replica must present a certificate signed by a CA of tls.truststore "
                    + "(mutual TLS). none: replicas are not asked for one.");

    public static final Property<String> PIN_SHA256 = Property.text("tls.pin.sha256")
            .nonEmpty("leave it unset for no pinning")
            .validValues("SHA-256 fingerprints, comma-separated")
            .meaning("The peer's own certificate must have one of these fingerprints (64 hex digits, colons allowed, "
                    + "as keytool and openssl print them). On a replica it replaces the check that the primary's "
                    + "certificate names the host of replica.of.");

    /** A primary's TLS properties, in the README's order. */
    public static final List<Property<?>> PRIMARY = List.of(
            TLS,
            KEYSTORE,
            KEYSTORE_PASSWORD_FILE,
            CERTIFICATE,
            KEY,
            KEY_PASSWORD_FILE,
            TRUSTSTORE,
            TRUSTSTORE_PASSWORD_FILE,
            CLIENT_AUTH,
            PIN_SHA256);
    /** A replica's: all but {@code tls.client.auth}, which only a primary decides. */
    public static final List<Property<?>> REPLICA = List.of(
            TLS,
            KEYSTORE,
            KEYSTORE_PASSWORD_FILE,
            CERTIFICATE,
            KEY,
            KEY_PASSWORD_FILE,
            TRUSTSTORE,
            TRUSTSTORE_PASSWORD_FILE,
            PIN_SHA256);

    private TlsProperties() {}

    /** True for the properties that name key material, trust or pins (all but {@code tls} itself). */
    public static boolean isMaterial(String property) {
        return property.startsWith(TLS.name() + ".");
    }

    /**
     * Reads the TLS settings of {@code role} from {@code in}, reading and checking every file;
     * problems go to {@code in}.
     *
     * @param baseDir the directory of relative paths, or null for the working directory
     * @return the context, or null when TLS is off (or a problem was found)
     */
    public static TlsContext read(PropertyValues in, Path baseDir, TlsRole role) {
        return new Reader(in, baseDir, role).read();
    }

    /** One reading of a configuration's TLS properties. */
    private static final class Reader {
        private final PropertyValues in;
        private final Path baseDir;
        private final TlsRole role;
        private final List<String> problems = new ArrayList<>();

        Reader(PropertyValues in, Path baseDir, TlsRole role) {
            this.in = in;
            this.baseDir = baseDir;
            this.role = role;
        }

        TlsContext read() {
            boolean on = in.get(TLS);
            List<Property<?>> catalog = role == TlsRole.PRIMARY ? PRIMARY : REPLICA;
            if (!on) {
                // tls.client.auth has a default, which forms that show every property submit
                List<String> set = new ArrayList<>();
                for (Property<?> property : catalog) {
                    if (property != TLS && property != CLIENT_AUTH && in.raw().get(property.name()) != null) {
                        set.add(property.name());
                    }
                }
                if (!set.isEmpty()) {
                    in.problems()
                            .add(String.join(", ", set) + (set.size() == 1 ? " is" : " are")
                                    + " set while tls is off: turn tls on, or remove "
                                    + (set.size() == 1 ? "it" : "them"));
                }
                return null;
            }
            boolean clientAuth = role == TlsRole.REPLICA || in.get(CLIENT_AUTH);
            KeyMaterial key = keyMaterial();
            List<X509Certificate> anchors = anchors(clientAuth);
            Pins pins = pins(clientAuth);
            problems.forEach(in.problems()::add);
            if (!problems.isEmpty()) {
                return null;
            }
            return TlsContext.create(role, key, anchors, clientAuth, pins);
        }

        private KeyMaterial keyMaterial() {
            String keystore = in.get(KEYSTORE);
            String certificate = in.get(CERTIFICATE);
            String key = in.get(KEY);
            String keystorePassword = in.get(KEYSTORE_PASSWORD_FILE);
            String keyPassword = in.get(KEY_PASSWORD_FILE);
            requireWith(KEYSTORE_PASSWORD_FILE, keystorePassword, KEYSTORE, keystore);
            requireWith(KEY_PASSWORD_FILE, keyPassword, KEY, key);
            if (keystore != null && (certificate != null || key != null)) {
                problems.add(KEYSTORE.name() + " and " + CERTIFICATE.name() + "/" + KEY.name() + " are both set: keep "
                        + "one of them");
                return null;
            }
            if (keystore != null) {
                if (keystorePassword == null) {
                    problems.add(KEYSTORE_PASSWORD_FILE.name() + " is required with " + KEYSTORE.name());
                    return null;
                }
                return load(
                        KEYSTORE,
                        () -> KeyMaterial.fromPkcs12(
                                path(keystore), password(KEYSTORE_PASSWORD_FILE, keystorePassword)),
                        keystore);
            }
            if (certificate == null && key == null) {
                if (role == TlsRole.PRIMARY) {
                    problems.add("with tls on, this primary needs its key and certificate: " + KEYSTORE.name() + ", or "
                            + CERTIFICATE.name() + " and " + KEY.name());
                }
                return null;
            }
            if (certificate == null || key == null) {
                problems.add((certificate == null ? CERTIFICATE : KEY).name() + " is required with "
                        + (certificate == null ? KEY : CERTIFICATE).name());
                return null;
            }
            KeyMaterial material = load(
                    KEY,
                    () -> KeyMaterial.fromPem(
                            path(certificate),
                            path(key),
                            keyPassword == null ? null : password(KEY_PASSWORD_FILE, keyPassword)),
                    key);
            if (material != null) {
                in.remember(CERTIFICATE, certificate + " (" + Fingerprints.describe(material.certificate()) + ")");
            }
            return material;
        }

        private List<X509Certificate> anchors(boolean clientAuth) {
            String truststore = in.get(TRUSTSTORE);
            String password = in.get(TRUSTSTORE_PASSWORD_FILE);
            requireWith(TRUSTSTORE_PASSWORD_FILE, password, TRUSTSTORE, truststore);
            if (!clientAuth) {
                if (truststore != null) {
                    problems.add(TRUSTSTORE.name() + " is set, but tls.client.auth is none: replicas are not checked; "
                            + "remove it, or set tls.client.auth = required");
                }
                return null;
            }
            if (truststore == null) {
                problems.add("with tls on, " + TRUSTSTORE.name() + " is required: the CA(s) that sign "
                        + (role == TlsRole.PRIMARY
                                ? "the replicas' certificates (or set tls.client.auth = none)"
                                : "the primary's certificate"));
                return null;
            }
            try {
                Password secret = password == null ? null : password(TRUSTSTORE_PASSWORD_FILE, password);
                List<X509Certificate> anchors = TrustAnchors.load(path(truststore), secret);
                in.remember(
                        TRUSTSTORE,
                        truststore + " (" + anchors.size() + " CA certificate(s), SHA-256 of them " + digestOf(anchors)
                                + ")");
                return anchors;
            } catch (IllegalArgumentException e) {
                problems.add(TRUSTSTORE.name() + " " + e.getMessage());
                return null;
            }
        }

        private Pins pins(boolean clientAuth) {
            String text = in.get(PIN_SHA256);
            if (text == null) {
                return Pins.NONE;
            }
            if (!clientAuth) {
                problems.add(PIN_SHA256.name() + " needs tls.client.auth = required: without a certificate there is "
                        + "nothing to pin");
                return Pins.NONE;
            }
            try {
                return Pins.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(PIN_SHA256.name() + " " + e.getMessage());
                return Pins.NONE;
            }
        }

        /** Loads key material for {@code property}; a problem is recorded (null returned), the store's certificate remembered. */
        private KeyMaterial load(Property<String> property, Supplier<KeyMaterial> loader, String value) {
            try {
                KeyMaterial material = loader.get();
                in.remember(
                        property,
                        value
                                + (property == KEYSTORE
                                        ? " (" + Fingerprints.describe(material.certificate()) + ")"
                                        : ""));
                return material;
            } catch (IllegalArgumentException e) {
                problems.add(property.name() + " " + e.getMessage());
                return null;
            }
        }

        private void requireWith(Property<String> dependent, String value, Property<String> owner, String ownerValue) {
            if (value != null && ownerValue == null) {
                problems.add(dependent.name() + " is set without " + owner.name());
            }
        }

        /** @throws IllegalArgumentException naming the password file and why it holds none */
        private Password password(Property<String> property, String file) {
            Path path = path(file);
            try {
                return new Password(TokenFile.read(path, "password").toCharArray(), property.name() + " " + path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot be opened: " + property.name() + " " + e.getMessage(), e);
            }
        }

        private Path path(String file) {
            try {
                return baseDir == null ? Path.of(file) : baseDir.resolve(file);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + file + "' is not a valid path: " + e.getMessage(), e);
            }
        }
    }

    /** A short identity of a set of certificates, so that new content under the same path shows as a change. */
    private static String digestOf(List<X509Certificate> certificates) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            certificates.forEach(certificate -> digest.update(Fingerprints.sha256(certificate)));
            return Fingerprints.text(Arrays.copyOf(digest.digest(), 8)) + "…";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
