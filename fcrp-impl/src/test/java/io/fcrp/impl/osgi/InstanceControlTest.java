package io.fcrp.impl.osgi;

import static io.fcrp.impl.net.LoopbackPorts.accepts;
import static io.fcrp.impl.net.LoopbackPorts.freePort;
import static io.fcrp.impl.osgi.EmbeddedFramework.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.Metric;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SessionState;
import io.fcrp.api.StoreKind;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.control.RejectedConfiguration;
import io.fcrp.testkit.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The shell's stop and start (issue 9: the JMX shutdown and its undo), the rejected
 * configurations {@code fcrp:status} shows, and a primary's API service (issue 11: published while
 * the primary is configured, its status true, its controls working), on the components in a real
 * service registry.
 */
class InstanceControlTest {

    private static final int KEYS = 50;

    @TempDir
    Path storage;

    private EmbeddedFramework framework;
    private final PrimaryComponent primary = new PrimaryComponent();
    private final ReplicaComponent replica = new ReplicaComponent();
    private int port;
    private KeyValueStore store;

    @BeforeEach
    void primaryWithDataAndAStreamingReplica() throws Exception {
        framework = new EmbeddedFramework(storage);
        port = freePort();
        primary.activate(framework.context(), primaryProperties());
        store = framework.service(KeyValueStore.class, "east");
        for (int i = 0; i < KEYS; i++) {
            store.set(bytes("key-" + i), bytes("value-" + i));
        }
        replica.activate(framework.context(), replicaProperties());
        Poll.until("the replica streams every key", TIMEOUT, () -> streaming() && view().size() == KEYS);
    }

    @AfterEach
    void stopEverything() throws Exception {
        replica.deactivate();
        primary.deactivate();
        framework.close();
    }

    @Test
    void aStoppedPrimaryClosesItsPortKeepsItsStoreAndServesAgainOnTheSamePortWhenStarted() {
        InstanceControl control = framework.service(InstanceControl.class, "east");
        assertEquals(
                FcrpServices.ROLE_PRIMARY,
                reference(InstanceControl.class, "east").getProperty(FcrpServices.ROLE));

        assertTrue(control.stop());
        assertFalse(accepts(port), "the port is closed");
        assertNull(framework.service(ReplicationServer.class, "east"), "no ReplicationServer while stopped");
        assertEquals(KEYS, store.size(), "the store stays");
        assertFalse(control.stop(), "stopping twice changes nothing");

        assertTrue(control.start());
        assertTrue(accepts(port), "the same port serves again");
        assertFalse(control.start(), "starting a serving primary changes nothing");
        store.set(bytes("after"), bytes("start"));
        Poll.until(
                "the replica reconnects and receives the new write", TIMEOUT, () -> view().get(bytes("after")) != null);
    }

