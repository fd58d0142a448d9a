package io.fcrp.itests;

import static io.fcrp.itests.Stores.contents;
import static io.fcrp.itests.Stores.key;
import static io.fcrp.itests.Stores.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.testkit.Poll;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * Issue 10: TLS configured through Config Admin, with the certificates in files of Karaf's etc
 * named by relative paths. A TLS primary and replica replicate (key store on one side, PEM on the
 * other); a new certificate under the same path serves the replicas that connect from then on
 * while the open session keeps streaming, and a replica takes a new trust store for its next
 * connection without a restart; a plaintext replica and a TLS primary (and the reverse)
 * refuse each other at once with a LastError that says why.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT extends FcrpKarafTestSupport {

    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();
    private static EtcCertificates certificates;

    /**
     * The CAs {@code ca} and {@code other-ca}; {@code primary}, {@code replica} and {@code primary-next}
     * signed by them. Made once for the container, deleted when it stops (JUnit's class hooks run
     * around each test method in a Pax Exam probe).
     */
    private static synchronized EtcCertificates certificates() throws IOException {
        if (certificates == null) {
            EtcCertificates made = new EtcCertificates("fcrp-tls-it");
            Runtime.getRuntime().addShutdownHook(new Thread(made::deleteQuietly, "tls-it-cleanup"));
            made.authority("ca");
            made.authority("other-ca");
            made.node("primary", "ca");
            made.node("replica", "ca");
            made.node("primary-next", "other-ca");
            certificates = made;
        }
        return certificates;
    }

    @Test
    public void aTlsPrimaryAndATlsReplicaReplicate() throws Exception {
        EtcCertificates files = certificates();
        int port = freePort();
        primary("tls-p", tlsPrimary(files, "primary.p12", "bind.addr", loopback(port)));
        KeyValueStore store = service(KeyValueStore.class, "tls-p");
        for (int i = 0; i < 1000; i++) {
            store.set(key(i), value(i));
        }
        replica(
                "tls-r",
                "replica.of",
                loopback(port),
                "tls",
                "on",
                "tls.certificate",
                files.path("replica-chain.pem"),
                "tls.key",
                files.path("replica-key.pem"),
                "tls.truststore",
                files.path("ca.pem"));
        ReplicaClient client = service(ReplicaClient.class, "tls-r");
        KeyValueView view = service(KeyValueView.class, "tls-r");
        Poll.until("replica streaming over TLS", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
        for (int i = 1000; i < 2000; i++) {
            store.set(key(i), value(i));
        }
        for (int i = 0; i < 2000; i += 9) {
            store.delete(key(i));
        }
        awaitConverged(store, service(ReplicationPrimary.class, "tls-p"), client, view);
        assertEquals(1, client.status().snapshotsLoaded());
        assertEquals(0L, MBEANS.getAttribute(FcrpObjectNames.replicationPrimary("tls-p"), "RejectedConnections"));
        assertTrue(
                "the log says TLS",
                logLinesWith("replication primary tls-p listening on ").stream()
                        .anyMatch(line -> line.contains("(TLS 1.3, ALPN fcrp/1, certificate CN=primary (SHA-256 ")));
    }

    @Test
    public void aNewCertificateUnderTheSamePathServesNewReplicasWhileTheOpenSessionKeepsStreaming() throws Exception {
        EtcCertificates files = certificates();
        files.replace("rotating.p12", "primary.p12");
        int port = freePort();
        Object[] settings = tlsPrimary(files, "rotating.p12", "bind.addr", loopback(port));
        Configuration primary = primary("rot-p", settings);
        KeyValueStore store = service(KeyValueStore.class, "rot-p");
        ReplicationPrimary replication = service(ReplicationPrimary.class, "rot-p");
        Configuration oldReplica = replica("rot-old", tlsReplica(files, "ca.pem", "replica.of", loopback(port)));
        ReplicaClient old = service(ReplicaClient.class, "rot-old");
        KeyValueView oldView = service(KeyValueView.class, "rot-old");
        for (int i = 0; i < 500; i++) {
            store.set(key(i), value(i));
        }
        awaitConverged(store, replication, old, oldView);

        // the new certificate (of another CA) under the same path; the update makes the primary read it again
        files.replace("rotating.p12", "primary-next.p12");
        int applied = logLinesWith("replication primary rot-p: connections accepted from now on get")
                .size();
        update(primary, settings);
        Poll.until(
                "the primary took the new certificate",
                TIMEOUT,
                () -> logLinesWith("replication primary rot-p: connections "
                                        + "accepted from now on get TLS 1.3, ALPN fcrp/1, certificate CN=primary-next")
                                .size()
                        > applied);

        replica("rot-new", tlsReplica(files, "other-ca.pem", "replica.of", loopback(port)));
        ReplicaClient renewed = service(ReplicaClient.class, "rot-new");
        KeyValueView newView = service(KeyValueView.class, "rot-new");
        for (int i = 500; i < 1000; i++) {
            store.set(key(i), value(i));
        }
        awaitConverged(store, replication, renewed, newView);
        awaitConverged(store, replication, old, oldView);
        assertEquals("the open session kept streaming", 0, old.status().reconnects());
        assertEquals(ReplicaState.STREAMING, old.state());

        // the old replica trusts the new CA from its next connection on, without a restart
        update(oldReplica, tlsReplica(files, "other-ca.pem", "replica.of", loopback(port)));
        Poll.until(
                "the replica took its new trust store",
                TIMEOUT,
                () -> !logLinesWith("FCRP replica 'rot-old' uses new TLS "
                                + "files from its next connection on, its current one stays")
                        .isEmpty());
        assertSame("not restarted", old, service(ReplicaClient.class, "rot-old"));
        assertEquals(0, old.status().reconnects());
        old.reconnect();
        store.set(key(1000), value(1000));
        awaitConverged(store, replication, old, oldView);
        assertEquals(
                "its first attempt with the new trust store succeeded",
                1,
                old.status().reconnects());
    }

    @Test
    public void aPlaintextReplicaAndATlsPrimaryRefuseEachOtherWithALastErrorThatSaysWhy() throws Exception {
        EtcCertificates files = certificates();
        int tlsPort = freePort();
        int plainPort = freePort();
        primary("strict-p", tlsPrimary(files, "primary.p12", "bind.addr", loopback(tlsPort)));
        primary("plain-p", "bind.addr", loopback(plainPort));
        replica("plain-r", "replica.of", loopback(tlsPort));
        replica("secure-r", tlsReplica(files, "ca.pem", "replica.of", loopback(plainPort)));

        awaitLastError(
                "plain-r",
                "primary rejected handshake: this primary requires TLS (tls = on): configure TLS on " + "the replica");
        awaitLastError(
                "secure-r",
                "TLS with the primary " + loopback(plainPort) + " failed: the primary does not "
                        + "speak TLS (it answered in plaintext FCRP: this primary speaks plaintext FCRP v1 (tls = off))");
        for (String primary : new String[] {"strict-p", "plain-p"}) {
            ObjectName name = FcrpObjectNames.replicationPrimary(primary);
            assertTrue(primary + " counted the refusal", (Long) MBEANS.getAttribute(name, "RejectedConnections") >= 1);
            assertEquals(0, MBEANS.getAttribute(name, "ConnectedReplicaCount"));
        }
        assertFalse(logLinesWith("it connected in plaintext, but this primary requires TLS (tls = on)")
                .isEmpty());
        assertFalse(logLinesWith("TLS ClientHello on a plaintext port (tls = off on this primary)")
                .isEmpty());
    }

    // ---- helpers

    /** A TLS primary's properties: {@code keystore} of the folder, trusting {@code ca}, then {@code more}. */
    private static Object[] tlsPrimary(EtcCertificates files, String keystore, Object... more) {
        return with(
                more,
                "tls",
                "on",
                "tls.keystore",
                files.path(keystore),
                "tls.keystore.password.file",
                files.path(EtcCertificates.PASSWORD_FILE),
                "tls.truststore",
                files.path("ca.pem"));
    }

    /** A TLS replica's properties: the key store {@code replica.p12}, trusting {@code trusted}, then {@code more}. */
    private static Object[] tlsReplica(EtcCertificates files, String trusted, Object... more) {
        return with(
                more,
                "tls",
                "on",
                "tls.keystore",
                files.path("replica.p12"),
                "tls.keystore.password.file",
                files.path(EtcCertificates.PASSWORD_FILE),
                "tls.truststore",
                files.path(trusted));
    }

    private static Object[] with(Object[] more, Object... keyValues) {
        List<Object> all = new ArrayList<>(Arrays.asList(keyValues));
        all.addAll(Arrays.asList(more));
        return all.toArray();
    }

    private void awaitConverged(
            KeyValueStore store, ReplicationPrimary primary, ReplicaClient client, KeyValueView view) {
        Poll.until(
                "the replica holds what the primary holds",
                TIMEOUT,
                () -> client.state() == ReplicaState.STREAMING
                        && contents(view).equals(contents(store))
                        && client.status().localWatermarks().equals(primary.currentWatermarks()));
    }

    private static void awaitLastError(String replica, String text) {
        ObjectName name = FcrpObjectNames.replicaClient(replica);
        Poll.until(replica + "'s LastError says: " + text, TIMEOUT, () -> {
            try {
                return MBEANS.isRegistered(name)
                        && String.valueOf(MBEANS.getAttribute(name, "LastError"))
                                .contains(text);
            } catch (javax.management.JMException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
