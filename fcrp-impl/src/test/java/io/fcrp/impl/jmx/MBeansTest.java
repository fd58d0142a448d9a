package io.fcrp.impl.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.StoreMemory;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.testkit.Poll;

/** The MBeans over a real primary and replica, in a private MBeanServer. */
class MBeansTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private PrimaryNode node;
    private ReplicaClientImpl replica;
    private volatile boolean stopped;

    @AfterEach
    void close() {
        if (replica != null) {
            replica.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theBeansReadTheEngineAndControlIt() throws Exception {
        node = PrimaryNode.start("unit", PrimaryConfig.builder().bindAddress("127.0.0.1:0").shardCount(4).build());
        ReplicationPrimaryMBeanImpl primaryBean = new ReplicationPrimaryMBeanImpl(new PrimaryControl() {
            @Override
            public String name() {
                return "unit";
            }

            @Override
            public String storeMode() {
                return "embedded";
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1:0";
            }

            @Override
            public ReplicationPrimary primary() {
                return node.batcher();
            }

            @Override
            public StoreMemory storeMemory() {
                return node.store().memory();
            }

            @Override
            public ReplicationServer server() {
                return stopped ? null : node.server();
            }

            @Override
            public void stopServing() {
                stopped = true;
                node.server().shutdown();
            }
        });
        node.addSessionListener(primaryBean);
        ObjectName primaryName = FcrpObjectNames.replicationPrimary("unit");
        mbeans.registerMBean(primaryBean, primaryName);
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        mbeans.addNotificationListener(primaryName, (notification, handback) -> notifications.add(notification), null,
                null);
        for (int i = 0; i < 10; i++) {
            node.store().set(bytes("k" + i), bytes("v" + i));
        }

        replica = ReplicaClientImpl.start("unit-r", ReplicaConfig.builder().upstream("127.0.0.1:" + node.port())
                .build());
        ObjectName replicaName = FcrpObjectNames.replicaClient("unit-r");
        ReplicaClientMBeanImpl replicaBean = new ReplicaClientMBeanImpl("unit-r", replica);
        replica.addEventListener(replicaBean);
        mbeans.registerMBean(replicaBean, replicaName);
        List<Notification> replicaNotifications = new CopyOnWriteArrayList<>();
        mbeans.addNotificationListener(replicaName, (notification, handback) -> replicaNotifications.add(notification),
                null, null);
        ObjectName snapshotName = FcrpObjectNames.snapshotProvider("unit");
        mbeans.registerMBean(new SnapshotProviderMBeanImpl("unit", node.store()), snapshotName);
        ReplicationPrimaryMBean primary = JMX.newMBeanProxy(mbeans, primaryName, ReplicationPrimaryMBean.class);
        ReplicaClientMBean client = JMX.newMBeanProxy(mbeans, replicaName, ReplicaClientMBean.class);
        SnapshotProviderMBean snapshots = JMX.newMBeanProxy(mbeans, snapshotName, SnapshotProviderMBean.class);
        Poll.until("replica streaming with every entry", TIMEOUT, () -> replica.state() == ReplicaState.STREAMING
                && client.getEntryCount() == 10);
        Poll.until("a connect notification", TIMEOUT, () -> !notifications.isEmpty());

        Notification connected = notifications.get(0);
        assertEquals(ReplicationPrimaryMBean.REPLICA_CONNECTED, connected.getType());
        assertEquals(primaryName, connected.getSource());
        assertEquals("session " + ((CompositeData) connected.getUserData()).get("id"),
                "session " + ((CompositeData) primary.getReplicaSessions().values().iterator().next()).get("id"));
        assertEquals("unit", primary.getInstance());
        assertTrue(primary.isServing());
        assertEquals("127.0.0.1:" + node.port(), primary.getListenAddress());
        assertEquals(4, primary.getShardCount());
        assertEquals(4, primary.getWatermarks().length);
        assertEquals(1, primary.getConnectedReplicaCount());
        assertEquals(10L, primary.getMetrics().get("emitted_mutations"));
        assertEquals(1L, primary.getMetrics().get("catch_up_snapshot_count"));
        TabularData sessions = primary.getReplicaSessions();
        assertEquals(1, sessions.size());
        long id = (Long) ((CompositeData) sessions.values().iterator().next()).get("id");

        assertEquals("STREAMING", client.getState());
        assertEquals("127.0.0.1:" + node.port(), client.getUpstream());
        assertEquals("", client.getLastError());
        assertEquals(1L, client.getSnapshotsLoaded());
        assertEquals("snapshot", client.getLastBootstrap());
        assertEquals(10L, snapshots.getEntryCount());
        // ten entries of 2 + 2 bytes without expiry, each in a 16-byte block (8-byte header, aligned to 8)
        assertEquals(160L, primary.getStoreUsedBytes());
        assertEquals(160L, client.getStoreUsedBytes());
        assertEquals(0L, client.getGovernedEntryCount());
        assertEquals(0L, primary.getStoreMaxBytes());
        assertTrue(primary.getStoreHeldBytes() >= primary.getStoreUsedBytes());
        assertEquals(primary.getStoreHeldBytes() - primary.getStoreUsedBytes(), primary.getStoreFreeBytes());
        assertEquals(1L, snapshots.getSnapshotsTaken());
        assertEquals(10L, snapshots.getLastSnapshotEntries());
        assertNotNull(snapshots.getLastSnapshotTime());

        // operator descriptions reach JConsole
        for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(primaryName).getAttributes()) {
            assertFalse(attribute.getDescription().startsWith("Attribute exposed"), attribute.getName());
        }
        assertEquals(2, mbeans.getMBeanInfo(primaryName).getNotifications().length);

        client.resync();
        Poll.until("a second snapshot", TIMEOUT,
                () -> client.getSnapshotsLoaded() == 2 && "STREAMING".equals(client.getState()));

        Poll.until("one session after the resync", TIMEOUT, () -> primary.getConnectedReplicaCount() == 1);
        id = (Long) ((CompositeData) primary.getReplicaSessions().values().iterator().next()).get("id");
        assertTrue(primary.disconnectReplica(id));
        final long closed = id;
        Poll.until("a disconnect notification for the session", TIMEOUT, () -> notifications.stream().anyMatch(
                n -> ReplicationPrimaryMBean.REPLICA_DISCONNECTED.equals(n.getType())
                        && ((CompositeData) n.getUserData()).get("id").equals(closed)));
        assertFalse(primary.disconnectReplica(12345));

        primary.shutdown();
        assertFalse(primary.isServing());
        assertEquals("", primary.getListenAddress());
        assertEquals(0, primary.getConnectedReplicaCount());
        assertEquals(4, primary.getShardCount());

        client.shutdown();
        assertEquals("STOPPED", client.getState());
        assertEquals(0, client.getStateCode());
        assertEquals(10L, client.getEntryCount());
        Notification last = replicaNotifications.get(replicaNotifications.size() - 1);
        assertEquals(ReplicaClientMBean.STATE_CHANGED, last.getType());
        assertEquals("STOPPED", ((CompositeData) last.getUserData()).get("to"));
        assertEquals(replicaName, last.getSource());
        assertTrue(replicaNotifications.stream().anyMatch(n -> ReplicaClientMBean.BOOTSTRAP_FINISHED.equals(n.getType())
                && "snapshot".equals(((CompositeData) n.getUserData()).get("how"))), "the resync's bootstrap");
    }

    @Test
    void mbeanInfoNeedsNoManual() throws Exception {
        node = PrimaryNode.start("info", PrimaryConfig.builder().bindAddress("127.0.0.1:0").shardCount(2).build());
        replica = ReplicaClientImpl.start("info-r", ReplicaConfig.builder().upstream("127.0.0.1:" + node.port())
                .build());
        mbeans.registerMBean(new ReplicationPrimaryMBeanImpl(new NodeControl("info", node)), FcrpObjectNames.replicationPrimary("info"));
        mbeans.registerMBean(new ReplicaClientMBeanImpl("info-r", replica), FcrpObjectNames.replicaClient("info-r"));
        mbeans.registerMBean(new SnapshotProviderMBeanImpl("info", node.store()),
                FcrpObjectNames.snapshotProvider("info"));
        for (ObjectName name : List.of(FcrpObjectNames.replicationPrimary("info"),
                FcrpObjectNames.replicaClient("info-r"), FcrpObjectNames.snapshotProvider("info"))) {
            MBeanInfo info = mbeans.getMBeanInfo(name);
            assertEquals(0, info.getConstructors().length, name + " lists no implementation constructor");
            assertTrue(info.getClassName().startsWith("io.fcrp.api.jmx."), info.getClassName());
            assertFalse(info.toString().contains("io.fcrp.impl"), name + " names no implementation type: " + info);
            assertFalse(info.getDescription().isEmpty());
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                assertFalse(attribute.getDescription().startsWith("Attribute exposed"), attribute.getName());
                String units = (String) attribute.getDescriptor().getFieldValue("units");
                String expected = attribute.getName().endsWith("Millis") ? "ms"
                        : attribute.getName().endsWith("Bytes") ? "bytes"
                        : attribute.getName().endsWith("Nanos") ? "ns"
                        : attribute.getName().endsWith("Seconds") ? "s" : null;
                if (expected != null) {
                    assertEquals(expected, units, name + " " + attribute.getName());
                }
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                assertEquals(MBeanOperationInfo.ACTION, operation.getImpact(), operation.getName());
                assertFalse(operation.getDescription().startsWith("Operation exposed"), operation.getName());
                for (MBeanParameterInfo parameter : operation.getSignature()) {
                    assertFalse(parameter.getName().matches("p\\d+"), operation.getName() + " " + parameter.getName());
                    assertFalse(parameter.getDescription().isEmpty());
                }
            }
            for (MBeanNotificationInfo notification : info.getNotifications()) {
                assertFalse(notification.getDescription().isEmpty(), notification.getNotifTypes()[0]);
            }
        }
        MBeanOperationInfo disconnect = List.of(mbeans.getMBeanInfo(FcrpObjectNames.replicationPrimary("info"))
                .getOperations()).stream().filter(op -> op.getName().equals("disconnectReplica")).findFirst()
                .orElseThrow();
        assertEquals("id", disconnect.getSignature()[0].getName());
        assertEquals(6, mbeans.getMBeanInfo(FcrpObjectNames.replicaClient("info-r")).getNotifications().length);
        assertEquals(2, mbeans.getMBeanInfo(FcrpObjectNames.snapshotProvider("info")).getNotifications().length);
    }

    @Test
    void withoutAPrimaryTheBeanReadsEmpty() {
        ReplicationPrimaryMBeanImpl bean = new ReplicationPrimaryMBeanImpl(new PrimaryControl() {
            @Override
            public String name() {
                return "needs \"quotes\", really";
            }

            @Override
            public String storeMode() {
                return "external";
            }

            @Override
            public String bindAddress() {
                return "127.0.0.1:7631";
            }

            @Override
            public ReplicationPrimary primary() {
                return null;
            }

            @Override
            public StoreMemory storeMemory() {
                return null;
            }

            @Override
            public ReplicationServer server() {
                return null;
            }

            @Override
            public void stopServing() {
                fail("nothing to stop");
            }
        });
        assertFalse(bean.isServing());
        assertEquals(0, bean.getShardCount());
        assertEquals(0, bean.getWatermarks().length);
        assertEquals(0, bean.getConnectedReplicaCount());
        assertTrue(bean.getReplicaSessions().isEmpty());
        assertEquals(0L, bean.getMetrics().get("sent_batches"));
        assertEquals(0L, bean.getBacklogBytes());
        assertEquals(0L, bean.getStoreHeldBytes(), "an external store's memory is not the instance's");
        assertEquals("", bean.getListenAddress());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