    @Test
    void aPrimaryWhoseAddressIsTakenWhileStoppedSaysWhyItCannotServe() throws IOException {
        InstanceControl control = framework.service(InstanceControl.class, "east");
        assertTrue(control.stop());
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            IllegalStateException refused = assertThrows(IllegalStateException.class, control::start);
            assertTrue(refused.getMessage().startsWith("it cannot serve: "), refused.getMessage());
        }
        assertTrue(control.start(), "once the address is free it serves again");
        assertTrue(accepts(port));
    }

    @Test
    void aStoppedReplicaKeepsItsDataReadableAndContinuesFromItsWatermarksWhenStarted() {
        InstanceControl control = framework.service(InstanceControl.class, "west");
        ReplicaClient before = framework.service(ReplicaClient.class, "west");

        assertTrue(control.stop());
        assertEquals(ReplicaState.STOPPED, before.state());
        assertEquals(KEYS, view().size(), "the data stays readable");
        assertFalse(control.stop(), "stopping twice changes nothing");
        store.set(bytes("while"), bytes("stopped"));

        assertTrue(control.start());
        assertFalse(framework.service(InstanceControl.class, "west").start(), "starting twice changes nothing");
        Poll.until(
                "the replica streams the write it missed",
                TIMEOUT,
                () -> streaming() && view().get(bytes("while")) != null);
        ReplicaClient after = framework.service(ReplicaClient.class, "west");
        assertEquals(0, after.status().snapshotsLoaded(), "no snapshot: it continued from its watermarks");
        assertEquals(0, after.status().dataReplacements());
        assertEquals(KEYS + 1, view().size());
    }

    @Test
    void aRejectedChangeIsPublishedWithItsReasonUntilAValidOneReplacesIt() {
        primary.modified(primaryProperties("zstd.level", 99));

        RejectedConfiguration rejection = framework.service(RejectedConfiguration.class, "east");
        assertNotNull(rejection, "the rejection is published under the running instance's name");
        assertEquals("io.fcrp.primary~east", rejection.pid());
        assertEquals(FcrpServices.ROLE_PRIMARY, rejection.role());
        assertEquals("zstd.level must be between -131072 and 22, not 99", rejection.reason());
        assertEquals("the primary keeps running with its previous settings", rejection.consequence());

        replica.modified(Configurations.properties("io.fcrp.replica~west"));
        RejectedConfiguration replicaRejection = framework.service(RejectedConfiguration.class, "west");
        assertEquals("replica.of is required", replicaRejection.reason());
        assertEquals(2, references(RejectedConfiguration.class).size(), "one per configuration");

        primary.modified(primaryProperties("zstd.level", 5));
        assertNull(framework.service(RejectedConfiguration.class, "east"), "an accepted change withdraws it");
        replica.deactivate();
        assertTrue(references(RejectedConfiguration.class).isEmpty(), "a deleted configuration withdraws it");
    }

    @Test
    void aNewConfigurationThatIsRejectedIsPublishedWithoutAnInstance() {
        PrimaryComponent invalid = new PrimaryComponent();
        invalid.activate(framework.context(), Configurations.properties("io.fcrp.primary~bad", "bind.addr", "nowhere"));
        try {
            RejectedConfiguration rejection = references(RejectedConfiguration.class).stream()
                    .map(reference -> framework.context().getService(reference))
                    .filter(found -> found.pid().equals("io.fcrp.primary~bad"))
                    .findFirst()
                    .orElseThrow();
            assertNull(rejection.instance());
            assertEquals("bind.addr must be host:port, not 'nowhere'", rejection.reason());
            assertEquals("nothing was started", rejection.consequence());
        } finally {
            invalid.deactivate();
        }
    }

    @Test
    void thePrimaryServiceCarriesItsNameAndRoleAndSaysWhatThePrimaryServes() {
        assertEquals(
                FcrpServices.ROLE_PRIMARY,
                reference(PrimaryControl.class, "east").getProperty(FcrpServices.ROLE));
        PrimaryControl control = framework.service(PrimaryControl.class, "east");
        Poll.until("a live session", TIMEOUT, () -> control.status().liveReplicas() == 1);

        PrimaryStatus status = control.status();
        assertTrue(status.serving());
        assertEquals(StoreKind.EMBEDDED, status.store());
        assertEquals("127.0.0.1:" + port, status.listenAddress());
        assertEquals("127.0.0.1:" + port, status.bindAddress());
        assertEquals(16, status.shardCount());
        assertEquals(16, status.watermarks().size());
        assertEquals(KEYS, status.metrics().get(Metric.EMITTED_MUTATIONS));
        assertEquals(1, status.metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT), "the replica started from a snapshot");
        assertTrue(status.backlog().retainedBatches() > 0);
        assertTrue(status.storeMemory().usedBytes() > 0);
        assertEquals(1, status.sessions().size());
        assertEquals(0, status.maxRecordsBehind());
        ReplicationPrimaryMBean mbean = framework.service(ReplicationPrimaryMBean.class, "east");
        assertEquals(status.listenAddress(), mbean.getListenAddress(), "the MBean reads the same service");
        assertEquals(status.watermarks().sum(), mbean.getWatermarkSum());
    }

    @Test
    void thePrimaryServiceClosesASessionAndTheReplicaComesBackInANewOne() {
        PrimaryControl control = framework.service(PrimaryControl.class, "east");
        Poll.until("a live session", TIMEOUT, () -> control.status().liveReplicas() == 1);
        long first = control.status().sessions().get(0).id();

        assertTrue(control.disconnect(first));
        Poll.until(
                "the replica back in a new live session",
                TIMEOUT,
                () -> control.status().sessions().stream()
                        .anyMatch(session -> session.id() != first && session.state() == SessionState.LIVE));
        assertFalse(control.disconnect(first), "that session is closed");
        assertFalse(control.disconnect(12345), "no such session");
    }

    @Test
    void thePrimaryServiceStopsServingSaysSoAndServesAgain() {
        PrimaryControl control = framework.service(PrimaryControl.class, "east");

        assertTrue(control.stopServing());
        PrimaryStatus stopped = control.status();
        assertFalse(stopped.serving());
        assertEquals("", stopped.listenAddress());
        assertTrue(stopped.sessions().isEmpty());
        assertEquals(16, stopped.shardCount(), "the store stays");
        assertEquals(KEYS, stopped.metrics().get(Metric.EMITTED_MUTATIONS));
        assertFalse(accepts(port));
        assertNotNull(framework.service(PrimaryControl.class, "east"), "published while it does not serve");
        assertFalse(control.stopServing(), "stopping twice changes nothing");

        assertTrue(control.serve());
        assertTrue(accepts(port));
        assertFalse(control.serve(), "serving twice changes nothing");
        Poll.until("the replica streams again", TIMEOUT, () -> control.status().liveReplicas() == 1);
    }

    @Test
    void anExternalPrimaryWithoutItsServicesSaysItWaitsForThem() {
        PrimaryComponent external = new PrimaryComponent();
        external.activate(
                framework.context(),
                Configurations.properties("io.fcrp.primary~mirror", "store", "external", "bind.addr", "127.0.0.1:0"));
        try {
            PrimaryControl mirror = framework.service(PrimaryControl.class, "mirror");
            PrimaryStatus waiting = mirror.status();
            assertEquals(StoreKind.EXTERNAL, waiting.store());
            assertFalse(waiting.serving());
            assertEquals(0, waiting.shardCount(), "no store yet");
            assertEquals(0, waiting.storeMemory().heldBytes(), "an external store's memory is not the instance's");
            IllegalStateException refused = assertThrows(IllegalStateException.class, mirror::serve);
            assertEquals(
                    "it waits for the ReplicationPrimary and SnapshotProvider services with " + "fcrp.instance=mirror",
                    refused.getMessage());
        } finally {
            external.deactivate();
        }
        assertNull(framework.service(PrimaryControl.class, "mirror"), "gone with its configuration");
    }

    private boolean streaming() {
        ReplicaClient client = framework.service(ReplicaClient.class, "west");
        return client != null && client.state() == ReplicaState.STREAMING;
    }

    private KeyValueView view() {
        return framework.service(KeyValueView.class, "west");
    }

    private <T> ServiceReference<T> reference(Class<T> type, String name) {
        try {
            return framework
                    .context()
                    .getServiceReferences(type, "(" + FcrpServices.INSTANCE + "=" + name + ")")
                    .iterator()
                    .next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> Collection<ServiceReference<T>> references(Class<T> type) {
        try {
            return framework.context().getServiceReferences(type, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Map<String, Object> replicaProperties() {
        return Configurations.properties("io.fcrp.replica~west", "replica.of", "127.0.0.1:" + port);
    }

    /** A fixed port, so that the test can see the primary serve on it again (port 0 would pick a new one). */
    private Map<String, Object> primaryProperties(Object... keyValues) {
        Map<String, Object> properties = Configurations.properties("io.fcrp.primary~east", keyValues);
        properties.putIfAbsent("bind.addr", "127.0.0.1:" + port);
        return properties;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
