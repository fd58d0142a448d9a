package io.fcrp.impl.jmx;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;

/**
 * The MBean tests' fixture: a primary "unit" (4 shards) holding ten entries {@code k0..k9 -> v0..v9}
 * and a replica "unit-r" that has streamed them all after a snapshot, their three MBeans in a
 * private MBeanServer as Karaf's JMX whiteboard registers them, and the notifications the primary's
 * and the replica's MBeans sent.
 */
final class StreamingPairMBeans implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int ENTRIES = 10;
    /** Ten entries of 2 + 2 bytes without expiry, each in a 16-byte block (8-byte header, aligned to 8). */
    static final long STORE_USED_BYTES = 160;

    final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    final ObjectName primaryName = FcrpObjectNames.replicationPrimary("unit");
    final ObjectName replicaName = FcrpObjectNames.replicaClient("unit-r");
    final ObjectName snapshotName = FcrpObjectNames.snapshotProvider("unit");
    final List<Notification> primaryNotifications = new CopyOnWriteArrayList<>();
    final List<Notification> replicaNotifications = new CopyOnWriteArrayList<>();
    final PrimaryNode node;
    private ReplicaClientImpl replica;

    private StreamingPairMBeans(PrimaryNode node) {
        this.node = node;
    }

    /** Starts the pair and waits until the replica streams every entry. */
    static StreamingPairMBeans start() throws Exception {
        StreamingPairMBeans pair = new StreamingPairMBeans(PrimaryNode.start(
                "unit",
                PrimaryConfig.builder().bindAddress("127.0.0.1:0").shardCount(4).build()));
        try {
            pair.registerAndReplicate();
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void registerAndReplicate() throws Exception {
        ReplicationPrimaryMBeanImpl primaryBean = new ReplicationPrimaryMBeanImpl("unit", new NodeControl(node));
        node.addSessionListener(primaryBean);
        mbeans.registerMBean(primaryBean, primaryName);
        mbeans.addNotificationListener(
                primaryName, (notification, handback) -> primaryNotifications.add(notification), null, null);
        for (int i = 0; i < ENTRIES; i++) {
            node.store().set(bytes("k" + i), bytes("v" + i));
        }
        replica = ReplicaClientImpl.start(
                "unit-r",
                ReplicaConfig.builder().upstream("127.0.0.1:" + node.port()).build());
        ReplicaClientMBeanImpl replicaBean = new ReplicaClientMBeanImpl("unit-r", replica);
        replica.addEventListener(replicaBean);
        mbeans.registerMBean(replicaBean, replicaName);
        mbeans.addNotificationListener(
                replicaName, (notification, handback) -> replicaNotifications.add(notification), null, null);
        mbeans.registerMBean(new SnapshotProviderMBeanImpl("unit", node.store()), snapshotName);
        Poll.until(
                "replica streaming with every entry",
                TIMEOUT,
                () -> replica.state() == ReplicaState.STREAMING && client().getEntryCount() == ENTRIES);
    }

    ReplicationPrimaryMBean primary() {
        return JMX.newMBeanProxy(mbeans, primaryName, ReplicationPrimaryMBean.class);
    }

    ReplicaClientMBean client() {
        return JMX.newMBeanProxy(mbeans, replicaName, ReplicaClientMBean.class);
    }

    SnapshotProviderMBean snapshots() {
        return JMX.newMBeanProxy(mbeans, snapshotName, SnapshotProviderMBean.class);
    }

    /** {@code host:port} of the primary's listener. */
    String primaryAddress() {
        return "127.0.0.1:" + node.port();
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
        node.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
