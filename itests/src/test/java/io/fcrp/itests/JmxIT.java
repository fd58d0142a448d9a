package io.fcrp.itests;

import static io.fcrp.itests.Stores.key;
import static io.fcrp.itests.Stores.value;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
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
        Configuration primary =
                primary("jmx-p", "bind.addr", loopback(port), "auth.token", TOKEN, "compression", "zstd");
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
            Poll.until("the primary MBean over RMI", TIMEOUT, () -> registered(mbeans, primaryName));
            BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
            mbeans.addNotificationListener(
                    primaryName, (notification, handback) -> notifications.add(notification), null, null);

            replica("jmx-r", "replica.of", loopback(port), "auth.token", TOKEN);
            Notification connected = notifications.poll(30, TimeUnit.SECONDS);
            assertNotNull("a connect notification", connected);
            assertEquals(ReplicationPrimaryMBean.REPLICA_CONNECTED, connected.getType());
            assertEquals(primaryName, connected.getSource());
            CompositeData connectedRow = (CompositeData) connected.getUserData();
            assertTrue(connected.getMessage(), connected.getMessage().contains("connected to primary jmx-p"));

            Poll.until("the replica MBean over RMI", TIMEOUT, () -> registered(mbeans, replicaName));
            ReplicaClientMBean replica = JMX.newMBeanProxy(mbeans, replicaName, ReplicaClientMBean.class);
            ReplicationPrimaryMBean primaryBean = JMX.newMBeanProxy(mbeans, primaryName, ReplicationPrimaryMBean.class);
            SnapshotProviderMBean snapshots = JMX.newMBeanProxy(mbeans, snapshotName, SnapshotProviderMBean.class);
            replication.flush();
            Poll.until(
                    "replica streaming and caught up",
                    TIMEOUT,
                    () -> "STREAMING".equals(replica.getState())
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
            Poll.until("one record applied live", TIMEOUT, () -> replica.getAppliedRecords() == 1);
            assertTrue(replica.getLagMillis() >= 0);

            // the token is nowhere: no attribute is named after it and no value contains it
            for (ObjectName name : mbeans.queryNames(new ObjectName("io.fcrp:*"), null)) {
                for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(name).getAttributes()) {
                    assertFalse(
                            attribute.getName(),
                            attribute.getName().toLowerCase().contains("token"));
                    Object value = mbeans.getAttribute(name, attribute.getName());
                    assertFalse(
                            name + " " + attribute.getName(),
                            deepToString(value).contains(TOKEN));
                }
            }

            // resync() forces a fresh snapshot
            replica.resync();
            Poll.until(
                    "a second snapshot",
                    TIMEOUT,
                    () -> replica.getSnapshotsLoaded() == 2 && "STREAMING".equals(replica.getState()));
            assertEquals(2L, primaryBean.getMetrics().get("catch_up_snapshot_count"));
            assertEquals(51L, replica.getEntryCount());
            // the new session's connect and the old one's disconnect, in whichever order they come
            drainUntilEach(
                    notifications,
                    ReplicationPrimaryMBean.REPLICA_CONNECTED,
                    ReplicationPrimaryMBean.REPLICA_DISCONNECTED);

            // disconnectReplica(id): the session ends, a notification says so, the replica comes back
            Poll.until(
                    "the session before the resync is gone",
                    TIMEOUT,
                    () -> primaryBean.getConnectedReplicaCount() == 1);
            long id = (Long) ((CompositeData)
                            primaryBean.getReplicaSessions().values().iterator().next())
                    .get("id");
            long reconnects = replica.getReconnectCount();
            assertTrue(primaryBean.disconnectReplica(id));
            Notification left = drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_DISCONNECTED);
            assertEquals(id, ((CompositeData) left.getUserData()).get("id"));
            drainUntil(notifications, ReplicationPrimaryMBean.REPLICA_CONNECTED);
            Poll.until(
                    "replica reconnected",
                    TIMEOUT,
                    () -> replica.getReconnectCount() > reconnects && "STREAMING".equals(replica.getState()));
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
            Poll.until("replica no longer streaming", TIMEOUT, () -> !"STREAMING".equals(replica.getState()));
            assertEquals(51L, ((Number) mbeans.getAttribute(snapshotName, "EntryCount")).longValue());

            // updating the configuration serves again
            update(primary, "bind.addr", loopback(port), "auth.token", TOKEN, "compression", "none");
            awaitListening(port);
            Poll.until("replica streaming again", TIMEOUT, () -> "STREAMING".equals(replica.getState()));
            assertTrue(primaryBean.isServing());

            // shutdown() of the replica: its thread ends, its data stays readable
            replica.shutdown();
            Poll.until("replica stopped", TIMEOUT, () -> "STOPPED".equals(replica.getState()));
            Poll.until(
                    "replica thread gone", TIMEOUT, () -> !FcrpThreads.names().contains("fcrp-replica-jmx-r"));
            assertEquals(51L, replica.getEntryCount());
            Poll.until("its session closed on the primary", TIMEOUT, () -> primaryBean.getConnectedReplicaCount() == 0);

            // attributes are read-only
            try {
                mbeans.setAttribute(primaryName, new Attribute("ShardCount", 4));
                fail("ShardCount was writable");
            } catch (javax.management.AttributeNotFoundException | SecurityException expected) {
                // read-only (or refused by the ACL before the MBean is asked)
            }
        }
    }

    /**
     * Issue 9 over RMI, as JConsole or a scripted client sees it: the replica's new figures, its
     * state changes in order (chained: each starts where the last ended) when it is stopped and
     * started again, a lag that grows while it is stopped, and MBean infos that need no manual.
     */
    @Test
    public void aReplicaTellsItsStatesInOrderAndItsLagNeverFreezes() throws Exception {
        int port = freePort();
        ObjectName replicaName = FcrpObjectNames.replicaClient("jmx-states-r");
        ObjectName primaryName = FcrpObjectNames.replicationPrimary("jmx-states-p");
        try (JMXConnector connector = jmx("fcrp-it")) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            // the replica first: it backs off until its primary appears, so the listener hears it all
            Configuration replicaConfig = replica("jmx-states-r", "replica.of", loopback(port));
            Poll.until("the replica MBean over RMI", TIMEOUT, () -> registered(mbeans, replicaName));
            BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
            mbeans.addNotificationListener(
                    replicaName, (notification, handback) -> notifications.add(notification), null, null);
            ReplicaClientMBean replica = JMX.newMBeanProxy(mbeans, replicaName, ReplicaClientMBean.class);
            primary("jmx-states-p", "bind.addr", loopback(port));
            KeyValueStore store = service(KeyValueStore.class, "jmx-states-p");
            Poll.until("the primary MBean over RMI", TIMEOUT, () -> registered(mbeans, primaryName));
            ReplicationPrimaryMBean primary = JMX.newMBeanProxy(mbeans, primaryName, ReplicationPrimaryMBean.class);
            List<String> toStreaming = statesUntil(notifications, "STREAMING");
            assertEquals(
                    List.of("CONNECTING", "BOOTSTRAPPING", "STREAMING"),
                    toStreaming.subList(toStreaming.size() - 3, toStreaming.size()));

            for (int i = 0; i < 20; i++) {
                store.set(key(i), value(i));
            }
            service(ReplicationPrimary.class, "jmx-states-p").flush();
            Poll.until(
                    "caught up",
                    TIMEOUT,
                    () -> replica.getEntryCount() == 20
                            && replica.getRecordsBehind() == 0
                            && replica.getShardsBehind() == 0);
            assertEquals(4, replica.getStateCode());
            double unsignedSum = Arrays.stream(replica.getLocalWatermarks())
                    .mapToDouble(w -> w >= 0 ? w : w + 0x1p64)
                    .sum();
            assertEquals(unsignedSum, replica.getLocalWatermarkSum(), unsignedSum * 1e-12);
            assertEquals(replica.getPrimaryWatermarkSum(), replica.getLocalWatermarkSum(), 0.0);
            assertTrue(replica.getMillisSinceLastFrame() >= 0);
            assertEquals(0L, replica.getMillisNotStreaming());
            Poll.until("lag samples", TIMEOUT, () -> replica.getLagSamples() > 0);
            assertTrue(replica.getLagP50Millis() <= replica.getLagP99Millis());
            assertTrue(replica.getLagP99Millis() <= replica.getLagMaxMillis());
            CompositeData session = (CompositeData)
                    primary.getReplicaSessions().values().iterator().next();
            assertEquals(0L, session.get("recordsBehind"));
            assertEquals(0L, session.get("bytesBehind"));

            // stopped: STREAMING -> STOPPED, and the lag and the time not streaming grow
            replica.shutdown();
            assertEquals(List.of("STOPPED"), statesUntil(notifications, "STOPPED"));
            assertEquals(0, replica.getStateCode());
            long lagAtStop = replica.getLagMillis();
            long notStreamingAtStop = replica.getMillisNotStreaming();
            Poll.until(
                    "the lag grows while stopped",
                    TIMEOUT,
                    () -> replica.getLagMillis() > lagAtStop && replica.getMillisNotStreaming() > notStreamingAtStop);
            assertEquals(20L, replica.getEntryCount());

            // started again by a configuration update: from STOPPED back to STREAMING, chained
            update(replicaConfig, "replica.of", loopback(port), "idle.timeout.ms", 30_000);
            List<String> again = statesUntil(notifications, "STREAMING");
            assertEquals("STREAMING", again.get(again.size() - 1));
            assertEquals(20L, replica.getEntryCount());

            // the infos name no implementation type, describe every parameter and tell actions from reads
            for (ObjectName name : List.of(replicaName, primaryName)) {
                MBeanInfo info = mbeans.getMBeanInfo(name);
                assertFalse(info.getClassName(), info.getClassName().contains(".impl."));
                assertEquals(0, info.getConstructors().length);
                for (MBeanOperationInfo operation : info.getOperations()) {
                    assertTrue(
                            operation.getName(),
                            operation.getImpact() == MBeanOperationInfo.ACTION
                                    || operation.getImpact() == MBeanOperationInfo.INFO);
                    for (MBeanParameterInfo parameter : operation.getSignature()) {
                        assertFalse(operation.getName(), parameter.getName().matches("p\\d+"));
                        assertFalse(
                                operation.getName(), parameter.getDescription().isBlank());
                    }
                }
            }
            assertEquals("ms", unitsOf(mbeans.getMBeanInfo(replicaName), "LagP99Millis"));
            assertEquals("records", unitsOf(mbeans.getMBeanInfo(replicaName), "RecordsBehind"));
        }
    }

    /**
     * The states the replica's notifications announce until it reaches {@code last}, checking that
     * each change starts where the previous one ended.
     */
    private static List<String> statesUntil(BlockingQueue<Notification> notifications, String last)
            throws InterruptedException {
        List<String> states = new ArrayList<>();
        String previous = null;
        do {
            CompositeData change = (CompositeData)
                    drainUntil(notifications, ReplicaClientMBean.STATE_CHANGED).getUserData();
            if (previous != null) {
                assertEquals("changes chain: " + states, previous, change.get("from"));
            }
            previous = (String) change.get("to");
            states.add(previous);
        } while (!last.equals(previous));
        return states;
    }

    private static Object unitsOf(MBeanInfo info, String attribute) {
        return Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals(attribute))
                .findFirst()
                .orElseThrow()
                .getDescriptor()
                .getFieldValue("units");
    }

    private static boolean registered(MBeanServerConnection mbeans, ObjectName name) {
        try {
            return mbeans.isRegistered(name);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes notifications until one of each of {@code types} has arrived, in any order. */
    private static void drainUntilEach(BlockingQueue<Notification> notifications, String... types) {
        Set<String> missing = new HashSet<>(Arrays.asList(types));
        Poll.until("notifications " + missing, TIMEOUT, () -> {
            for (Notification next = notifications.poll(); next != null; next = notifications.poll()) {
                missing.remove(next.getType());
            }
            return missing.isEmpty();
        });
    }

    /** Takes notifications until one of {@code type} arrives. */
    private static Notification drainUntil(BlockingQueue<Notification> notifications, String type) {
        return Poll.await("a " + type + " notification", TIMEOUT, () -> {
            for (Notification next = notifications.poll(); next != null; next = notifications.poll()) {
                if (next.getType().equals(type)) {
                    return next;
                }
            }
            return null;
        });
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
