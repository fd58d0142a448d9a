package io.fcrp.itests;

import static io.fcrp.itests.Stores.key;
import static io.fcrp.itests.Stores.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;

/**
 * The MBeans over Karaf's remote RMI connector, the way JConsole reaches them: with a user of
 * etc/users.properties, through Karaf's JMX ACL (operations need the admin role).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JmxIT extends FcrpKarafTestSupport {

    private static final String TOKEN = "jmx-s3cret-token";

    @Test
    public void jconsoleReadsAttributesInvokesOperationsAndHearsOfReplicas() throws Exception {
        int port = freePort();
        Configuration primary = primary("jmx-p", "bind.addr", loopback(port), "auth.token", TOKEN,
                "compression", "zstd");
        KeyValueStore store = service(KeyValueStore.class, "jmx-p");
        ReplicationPrimary replication = service(ReplicationPrimary.class, "jmx-p");
        for (int i = 0; i < 50; i++) {
            store.set(key(i), value(i));
        }
        ObjectName primaryName = FcrpObjectNames.replicationPrimary("jmx-p");
        ObjectName replicaName = FcrpObjectNames.replicaClient("jmx-r");
        ObjectName snapshotName = FcrpObjectNames.snapshotProvider("jmx-p");

        try (JMXConnector connector = jmx("fcrp-it")) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            awaitTrue("the primary MBean over RMI", () -> registered(mbeans, primaryName));
            BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
            mbeans.addNotificationListener(primaryName, (notification, handback) -> notifications.add(notification),
                    null, null);

            replica("jmx-r", "replica.of", loopback(port), "auth.token", TOKEN);
            Notification connected = notifications.poll(30, TimeUnit.SECONDS);
            assertNotNull("a connect notification", connected);
            assertEquals(ReplicationPrimaryMBean.REPLICA_CONNECTED, connected.getType());
            assertEquals(primaryName, connected.getSource());
            CompositeData connectedRow = (CompositeData) connected.getUserData();
            assertTrue(connected.getMessage(), connected.getMessage().contains("connected to primary jmx-p"));

            awaitTrue("the replica MBean over RMI", () -> registered(mbeans, replicaName));
            ReplicaClientMBean replica = JMX.newMBeanProxy(mbeans, replicaName, ReplicaClientMBean.class);
            ReplicationPrimaryMBean primaryBean = JMX.newMBeanProxy(mbeans, primaryName,
                    ReplicationPrimaryMBean.class);
            SnapshotProviderMBean snapshots = JMX.newMBeanProxy(mbeans, snapshotName, SnapshotProviderMBean.class);
            replication.flush();
            awaitTrue("replica streaming and caught up", () -> "STREAMING".equals(replica.getState())
                    && Arrays.equals(replica.getLocalWatermarks(), primaryBean.getWatermarks()));

            // the primary's attributes
            assertEquals("jmx-p", primaryBean.getInstance());
            assertEquals("embedded", primaryBean.getStore());
            assertTrue(primaryBean.isServing());
            assertEquals(loopback(port), primaryBean.getListenAddress());
            assertEquals(loopback(port), primaryBean.getBindAddress());
            assertEquals(16, primaryBean.getShardCount());
            assertEquals(16, primaryBean.getWatermarks().length);
            assertEquals(1, primaryBean.getConnectedReplicaCount());
            TabularData sessions = primaryBean.getReplicaSessions();
            assertEquals(1, sessions.size());
            CompositeData session = (CompositeData) sessions.values().iterator().next();
            assertEquals("LIVE", session.get("state"));
            assertEquals(connectedRow.get("id"), session.get("id"));
            assertTrue(String.valueOf(session.get("address")).startsWith("127.0.0.1:"));
            assertNotNull(session.get("connectedSince"));
            assertTrue((Long) session.get("framesSent") > 0);
            assertTrue((Long) session.get("bytesSent") > 0);
            assertEquals(0L, session.get("queuedBytes"));
            CompositeData metrics = primaryBean.getMetrics();
            assertEquals(50L, metrics.get("emitted_mutations"));
            assertEquals(1L, metrics.get("catch_up_snapshot_count"));
            assertTrue((Long) metrics.get("sent_batches") > 0);
            assertTrue(primaryBean.getBacklogBytes() > 0);
            assertTrue(primaryBean.getBacklogBatches() > 0);
            assertTrue(primaryBean.getBacklogCoveredSeconds() >= 0.0);
            assertEquals(0L, primaryBean.getDroppedReplicas());

            // the replica's and the snapshot provider's
            assertEquals("jmx-r", replica.getInstance());
            assertEquals(loopback(port), replica.getUpstream());
            assertEquals(50L, replica.getEntryCount());
            assertEquals(1L, replica.getSnapshotsLoaded());
            assertEquals("", replica.getLastError());
            assertTrue(replica.getBytesReceived() > 0);
            assertTrue(replica.getLagMillis() >= -1);
            assertEquals(0L, replica.getSkippedRecords());
            assertEquals(50L, snapshots.getEntryCount());
            assertEquals(1L, snapshots.getSnapshotsTaken());
            assertEquals(50L, snapshots.getLastSnapshotEntries());
            assertTrue(snapshots.getLastSnapshotBytes() > 0);
            assertNotNull(snapshots.getLastSnapshotTime());

            // live records count as applied
            store.set(key(100), value(100));
            awaitTrue("one record applied live", () -> replica.getAppliedRecords() == 1);
            assertTrue(replica.getLagMillis() >= 0);

            // the token is nowhere: no attribute is named after it and no value contains it
            for (ObjectName name : mbeans.queryNames(new ObjectName("io.fcrp:*"), null)) {
                for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(name).getAttributes()) {
                    assertFalse(attribute.getName(), attribute.getName().toLowerCase().contains("token"));
                    Object value = mbeans.getAttribute(name, attribute.getName());
                    assertFalse(name + " " + attribute.getName(), deepToString(value).contains(TOKEN));
                }
            }

            // resync() forces a fresh snapshot
            replica.resync();
            awaitTrue("a second snapshot", () -> replica.getSnapshotsLoaded() == 2
                    && "STREAMING".equals(replica.getState()));
            assertEquals(2L, primaryBean.getMetrics().get("catch_up_snapshot_count"));
            assertEquals(51L, replica.getEntryCount());
            drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_CONNECTED);

            // disconnectReplica(id): the session ends, a notification says so, the replica comes back
            awaitTrue("the session before the resync is gone", () -> primaryBean.getConnectedReplicaCount() == 1);
            drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_DISCONNECTED);
            long id = (Long) ((CompositeData) primaryBean.getReplicaSessions().values().iterator().next()).get("id");
            long reconnects = replica.getReconnectCount();
            assertTrue(primaryBean.disconnectReplica(id));
            Notification left = drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_DISCONNECTED);
            assertEquals(id, ((CompositeData) left.getUserData()).get("id"));
            drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_CONNECTED);
            awaitTrue("replica reconnected", () -> replica.getReconnectCount() > reconnects
                    && "STREAMING".equals(replica.getState()));
            assertFalse(primaryBean.disconnectReplica(999_999L));

            // a viewer may read but not operate (Karaf's jmx.acl)
            try (JMXConnector viewerConnector = jmx("fcrp-viewer")) {
                MBeanServerConnection viewer = viewerConnector.getMBeanServerConnection();
                assertEquals(Boolean.TRUE, viewer.getAttribute(primaryName, "Serving"));
                try {
                    viewer.invoke(primaryName, "shutdown", new Object[0], new String[0]);
                    fail("a viewer shut the primary down");
                } catch (SecurityException expected) {
                    // Insufficient roles/credentials for operation
                }
                assertTrue(primaryBean.isServing());
            }

            // shutdown() of the primary: the port closes, the replica loses it, the MBean stays
            primaryBean.shutdown();
            awaitClosed(port);
            assertFalse(primaryBean.isServing());
            assertEquals("", primaryBean.getListenAddress());
            assertEquals(0, primaryBean.getConnectedReplicaCount());
            drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_DISCONNECTED);
            awaitTrue("replica no longer streaming", () -> !"STREAMING".equals(replica.getState()));
            assertEquals(51L, ((Number) mbeans.getAttribute(snapshotName, "EntryCount")).longValue());

            // updating the configuration serves again
            update(primary, "bind.addr", loopback(port), "auth.token", TOKEN, "compression", "none");
            awaitListening(port);
            awaitTrue("replica streaming again", () -> "STREAMING".equals(replica.getState()));
            assertTrue(primaryBean.isServing());

            // shutdown() of the replica: its thread ends, its data stays readable
            replica.shutdown();
            awaitTrue("replica stopped", () -> "STOPPED".equals(replica.getState()));
            awaitTrue("replica thread gone", () -> !fcrpThreads().contains("fcrp-replica-jmx-r"));
            assertEquals(51L, replica.getEntryCount());
            awaitTrue("its session closed on the primary", () -> primaryBean.getConnectedReplicaCount() == 0);

            // attributes are read-only
            try {
                mbeans.setAttribute(primaryName, new Attribute("ShardCount", 4));
                fail("ShardCount was writable");
            } catch (javax.management.AttributeNotFoundException | SecurityException expected) {
                // read-only (or refused by the ACL before the MBean is asked)
            }
        }
    }

    private static boolean registered(MBeanServerConnection mbeans, ObjectName name) {
        try {
            return mbeans.isRegistered(name);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes notifications until one of {@code type} arrives; fails after 30 s. */
    private static Notification drainUntil(BlockingQueue<Notification> notifications, String type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Notification notification = notifications.poll(100, TimeUnit.MILLISECONDS);
            if (notification != null && notification.getType().equals(type)) {
                return notification;
            }
        }
        throw new AssertionError("no " + type + " notification within 30 s");
    }

    private static String deepToString(Object value) {
        if (value instanceof long[]) {
            return Arrays.toString((long[]) value);
        }
        if (value instanceof CompositeData) {
            CompositeData data = (CompositeData) value;
            StringBuilder text = new StringBuilder();
            for (String key : data.getCompositeType().keySet()) {
                text.append(key).append('=').append(deepToString(data.get(key))).append(',');
            }
            return text.toString();
        }
        if (value instanceof TabularData) {
            StringBuilder text = new StringBuilder();
            for (Object row : ((TabularData) value).values()) {
                text.append(deepToString(row)).append(';');
            }
            return text.toString();
        }
        return String.valueOf(value);
    }
}
