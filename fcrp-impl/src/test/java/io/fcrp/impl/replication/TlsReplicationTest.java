package io.fcrp.impl.replication;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.tls.TestPki;
import io.fcrp.impl.tls.TlsSettings;

class TlsReplicationTest extends ReplicationTestBase {

    private static TestPki pki;
    private static TestPki.Authority ca;
    private static TestPki.Node primaryNode;
    private static TestPki.Node replicaNode;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.shared();
        ca = pki.authority("ca");
        primaryNode = pki.node("primary", ca, "ip:127.0.0.1,dns:localhost");
        replicaNode = pki.node("replica", ca, null);
    }

    @Test
    void mutualTlsReplicates() throws Exception {
        PrimaryNode primary = cluster.primary("tls", c -> c.tls(TlsSettings.on().keystore(primaryNode, pki).trust(ca)
                .primary()));
        fill(primary.store(), "key:", 2000, 64);
        ReplicaClientImpl replica = cluster.replica("tls-replica", primary, c -> c.tls(TlsSettings.on()
                .keystore(replicaNode, pki).trust(ca).replica()));
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
        randomOps(primary.store(), "key:", 3, 20000, 3000);
        awaitConverged(primary, replica);
    }
}
