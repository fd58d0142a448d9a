package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.tls.RawTls;
import io.fcrp.impl.tls.TestPki;
import io.fcrp.impl.tls.TlsContext;
import io.fcrp.impl.tls.TlsSettings;
import io.fcrp.testkit.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 between Java nodes (issue 10): mutual authentication replicates; every kind of refusal
 * (another CA, an expired certificate, no certificate, a pin or host name that does not match,
 * TLS 1.2, another ALPN protocol, the other transport) fails fast, is logged by the primary as one
 * WARN naming the peer and the reason, counted, and reported by the replica in plain words;
 * certificates rotate under writes; handshakes cannot hold the accept thread; writes keep their
 * deadlines; records that arrive in pieces are read whole.
 */
class TlsReplicationTest extends TlsTestBase {

    /** Roomy, so that a refusal that took a timeout would show. */
    private static final long HANDSHAKE_MS = 10_000;

    private static final Duration FAST = Duration.ofSeconds(5);
    /** The peer's address in the primary's WARN "refusing replica 127.0.0.1:port: reason". */
    private static final Pattern REFUSED_PEER = Pattern.compile("refusing replica (127\\.0\\.0\\.1:\\d+): ");

    private static TestPki.Authority otherCa;
    private static TestPki.Node strangerCert;

    @BeforeAll
    static void otherCertificates() throws Exception {
        otherCa = pki.authority("other-ca");
        strangerCert = pki.node("stranger", otherCa, null);
    }

    private PrimaryNode tlsPrimary(String name, TlsSettings tls) throws IOException {
        return cluster.primary(name, c -> c.tls(tls.primary()).connectTimeoutMs(HANDSHAKE_MS));
    }

    private ReplicaClientImpl tlsReplica(String name, int port, TlsSettings tls) {
        return cluster.replica(name, port, c -> c.tls(tls.replica()).connectTimeoutMs(HANDSHAKE_MS), null);
    }

    @Test
    void mutualTlsBootstrapsStreamsAnswersHeartbeatsAndCatchesUpFromTheBacklog() throws Exception {
        PrimaryNode primary =
                cluster.primary("tls", c -> c.tls(primaryTls().primary()).heartbeatIntervalMs(200));
        fill(primary.store(), "key:", 5000, 64);
        ReplicaClientImpl replica =
                cluster.replica("tls-replica", primary, c -> c.tls(replicaTls().replica()));
        awaitConverged(primary, replica);
        awaitState(replica, ReplicaState.STREAMING);
        assertEquals("snapshot", replica.lastBootstrap().label());

        randomOps(primary.store(), "key:", 3, 20_000, 6000);
        awaitConverged(primary, replica);
        Poll.until(
                "heartbeats over TLS reach the replica, which answers them",
                SHORT,
                () -> replica.framesReceived().get(FrameKind.ACK) >= 3,
                () -> describe(replica));
        assertEquals(1, primary.server().sessions().size(), "the answers keep the session: " + describe(replica));

        long session = primary.server().sessions().get(0).id();
        assertTrue(primary.server().disconnect(session));
        Poll.until(
                "the replica reconnects",
                SHORT,
                () -> replica.status().reconnects() == 1 && replica.state() == ReplicaState.STREAMING,
                () -> describe(replica));
        assertTrue(
                String.valueOf(replica.status().lastError()).contains("closed the connection")
                        || replica.status().lastError() == null,
                "a clean end, not a TLS error: " + describe(replica));
        randomOps(primary.store(), "key:", 4, 5000, 6000);
        awaitConverged(primary, replica);
        assertEquals(1, replica.status().snapshotsLoaded(), "the reconnect resumed: " + describe(replica));
        assertEquals(0, primary.server().rejectedConnections());
    }

