package io.fcrp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The feature on a stock Karaf: it installs with every bundle active, opens nothing until
 * configured, publishes the services, metatype and shell commands, and survives a stop and a refresh
 * of its bundle. Each test configures the instances it needs under names of its own, and the base
 * class deletes them and waits for their threads to end, so the tests run in any order; the
 * uninstall, which takes the feature from every test after it, has a Karaf of its own
 * ({@link FeatureUninstallIT}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureIT extends FcrpKarafTestSupport {

    @Test
    public void featureInstallsWithEveryBundleActiveAndOpensNothing() throws Exception {
        assertTrue("fcrp installed", featuresService.isInstalled(featuresService.getFeature("fcrp")));
        Map<String, Bundle> bundles = new TreeMap<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            bundles.put(bundle.getSymbolicName(), bundle);
        }
        for (String name : new String[] {
            "io.fcrp.fcrp-api",
            "io.fcrp.fcrp-impl",
            "com.github.luben.zstd-jni",
            "org.apache.felix.scr",
            "org.apache.aries.jmx.whiteboard"
        }) {
            Bundle bundle = bundles.get(name);
            assertNotNull(name + " installed", bundle);
            assertEquals(name + " active", Bundle.ACTIVE, bundle.getState());
        }
        // installing the feature starts nothing: no service, thread, MBean or listener on the default port
        assertTrue(references(ReplicationServer.class, null).isEmpty());
        assertTrue(references(ReplicaClient.class, null).isEmpty());
        assertTrue(references(ReplicationPrimary.class, null).isEmpty());
        assertEquals(List.of(), FcrpThreads.names());
        assertTrue(MBEANS.queryNames(new ObjectName("io.fcrp:*"), null).isEmpty());
        assertFalse("nothing listens on the default bind.addr 127.0.0.1:7631", accepts(7631));
    }

    @Test
    public void metatypeDescribesBothFactoryPids() {
        Bundle impl = Arrays.stream(bundleContext.getBundles())
                .filter(bundle -> "io.fcrp.fcrp-impl".equals(bundle.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        MetaTypeService metaType = bundleContext.getService(bundleContext.getServiceReference(MetaTypeService.class));
        MetaTypeInformation information = metaType.getMetaTypeInformation(impl);
        assertEquals(Set.of(PRIMARY_PID, REPLICA_PID), Set.of(information.getFactoryPids()));
        Map<String, AttributeDefinition> primary = attributes(information.getObjectClassDefinition(PRIMARY_PID, null));
        assertEquals(AttributeDefinition.PASSWORD, primary.get("auth.token").getType());
        assertEquals("127.0.0.1:7631", primary.get("bind.addr").getDefaultValue()[0]);
        assertEquals("16", primary.get("shard.count").getDefaultValue()[0]);
        assertEquals("1048576", primary.get("batch.max.bytes").getDefaultValue()[0]);
        assertEquals("750", primary.get("batch.max.delay.us").getDefaultValue()[0]);
        assertEquals("none", primary.get("compression").getDefaultValue()[0]);
        for (AttributeDefinition definition : primary.values()) {
            assertFalse(
                    definition.getID() + " has a description",
                    definition.getDescription().isBlank());
        }
        Map<String, AttributeDefinition> replica = attributes(information.getObjectClassDefinition(REPLICA_PID, null));
        assertEquals(AttributeDefinition.PASSWORD, replica.get("auth.token").getType());
        assertNull(replica.get("replica.of").getDefaultValue());
        assertEquals("200", replica.get("reconnect.backoff.ms").getDefaultValue()[0]);
    }

    @Test
    public void configuredInstancesPublishTheirServicesAndMBeans() throws Exception {
        int port = freePort();
        primary("feat-p", "bind.addr", loopback(port));
        replica("feat-r", "replica.of", loopback(port));

        // the three services of the issue, and the store services
        assertNotNull(service(ReplicationPrimary.class, "feat-p"));
        assertNotNull(service(SnapshotProvider.class, "feat-p"));
        ReplicaClient client = service(ReplicaClient.class, "feat-r");
        KeyValueStore store = service(KeyValueStore.class, "feat-p");
        assertNotNull(service(ReplicationServer.class, "feat-p"));
        KeyValueView view = service(KeyValueView.class, "feat-r");
        awaitListening(port);
        assertEquals(
                "primary",
                references(KeyValueStore.class, "feat-p").iterator().next().getProperty(FcrpServices.ROLE));
        assertEquals(
                loopback(port),
                references(ReplicaClient.class, "feat-r").iterator().next().getProperty(FcrpServices.UPSTREAM));

        store.set(bytes("hello"), bytes("world"));
        Poll.until(
                "replica streaming with the value",
                TIMEOUT,
                () -> client.state() == ReplicaState.STREAMING && view.get(bytes("hello")) != null);
        assertEquals("world", new String(view.get(bytes("hello")), StandardCharsets.UTF_8));

        for (ObjectName name : new ObjectName[] {
            FcrpObjectNames.replicationPrimary("feat-p"),
            FcrpObjectNames.snapshotProvider("feat-p"),
            FcrpObjectNames.replicaClient("feat-r")
        }) {
            Poll.until(name + " registered", TIMEOUT, () -> MBEANS.isRegistered(name));
        }
        // the threads are named after their instance
        assertTrue(
                FcrpThreads.names().toString(),
                FcrpThreads.names()
                        .containsAll(
                                Set.of("fcrp-batcher-feat-p", "fcrp-primary-feat-p-accept", "fcrp-replica-feat-r")));
    }

    @Test
    public void shellCommandsShowAndChangeTheData() throws Exception {
        int port = freePort();
        primary("shell-p", "bind.addr", loopback(port));
        replica("shell-r", "replica.of", loopback(port));
        ReplicaClient client = service(ReplicaClient.class, "shell-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);

        String put = execute("fcrp:put shell-p greeting bonjour");
        assertTrue(put, put.contains("stored 'greeting' in shell-p"));
        Poll.until(
                "the value on the replica",
                TIMEOUT,
                () -> execute("fcrp:get shell-r greeting").contains("bonjour"));
        assertEquals("bonjour", execute("fcrp:get shell-p greeting").trim());
        assertEquals(
                "626f6e6a6f7572", execute("fcrp:get --hex shell-r greeting").trim());
        String missing = execute("fcrp:get shell-r nope");
        assertTrue(missing, missing.contains("no live entry for key 'nope' in shell-r"));
        String wrongStore = execute("fcrp:put shell-r k v");
        assertTrue(
                wrongStore,
                wrongStore.contains("no writable store (a primary with an embedded store) named " + "'shell-r'"));

        String status = execute("fcrp:status");
        assertTrue(status, status.matches("(?s).*Instance +\\| Role +\\| State.*"));
        assertTrue(
                status,
                status.matches("(?s).*shell-p +\\| primary +\\| serving +\\| 127\\.0\\.0\\.1:" + port
                        + " +\\| +1 \\| +[0-9.]+ MiB \\| +1 \\|.*"));
        assertTrue(
                status,
                status.matches(
                        "(?s).*shell-r +\\| replica +\\| STREAMING +\\| 127\\.0\\.0\\.1:" + port + " +\\| +1 \\|.*"));

        String details = execute("fcrp:status shell-p");
        assertTrue(details, details.matches("(?s).*Listen address +\\| 127\\.0\\.0\\.1:" + port + ".*"));
        assertTrue(details, details.matches("(?s).*Store bytes used +\\| [1-9][0-9]*\\b.*"));
        assertTrue(details, details.matches("(?s).*emitted_mutations +\\| 1\\b.*"));
        assertTrue(details, details.matches("(?s).*catch_up_snapshot_count +\\| 1\\b.*"));
        String replicaDetails = execute("fcrp:status shell-r");
        assertTrue(replicaDetails, replicaDetails.matches("(?s).*Snapshots loaded +\\| 1\\b.*"));
        assertTrue(replicaDetails, replicaDetails.matches("(?s).*Last bootstrap +\\| snapshot\\b.*"));

        String replicas = execute("fcrp:replicas shell-p");
        assertTrue(replicas, replicas.matches("(?s).*shell-p +\\| +1 \\| 127\\.0\\.0\\.1:\\d+ +\\| LIVE .*"));

        String resync = execute("fcrp:resync shell-r");
        assertTrue(
                resync,
                resync.contains("replica shell-r bootstraps again from 127.0.0.1:" + port
                        + "; its data stays readable until the new data has arrived whole"));
        Poll.until(
                "a second snapshot loaded",
                TIMEOUT,
                () -> client.status().snapshotsLoaded() == 2 && client.state() == ReplicaState.STREAMING);
        assertEquals("bonjour", execute("fcrp:get shell-r greeting").trim());

        String unknown = execute("fcrp:status nobody");
        assertTrue(unknown, unknown.contains("no primary or replica named 'nobody'"));
    }

    @Test
    public void bundleStopAndRefreshLeaveNothingBehindAndComeBack() throws Exception {
        int port = freePort();
        primary("again-p", "bind.addr", loopback(port));
        replica("again-r", "replica.of", loopback(port));
        Poll.until("replica streaming", TIMEOUT, () -> streaming("again-r"));
        Bundle impl = Arrays.stream(bundleContext.getBundles())
                .filter(bundle -> "io.fcrp.fcrp-impl".equals(bundle.getSymbolicName()))
                .findFirst()
                .orElseThrow();

        impl.stop();
        try {
            assertEquals(List.of(), FcrpThreads.names());
            assertFalse(accepts(port));
            assertTrue(MBEANS.queryNames(new ObjectName("io.fcrp:*"), null).isEmpty());
        } finally {
            impl.start(); // the other tests need it, whatever was found while it was stopped
        }
        Poll.until("replica streaming after a restart", TIMEOUT, () -> streaming("again-r"));

        CountDownLatch refreshed = new CountDownLatch(1);
        bundleContext
                .getBundle(0)
                .adapt(FrameworkWiring.class)
                .refreshBundles(List.of(impl), event -> refreshed.countDown());
        assertTrue("refresh done", refreshed.await(60, TimeUnit.SECONDS));
        Poll.until("replica streaming after a refresh", TIMEOUT, () -> streaming("again-r"));
        awaitListening(port);
        assertEquals(
                "one MBean each, no leftovers",
                3,
                MBEANS.queryNames(new ObjectName("io.fcrp:*"), null).size());
        // one thread of each kind: the stopped instances' threads are gone (a session the replica left while
        // reconnecting ends within its 100 ms poll)
        Poll.until(
                "one fcrp thread of each kind",
                TIMEOUT,
                () -> FcrpThreads.names().size() == 6);
        List<String> threads = FcrpThreads.names();
        assertTrue(
                threads.toString(),
                threads.containsAll(List.of(
                        "fcrp-batcher-again-p",
                        "fcrp-expiry-again-p",
                        "fcrp-primary-again-p-accept",
                        "fcrp-replica-again-r",
                        "fcrp-expiry-again-r")));
    }

    private boolean streaming(String replica) {
        ReplicaClient client = findService(ReplicaClient.class, replica);
        return client != null && client.state() == ReplicaState.STREAMING;
    }

    private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition definition) {
        Map<String, AttributeDefinition> byId = new TreeMap<>();
        for (AttributeDefinition attribute : definition.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            byId.put(attribute.getID(), attribute);
        }
        return byId;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
