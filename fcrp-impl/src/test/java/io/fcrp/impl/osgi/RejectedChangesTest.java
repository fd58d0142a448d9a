package io.fcrp.impl.osgi;

import static io.fcrp.impl.osgi.EmbeddedFramework.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.testkit.Poll;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change the components reject leaves the running instance exactly as it was: the checks run
 * before anything is stopped (issue 8, finding 1: a primary renamed to its replica's name used to
 * restart empty and only then be rejected, its data gone). The components run in a real OSGi
 * service registry, driven as Declarative Services drives them.
 */
class RejectedChangesTest {

    private static final int KEYS = 100;

    @TempDir
    Path storage;

    private EmbeddedFramework framework;
    private final PrimaryComponent primary = new PrimaryComponent();
    private final ReplicaComponent replica = new ReplicaComponent();
    private int port;
    private KeyValueStore store;
    private ReplicationServer server;

    /** A primary "east" holding data, and a replica "west" streaming it. */
    @BeforeEach
    void primaryWithDataAndAStreamingReplica() throws Exception {
        framework = new EmbeddedFramework(storage);
        primary.activate(framework.context(), primaryProperties());
        store = framework.service(KeyValueStore.class, "east");
        server = framework.service(ReplicationServer.class, "east");
        assertNotNull(server, "the primary serves");
        port = server.localAddress().getPort();
        for (int i = 0; i < KEYS; i++) {
            store.set(bytes("key-" + i), bytes("value-" + i));
        }
        replica.activate(
                framework.context(),
                Configurations.properties("io.fcrp.replica~west", "replica.of", "127.0.0.1:" + port));
        awaitReplicated();
    }

    @AfterEach
    void stopEverything() throws Exception {
        replica.deactivate();
        primary.deactivate();
        framework.close();
    }

    @Test
    void aNameChangeToTheReplicasNameIsRejectedAndThePrimaryKeepsServingItsData() {
        ReplicaClient client = framework.service(ReplicaClient.class, "west");

        primary.modified(primaryProperties("name", "west"));

        assertPrimaryUntouched();
        assertSame(client, framework.service(ReplicaClient.class, "west"), "the replica was not restarted");
        assertEquals(0, client.status().reconnects(), "the replica never lost its primary");
    }

    @Test
    void aShardCountChangeToAnAddressThatCannotBeBoundIsRejectedAndThePrimaryKeepsServingItsData() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            primary.modified(primaryProperties("shard.count", 32, "bind.addr", "127.0.0.1:" + taken.getLocalPort()));
        }
        assertPrimaryUntouched();
    }

    @Test
    void anInvalidRestartIsRejectedWholeWithEveryError() {
        primary.modified(primaryProperties("shard.count", 12, "store", "nowhere", "zstd.level", 99));
        assertPrimaryUntouched();
    }

    @Test
    void anAcceptedShardCountChangeRestartsThePrimaryWithAnEmptyStore() {
        primary.modified(primaryProperties("shard.count", 32));
        KeyValueStore restarted = framework.service(KeyValueStore.class, "east");
        assertTrue(restarted != store, "a new store");
        assertEquals(0, restarted.size(), "the documented restart: an embedded store starts empty");
        assertTrue(framework.service(ReplicationServer.class, "east").isRunning(), "it serves again");
        assertTrue(!server.isRunning(), "the old server stopped");
    }

    @Test
    void aReplicaRenamedToThePrimarysNameIsRejectedAndKeepsStreaming() {
        ReplicaClient client = framework.service(ReplicaClient.class, "west");
        KeyValueView view = framework.service(KeyValueView.class, "west");

        replica.modified(
                Configurations.properties("io.fcrp.replica~west", "replica.of", "127.0.0.1:" + port, "name", "east"));

        assertSame(client, framework.service(ReplicaClient.class, "west"));
        assertEquals(ReplicaState.STREAMING, client.state());
        assertEquals(KEYS, view.size());
        store.set(bytes("after"), bytes("change"));
        Poll.until("the replica still follows", TIMEOUT, () -> view.get(bytes("after")) != null);
    }

    /** The same store, server and port, its data, its MBean, and replication going on. */
    private void assertPrimaryUntouched() {
        assertSame(store, framework.service(KeyValueStore.class, "east"), "the same store is published");
        assertEquals(KEYS, store.size(), "the store kept its data");
        assertSame(server, framework.service(ReplicationServer.class, "east"), "the same server is published");
        assertTrue(server.isRunning(), "the server still runs");
        assertEquals(port, server.localAddress().getPort());
        assertNotNull(framework.service(ReplicationPrimaryMBean.class, "east"), "its MBean is still there");
        store.set(bytes("after"), bytes("change"));
        KeyValueView view = framework.service(KeyValueView.class, "west");
        Poll.until(
                "the replica still receives new writes",
                TIMEOUT,
                () -> view != null && view.get(bytes("after")) != null);
    }

    private void awaitReplicated() {
        Poll.until("the replica streams all " + KEYS + " keys", TIMEOUT, () -> {
            ReplicaClient client = framework.service(ReplicaClient.class, "west");
            KeyValueView view = framework.service(KeyValueView.class, "west");
            return client != null && client.state() == ReplicaState.STREAMING && view.size() == KEYS;
        });
    }

    /** The primary's configuration: port 0 (any free port) and {@code keyValues}. */
    private static Map<String, Object> primaryProperties(Object... keyValues) {
        Map<String, Object> properties = Configurations.properties("io.fcrp.primary~east", "bind.addr", "127.0.0.1:0");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