    @Test
    void aReplicaCertificateOfAnotherCaIsRefusedLoggedAndCounted() throws Exception {
        PrimaryNode primary = tlsPrimary("strict", primaryTls());
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl stranger = tlsReplica(
                    "stranger",
                    primary.port(),
                    TlsSettings.on().keystore(strangerCert, pki).trust(ca));
            awaitLastError(stranger, "the primary does not accept this node's certificate");
            awaitWarn(
                    log,
                    "refusing replica 127.0.0.1:",
                    "TLS handshake failed: the replica's certificate is not " + "signed by a CA of tls.truststore");
            assertEachRefusalLoggedOnceAndCounted(log, primary, stranger);
        }
        assertEquals(0, primary.server().sessions().size());
    }

    @Test
    void aPrimaryCertificateOfAnotherCaIsRefusedByTheReplica() throws Exception {
        PrimaryNode primary = tlsPrimary("unknown-ca", primaryTls());
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl replica = tlsReplica(
                    "doubtful",
                    primary.port(),
                    TlsSettings.on().keystore(replicaCert, pki).trust(otherCa));
            awaitLastError(
                    replica,
                    "TLS with the primary 127.0.0.1:" + primary.port()
                            + " failed: the primary's certificate is not signed by a CA of tls.truststore");
            awaitWarn(log, "refusing replica", "the replica does not accept this node's certificate");
            assertEachRefusalLoggedOnceAndCounted(log, primary, replica);
        }
    }

    @Test
    void anExpiredReplicaCertificateIsRefused() throws Exception {
        TestPki.Node expired = pki.expiredNode("expired-replica", ca);
        PrimaryNode primary = tlsPrimary("no-expired", primaryTls());
        try (LogCapture log = new LogCapture();
                SSLSocket client = RawTls.client(
                        RawTls.context(expired, ca),
                        primary.port(),
                        new String[] {TlsContext.PROTOCOL},
                        TlsContext.ALPN)) {
            // in TLS 1.3 the client is done before the primary checks its certificate, unless the primary's
            // refusal reaches it while it is still sending its last handshake message
            assertThrows(
                    IOException.class,
                    () -> {
                        client.startHandshake();
                        client.getInputStream().read();
                    },
                    "the primary refuses it");
            awaitWarn(
                    log, "refusing replica 127.0.0.1:", "TLS handshake failed: the replica's certificate has expired");
            assertEquals(1, assertEachRefusalLoggedOnceAndCounted(log, primary));
        }
        assertEquals(1, primary.server().rejectedConnections());
    }

    @Test
    void aClientCannotResumeItsWayPastItsExpiredCertificate() throws Exception {
        TestPki.Node expiring = pki.expiringNode("resuming-client", ca, 2);
        PrimaryNode primary = tlsPrimary("no-resumption", primaryTls());
        SSLContext context = RawTls.context(expiring, ca); // one client session cache for both connections
        try (SSLSocket first =
                RawTls.client(context, primary.port(), new String[] {TlsContext.PROTOCOL}, TlsContext.ALPN)) {
            first.startHandshake();
            assertEquals(TlsContext.ALPN, first.getApplicationProtocol(), "accepted while valid");
            first.setSoTimeout(200);
            // reading takes in the session ticket the primary sends after the handshake (then times out)
            assertThrows(
                    SocketTimeoutException.class, () -> first.getInputStream().read());
        }
        long expired = expiring.certificate().getNotAfter().getTime();
        Poll.until(
                "the client's certificate has expired",
                Duration.ofSeconds(20),
                () -> System.currentTimeMillis() > expired);
        try (LogCapture log = new LogCapture();
                SSLSocket again =
                        RawTls.client(context, primary.port(), new String[] {TlsContext.PROTOCOL}, TlsContext.ALPN)) {
            // the first connection's session ticket lets the handshake skip the certificate check; the
            // primary checks the chain again after it: closed before anything is served
            again.startHandshake();
            assertEquals(-1, readOrEnd(again), "the primary refuses it");
            awaitWarn(
                    log, "refusing replica 127.0.0.1:", "TLS handshake failed: the replica's certificate has expired");
            assertEquals(1, assertEachRefusalLoggedOnceAndCounted(log, primary));
        }
    }

    /** The first byte the socket reads, or -1 when the peer closed it (or broke it off). */
    private static int readOrEnd(SSLSocket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException closed) {
            return -1;
        }
    }

    @Test
    void certificatesThatExpireWhileTheyAreInUseAreRefusedAtTheNextConnection() throws Exception {
        TestPki.Node primaryExpiring = pki.expiringNode("expiring-primary", ca, 10);
        TestPki.Node replicaExpiring = pki.expiringNode("expiring-replica", ca, 10);
        PrimaryNode expiringPrimary = tlsPrimary(
                "expiring-primary",
                TlsSettings.on().keystore(primaryExpiring, pki).trust(ca).pin(replicaCert.sha256()));
        ReplicaClientImpl ofExpiringPrimary =
                tlsReplica("of-expiring", expiringPrimary.port(), replicaTls().pin(primaryExpiring.sha256()));
        PrimaryNode primary = tlsPrimary("of-expiring-replica", primaryTls());
        ReplicaClientImpl expiringReplica = tlsReplica(
                "expiring-replica",
                primary.port(),
                TlsSettings.on().keystore(replicaExpiring, pki).trust(ca));
        awaitState(ofExpiringPrimary, ReplicaState.STREAMING);
        awaitState(expiringReplica, ReplicaState.STREAMING);
        long expired = Math.max(
                primaryExpiring.certificate().getNotAfter().getTime(),
                replicaExpiring.certificate().getNotAfter().getTime());
        Poll.until(
                "both certificates have expired", Duration.ofSeconds(20), () -> System.currentTimeMillis() > expired);
        fill(expiringPrimary.store(), "key:", 100, 16);
        fill(primary.store(), "key:", 100, 16);
        awaitConverged(expiringPrimary, ofExpiringPrimary); // certificates are checked in handshakes only
        awaitConverged(primary, expiringReplica);

        try (LogCapture log = new LogCapture()) {
            // a full handshake, not a resumed session, checks the primary's certificate again
            assertTrue(expiringPrimary
                    .server()
                    .disconnect(expiringPrimary.server().sessions().get(0).id()));
            awaitLastError(
                    ofExpiringPrimary,
                    "TLS with the primary 127.0.0.1:" + expiringPrimary.port()
                            + " failed: the primary's certificate has expired");
            awaitWarn(
                    log,
                    "refusing replica 127.0.0.1:",
                    "TLS handshake failed: the replica does not accept this "
                            + "node's certificate (TLS alert certificate_unknown): its log says why (not signed by a CA of its "
                            + "tls.truststore, expired, or not one it pins) (this node's certificate CN=expiring-primary "
                            + "expired on ");
            assertEachRefusalLoggedOnceAndCounted(log, expiringPrimary, ofExpiringPrimary);
        }
        // a replica knows its own certificate has expired: it says so rather than being refused
        assertTrue(
                primary.server().disconnect(primary.server().sessions().get(0).id()));
        awaitLastError(
                expiringReplica,
                "TLS with the primary 127.0.0.1:" + primary.port() + " failed: this node's "
                        + "certificate CN=expiring-replica expired on ");
        assertTrue(
                String.valueOf(expiringReplica.status().lastError())
                        .endsWith(": renew it (tls.keystore, or " + "tls.certificate and tls.key)"),
                describe(expiringReplica));
        assertEquals(0, primary.server().rejectedConnections(), "it did not even try");
    }

    @Test
    void anExpiredPrimaryCertificateIsRefusedByTheReplica() throws Exception {
        TestPki.Node expired = pki.expiredNode("expired-primary", ca);
        AtomicBoolean stop = new AtomicBoolean();
        try (SSLServerSocket listener = RawTls.server(RawTls.context(expired, ca))) {
            Thread server = new Thread(() -> serveHandshakes(listener, stop), "test-expired-primary");
            server.setDaemon(true);
            server.start();
            ReplicaClientImpl replica = tlsReplica("wary", listener.getLocalPort(), replicaTls());
            awaitLastError(replica, "the primary's certificate has expired");
            replica.shutdown();
            stop.set(true);
            listener.close();
            server.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void aReplicaWithoutCertificateIsRefusedUnlessThePrimaryAsksForNone() throws Exception {
        PrimaryNode mutual = tlsPrimary("mutual", primaryTls());
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl anonymous =
                    tlsReplica("anonymous", mutual.port(), TlsSettings.on().trust(ca));
            awaitLastError(anonymous, "the primary requires a certificate from this node, which has none (TLS alert");
            awaitWarn(
                    log,
                    "refusing replica",
                    "TLS handshake failed: the replica sent no certificate, and " + "tls.client.auth is required");
            assertEachRefusalLoggedOnceAndCounted(log, mutual, anonymous);
        }
        PrimaryNode open = tlsPrimary(
                "server-only", TlsSettings.on().keystore(primaryCert, pki).set("tls.client.auth", "none"));
        fill(open.store(), "key:", 100, 16);
        ReplicaClientImpl welcome =
                tlsReplica("welcome", open.port(), TlsSettings.on().trust(ca));
        awaitConverged(open, welcome);
        assertEquals(0, open.server().rejectedConnections());
    }

    @Test
    void aFingerprintThatMatchesNoPinIsRefusedOnBothSides() throws Exception {
        PrimaryNode primary = tlsPrimary("pinned", primaryTls());
        fill(primary.store(), "key:", 100, 16);
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl misled =
                    tlsReplica("misled", primary.port(), replicaTls().pin(replicaCert.sha256()));
            awaitLastError(
                    misled,
                    "the primary's certificate CN=primary has the SHA-256 fingerprint " + primaryCert.sha256()
                            + ", which is not one of the 1 in tls.pin.sha256");
            awaitWarn(log, "refusing replica", "the replica does not accept this node's certificate");
            assertEachRefusalLoggedOnceAndCounted(log, primary, misled);
        }
        ReplicaClientImpl pinning = tlsReplica(
                "pinning",
                primary.port(),
                replicaTls()
                        .pin(primaryCert
                                .sha256()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replace(":", "")));
        awaitConverged(primary, pinning);

        PrimaryNode choosy = tlsPrimary("choosy", primaryTls().pin(strangerCert.sha256()));
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl refused = tlsReplica("unpinned", choosy.port(), replicaTls());
            awaitLastError(refused, "the primary does not accept this node's certificate");
            awaitWarn(
                    log,
                    "refusing replica",
                    "the replica's certificate CN=replica has the SHA-256 fingerprint " + replicaCert.sha256()
                            + ", which is not one of the 1 in tls.pin.sha256");
            assertEachRefusalLoggedOnceAndCounted(log, choosy, refused);
        }
    }

    @Test
    void theReplicaChecksThatTheCertificateNamesTheHostUnlessItIsPinned() throws Exception {
        TestPki.Node elsewhere = pki.node("elsewhere", ca, "dns:elsewhere.example");
        PrimaryNode primary =
                tlsPrimary("misnamed", TlsSettings.on().keystore(elsewhere, pki).trust(ca));
        fill(primary.store(), "key:", 100, 16);
        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl replica = tlsReplica("careful", primary.port(), replicaTls());
            awaitLastError(
                    replica,
                    "the primary's certificate CN=elsewhere does not name the host 127.0.0.1 (its "
                            + "subject alternative names: DNS elsewhere.example): add IP:127.0.0.1 to the certificate, or pin "
                            + "it with tls.pin.sha256 " + elsewhere.sha256());
            awaitWarn(log, "refusing replica", "the replica does not accept this node's certificate");
            assertEachRefusalLoggedOnceAndCounted(log, primary, replica);
        }
        ReplicaClientImpl pinning =
                tlsReplica("trusting-the-pin", primary.port(), replicaTls().pin(elsewhere.sha256()));
        awaitConverged(primary, pinning);
    }

    @Test
    void aPlaintextReplicaOfATlsPrimaryIsToldAtOnce() throws Exception {
        PrimaryNode primary = tlsPrimary("tls-only", primaryTls());
        assertToldAtOnce(
                primary,
                () -> cluster.replica("plain", primary.port(), c -> c.connectTimeoutMs(HANDSHAKE_MS), null),
                "primary rejected handshake: this primary requires TLS (tls = on): configure TLS on the replica",
                "it connected in plaintext, but this primary requires TLS");
    }

    @Test
    void aTlsReplicaOfAPlaintextPrimaryIsToldAtOnce() throws Exception {
        PrimaryNode primary = cluster.primary("plain-only", c -> c.connectTimeoutMs(HANDSHAKE_MS));
        assertToldAtOnce(
                primary,
                () -> tlsReplica("secure", primary.port(), replicaTls()),
                "TLS with the primary 127.0.0.1:" + primary.port() + " failed: the primary does not speak TLS (it "
                        + "answered in plaintext FCRP: this primary speaks plaintext FCRP v1 (tls = off))",
                "TLS ClientHello on a plaintext port");
    }

    @Test
    void tls12AndAnotherAlpnProtocolAreRefused() throws Exception {
        PrimaryNode primary = tlsPrimary("tls13", primaryTls());
        SSLContext context = RawTls.context(replicaCert, ca);
        try (LogCapture log = new LogCapture()) {
            try (SSLSocket old = RawTls.client(context, primary.port(), new String[] {"TLSv1.2"}, TlsContext.ALPN)) {
                assertThrows(IOException.class, old::startHandshake);
            }
            awaitWarn(
                    log,
                    "refusing replica",
                    "TLS handshake failed: no TLS version in common with the replica: " + "FCRP speaks TLS 1.3 only");
            try (SSLSocket web = RawTls.client(context, primary.port(), new String[] {TlsContext.PROTOCOL}, "h2")) {
                assertThrows(IOException.class, web::startHandshake);
            }
            awaitWarn(log, "refusing replica", "TLS handshake failed: the replica does not offer ALPN fcrp/1");
            try (SSLSocket silent = RawTls.client(context, primary.port(), new String[] {TlsContext.PROTOCOL})) {
                silent.startHandshake();
                assertEquals(-1, readToEnd(silent.getInputStream()), "an Error frame, then the end");
            }
            awaitWarn(log, "refusing replica", "TLS handshake failed: it did not offer ALPN fcrp/1");
            assertEquals(3, assertEachRefusalLoggedOnceAndCounted(log, primary));
        }
        assertEquals(3, primary.server().rejectedConnections());
    }

    @Test
    void aNewCertificateUnderWritesServesNewReplicasWhileOpenSessionsKeepStreaming() throws Exception {
        TestPki.Node rotated = pki.node("primary-rotated", otherCa, "ip:127.0.0.1");
        PrimaryNode primary = tlsPrimary("rotating", primaryTls());
        fill(primary.store(), "key:", 2000, 32);
        ReplicaClientImpl before = tlsReplica("before", primary.port(), replicaTls());
        awaitConverged(primary, before);
        try (Writers writers = new Writers(primary.store(), 2, "live:", 5, Long.MAX_VALUE, 4000)) {
            Poll.until("writes flow", SHORT, () -> writers.done() > 1000);
            PrimaryConfig next = primary.config().toBuilder()
                    .tls(TlsSettings.on().keystore(rotated, pki).trust(ca).primary())
                    .build();
            primary.reconfigure(next);
            ReplicaClientImpl after = tlsReplica(
                    "after",
                    primary.port(),
                    TlsSettings.on().keystore(replicaCert, pki).trust(otherCa));
            ReplicaClientImpl outdated = tlsReplica("outdated", primary.port(), replicaTls());
            awaitState(after, ReplicaState.STREAMING);
            awaitLastError(outdated, "the primary's certificate is not signed by a CA of tls.truststore");
            long written = writers.done();
            Poll.until("writes go on after the rotation", SHORT, () -> writers.done() > written + 1000);
            writers.stop();
            awaitConverged(primary, before);
            awaitConverged(primary, after);
        }
        assertEquals(0, before.status().reconnects(), "the open session kept streaming: " + describe(before));
    }

    @Test
    void slowTlsClientsCannotKeepAReplicaOut() throws Exception {
        long deadlineMs = 2000;
        PrimaryNode primary = cluster.primary(
                "besieged-tls", c -> c.tls(primaryTls().primary()).connectTimeoutMs(deadlineMs));
        int pendingSlots = PrimaryConfig.builder().build().maxPendingHandshakes();
        fill(primary.store(), "key:", 1000, 32);
        SlowHelloClients attack = cluster.track(SlowHelloClients.start(
                primary.port(), pendingSlots, RawTls.clientHello(replicaTls().replica())));
        Poll.until(
                "slow ClientHellos hold every pending slot",
                SHORT,
                () -> primary.server().pendingHandshakes() == pendingSlots);
        long started = System.nanoTime();
        ReplicaClientImpl newcomer = cluster.replica(
                "newcomer", primary, c -> c.tls(replicaTls().replica()).connectTimeoutMs(deadlineMs));
        Poll.until(
                "the newcomer streams",
                Duration.ofMillis(deadlineMs + 3000),
                () -> newcomer.state() == ReplicaState.STREAMING,
                () -> describe(newcomer));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) <= deadlineMs + 3000);
        awaitConverged(primary, newcomer);
        assertEquals(1, primary.server().sessions().size(), "the slow clients hold no replica slot");
        assertTrue(primary.server().pendingHandshakes() <= pendingSlots, "the limit holds");
        long connections = attack.connections();
        try (LogCapture log = new LogCapture()) {
            Poll.until(
                    "their handshakes are closed at the deadline and they come again",
                    SHORT,
                    () -> attack.connections() > connections + pendingSlots);
            awaitWarn(log, "closing replica connection 127.0.0.1:", "no TLS handshake within " + deadlineMs + " ms");
        }
        assertTrue(
                primary.server().rejectedConnections() >= pendingSlots,
                "counted: " + primary.server().rejectedConnections());
    }

    @Test
    void aTlsReplicaThatStopsReadingIsCutOffByTheWriteTimeout() throws Exception {
        PrimaryNode primary =
                cluster.primary("stall-tls", c -> c.tls(primaryTls().primary()).writeTimeoutMs(300));
        ReplicaClientImpl healthy =
                cluster.replica("healthy", primary, c -> c.tls(replicaTls().replica()));
        awaitConverged(primary, healthy);
        Socket plain = cluster.track(new Socket());
        plain.setReceiveBufferSize(4096);
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), primary.port()), 5000);
        SSLSocket stalled = (SSLSocket) RawTls.context(replicaCert, ca)
                .getSocketFactory()
                .createSocket(plain, "127.0.0.1", primary.port(), true);
        javax.net.ssl.SSLParameters parameters = stalled.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {TlsContext.ALPN});
        stalled.setSSLParameters(parameters);
        stalled.startHandshake();
        stalled.getOutputStream().write(hello());
        Poll.until(
                "both sessions open", SHORT, () -> primary.server().sessions().size() == 2);

        fill(primary.store(), "bulk", 4000, 4096); // far more than the stalled socket's buffers hold
        Poll.until(
                "the stalled session is cut off",
                SHORT,
                () -> primary.server().sessions().size() == 1,
                () -> primary.server().sessions());
        fill(primary.store(), "after", 1000, 64);
        awaitConverged(primary, healthy);
        assertEquals(0, healthy.status().reconnects(), "the healthy replica never noticed");
    }

    @Test
    void recordsThatArriveInPiecesSlowerThanTheReadTickAreReadWhole() throws Exception {
        PrimaryNode primary = tlsPrimary("sliced", primaryTls());
        fill(primary.store(), "key:", 300, 64);
        try (TcpProxy proxy = cluster.track(TcpProxy.scripted(
                primary.port(), Integer.MAX_VALUE, client -> SlicingRelay.relay(client, primary.port())))) {
            ReplicaClientImpl replica = tlsReplica("patient", proxy.port(), replicaTls());
            awaitConverged(primary, replica);
            randomOps(primary.store(), "key:", 9, 300, 300);
            awaitConverged(primary, replica);
            assertEquals(0, replica.status().reconnects(), "one connection throughout: " + describe(replica));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] hello() throws IOException {
        return FrameCodec.encode(
                FrameKind.HELLO, Hello.request(null, ShardWatermarks.zeros(1)).encode());
    }

    private static int readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            // the primary's answer
        }
        return read;
    }

    private static void awaitLastError(ReplicaClientImpl replica, String text) {
        Poll.until(
                "replica " + replica.replicaStore().name() + " reports: " + text,
                FAST,
                () -> String.valueOf(replica.status().lastError()).contains(text),
                () -> describe(replica));
    }

    /**
     * Once {@code replicas} have stopped trying: every connection the primary refused was logged as
     * exactly one WARN naming the peer's address, and was counted in RejectedConnections (at least
     * as many: a replica that stops in the middle of a handshake is counted without a WARN).
     *
     * @return how many connections were refused with a WARN
     */
    private static int assertEachRefusalLoggedOnceAndCounted(
            LogCapture log, PrimaryNode primary, ReplicaClientImpl... replicas) {
        for (ReplicaClientImpl replica : replicas) {
            replica.shutdown();
        }
        Poll.until("no handshake pending", SHORT, () -> primary.server().pendingHandshakes() == 0);
        List<String> warnings = log.lines("WARN", "");
        Set<String> peers = new TreeSet<>();
        for (String refusal : log.lines("WARN", "refusing replica 127.0.0.1:")) {
            Matcher peer = REFUSED_PEER.matcher(refusal);
            assertTrue(peer.find(), refusal);
            peers.add(peer.group(1));
        }
        assertTrue(!peers.isEmpty(), "a refusal was logged: " + warnings);
        for (String peer : peers) {
            Pattern naming = Pattern.compile(Pattern.quote(peer) + "(?!\\d)");
            List<String> aboutPeer = warnings.stream()
                    .filter(line -> naming.matcher(line).find())
                    .toList();
            assertEquals(1, aboutPeer.size(), "one WARN for " + peer + ": " + aboutPeer);
        }
        long counted = primary.server().rejectedConnections();
        assertTrue(counted >= peers.size(), counted + " counted for " + peers.size() + " refused: " + warnings);
        return peers.size();
    }

    /**
     * A replica that speaks the other transport than {@code primary}: it reports {@code lastError}
     * long before a timeout could have passed, and the primary refuses it with {@code warning}.
     */
    private static void assertToldAtOnce(
            PrimaryNode primary, Supplier<ReplicaClientImpl> connect, String lastError, String warning) {
        try (LogCapture log = new LogCapture()) {
            long started = System.nanoTime();
            ReplicaClientImpl replica = connect.get();
            awaitLastError(replica, lastError);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < HANDSHAKE_MS / 2, "no timeout");
            awaitWarn(log, "refusing replica 127.0.0.1:", warning);
            assertEachRefusalLoggedOnceAndCounted(log, primary, replica);
        }
    }

    private static void awaitWarn(LogCapture log, String start, String reason) {
        Poll.until(
                "a WARN with " + start + " … " + reason,
                FAST,
                () -> log.lines("WARN", reason).stream().anyMatch(line -> line.contains(start)),
                () -> log.lines("WARN", ""));
    }

    /** Completes the TLS handshakes it can (each fails at the replica's check) until stopped. */
    private static void serveHandshakes(SSLServerSocket listener, AtomicBoolean stop) {
        while (!stop.get()) {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
            } catch (IOException e) {
                // the replica refused the certificate, or the listener closed
            }
        }
    }

    /** Forwards a connection, passing what the primary sends in two halves that arrive 150 ms apart. */
    private static final class SlicingRelay {

        private static final long PAUSE_MS = 150;

        static void relay(Socket client, int primaryPort) throws IOException {
            try (Socket primary = new Socket()) {
                primary.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), primaryPort), 5000);
                Thread upstream = new Thread(() -> copy(client, primary), "test-slicing-up");
                upstream.setDaemon(true);
                upstream.start();
                InputStream in = primary.getInputStream();
                OutputStream out = client.getOutputStream();
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    int half = Math.max(1, read / 2);
                    out.write(buffer, 0, half);
                    out.flush();
                    pause();
                    out.write(buffer, half, read - half);
                    out.flush();
                }
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // either side closed
            }
        }

        /** The delay a slow link adds between the halves: what is tested, not a synchronisation. */
        private static void pause() {
            try {
                TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
