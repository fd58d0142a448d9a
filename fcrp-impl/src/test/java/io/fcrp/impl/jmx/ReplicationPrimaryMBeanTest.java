package io.fcrp.impl.jmx;

import static io.fcrp.impl.jmx.StreamingPairMBeans.STORE_USED_BYTES;
import static io.fcrp.impl.jmx.StreamingPairMBeans.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.StoreKind;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.testkit.Poll;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** The primary's MBean over a real primary with a streaming replica, and with no primary behind it. */
class ReplicationPrimaryMBeanTest {

    @Test
    void theBeanReadsThePrimaryNotifiesItsSessionsAndControlsThem() throws Exception {
        try (StreamingPairMBeans pair = StreamingPairMBeans.start()) {
            ReplicationPrimaryMBean primary = pair.primary();
            List<Notification> notifications = pair.primaryNotifications;
            Poll.until("a connect notification", TIMEOUT, () -> !notifications.isEmpty());

            Notification connected = notifications.get(0);
            assertEquals(ReplicationPrimaryMBean.REPLICA_CONNECTED, connected.getType());
            assertEquals(pair.primaryName, connected.getSource());
            assertEquals(
                    "session " + ((CompositeData) connected.getUserData()).get("id"),
                    "session "
                            + ((CompositeData) primary.getReplicaSessions()
                                            .values()
                                            .iterator()
                                            .next())
                                    .get("id"));
            assertEquals("unit", primary.getInstance());
            assertTrue(primary.isServing());
            assertEquals(pair.primaryAddress(), primary.getListenAddress());
            assertEquals(4, primary.getShardCount());
            assertEquals(4, primary.getWatermarks().length);
            assertEquals(1, primary.getConnectedReplicaCount());
            assertEquals(10L, primary.getMetrics().get("emitted_mutations"));
            assertEquals(1L, primary.getMetrics().get("catch_up_snapshot_count"));
            TabularData sessions = primary.getReplicaSessions();
            assertEquals(1, sessions.size());
            assertEquals(STORE_USED_BYTES, primary.getStoreUsedBytes());
            assertEquals(0L, primary.getStoreMaxBytes());
            assertTrue(primary.getStoreHeldBytes() >= primary.getStoreUsedBytes());
            assertEquals(primary.getStoreHeldBytes() - primary.getStoreUsedBytes(), primary.getStoreFreeBytes());

            // operator descriptions reach JConsole
            for (MBeanAttributeInfo attribute :
                    pair.mbeans.getMBeanInfo(pair.primaryName).getAttributes()) {
                assertFalse(attribute.getDescription().startsWith("Attribute exposed"), attribute.getName());
            }
            assertEquals(2, pair.mbeans.getMBeanInfo(pair.primaryName).getNotifications().length);

            long id = (Long) ((CompositeData) sessions.values().iterator().next()).get("id");
            assertTrue(primary.disconnectReplica(id));
            Poll.until(
                    "a disconnect notification for the session",
                    TIMEOUT,
                    () -> notifications.stream()
                            .anyMatch(n -> ReplicationPrimaryMBean.REPLICA_DISCONNECTED.equals(n.getType())
                                    && ((CompositeData) n.getUserData())
                                            .get("id")
                                            .equals(id)));
            assertFalse(primary.disconnectReplica(12345));

            primary.shutdown();
            assertFalse(primary.isServing());
            assertEquals("", primary.getListenAddress());
            assertEquals(0, primary.getConnectedReplicaCount());
            assertEquals(4, primary.getShardCount());
        }
    }

    @Test
    void withoutAPrimaryTheBeanReadsEmpty() {
        ReplicationPrimaryMBeanImpl bean =
                new ReplicationPrimaryMBeanImpl("needs \"quotes\", really", new PrimaryControl() {
                    @Override
                    public PrimaryStatus status() {
                        return PrimaryStatus.builder()
                                .store(StoreKind.EXTERNAL)
                                .bindAddress("127.0.0.1:7631")
                                .build();
                    }

                    @Override
                    public boolean stopServing() {
                        return fail("nothing to stop");
                    }

                    @Override
                    public boolean serve() {
                        return fail("nothing to serve");
                    }

                    @Override
                    public boolean disconnect(long sessionId) {
                        return fail("no session to close");
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
}
