package io.fcrp.impl.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this node's one certificate chain whenever its key fits the handshake, whatever CAs the
 * peer says it trusts: a replica whose certificate the primary does not trust then shows it and
 * is refused for that reason, rather than sending none and being refused for a missing one.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "fcrp";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleKeyManager(KeyMaterial material) {
        this.key = material.key();
        this.chain = material.chain();
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        for (String keyType : keyTypes) {
            if (fits(keyType)) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseEngineClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    /** TLS names key types after the key's algorithm ({@code RSA}, {@code EC}, {@code EdDSA}, …). */
    private boolean fits(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
    }
}
