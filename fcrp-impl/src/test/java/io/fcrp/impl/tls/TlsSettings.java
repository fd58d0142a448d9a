package io.fcrp.impl.tls;

import io.fcrp.impl.settings.PropertyValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link TlsContext}s for tests from properties, as a configuration would give them. */
public final class TlsSettings {

    private final Map<String, Object> properties = new LinkedHashMap<>();

    private TlsSettings() {
        properties.put(TlsProperties.TLS.name(), "on");
    }

    public static TlsSettings on() {
        return new TlsSettings();
    }

    public TlsSettings set(String property, Object value) {
        properties.put(property, value instanceof Path ? value.toString() : value);
        return this;
    }

    /** The node's key store and its password file. */
    public TlsSettings keystore(TestPki.Node node, TestPki pki) {
        return set(TlsProperties.KEYSTORE.name(), node.keystore())
                .set(TlsProperties.KEYSTORE_PASSWORD_FILE.name(), pki.passwordFile());
    }

    /** The CA's certificate as a PEM trust store. */
    public TlsSettings trust(TestPki.Authority authority) {
        return set(TlsProperties.TRUSTSTORE.name(), authority.pem());
    }

    public TlsSettings pin(String sha256) {
        return set(TlsProperties.PIN_SHA256.name(), sha256);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public TlsContext primary() {
        return build(TlsRole.PRIMARY);
    }

    public TlsContext replica() {
        return build(TlsRole.REPLICA);
    }

    private TlsContext build(TlsRole role) {
        PropertyValues values = new PropertyValues(properties);
        TlsContext context = TlsProperties.read(values, null, role);
        values.problems().throwIfAny();
        return context;
    }
}
