package io.fcrp.impl.replication;

import io.fcrp.impl.tls.TestPki;
import io.fcrp.impl.tls.TlsSettings;
import org.junit.jupiter.api.BeforeAll;

/**
 * The certificates the TLS replication tests share: a CA, a primary naming 127.0.0.1 and
 * localhost, a replica, and the mutual TLS settings made of them.
 */
abstract class TlsTestBase extends ReplicationTestBase {

    static TestPki pki;
    static TestPki.Authority ca;
    static TestPki.Node primaryCert;
    static TestPki.Node replicaCert;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.shared();
        ca = pki.authority("ca");
        primaryCert = pki.node("primary", ca, "ip:127.0.0.1,dns:localhost");
        replicaCert = pki.node("replica", ca, null);
    }

    static TlsSettings primaryTls() {
        return TlsSettings.on().keystore(primaryCert, pki).trust(ca);
    }

    static TlsSettings replicaTls() {
        return TlsSettings.on().keystore(replicaCert, pki).trust(ca);
    }
}
