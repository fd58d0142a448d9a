package io.fcrp.impl.jmx;

import static io.fcrp.impl.jmx.StreamingPairMBeans.STORE_USED_BYTES;
import static io.fcrp.impl.jmx.StreamingPairMBeans.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.testkit.Poll;
import java.util.List;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The replica's MBean over a real replica: its figures, a resync, a shutdown and their notifications. */
class ReplicaClientMBeanTest {

    @Test
    void theBeanReadsTheReplicaResyncsItAndShutsItDown() throws Exception {
        try (StreamingPairMBeans pair = StreamingPairMBeans.start()) {
            ReplicaClientMBean client = pair.client();
            assertEquals("STREAMING", client.getState());
            assertEquals(pair.primaryAddress(), client.getUpstream());
            assertEquals("", client.getLastError());
            assertEquals(1L, client.getSnapshotsLoaded());
            assertEquals("snapshot", client.getLastBootstrap());
            assertEquals(STORE_USED_BYTES, client.getStoreUsedBytes());
            assertEquals(0L, client.getGovernedEntryCount());

            client.resync();
            Poll.until(
                    "a second snapshot",
                    TIMEOUT,
                    () -> client.getSnapshotsLoaded() == 2 && "STREAMING".equals(client.getState()));

            client.shutdown();
            assertEquals("STOPPED", client.getState());
            assertEquals(0, client.getStateCode());
            assertEquals(10L, client.getEntryCount());
            List<Notification> notifications = pair.replicaNotifications;
            Notification last = notifications.get(notifications.size() - 1);
            assertEquals(ReplicaClientMBean.STATE_CHANGED, last.getType());
            assertEquals("STOPPED", ((CompositeData) last.getUserData()).get("to"));
            assertEquals(pair.replicaName, last.getSource());
            assertTrue(
                    notifications.stream()
                            .anyMatch(n -> ReplicaClientMBean.BOOTSTRAP_FINISHED.equals(n.getType())
                                    && "snapshot".equals(((CompositeData) n.getUserData()).get("how"))),
                    "the resync's bootstrap");
        }
    }
}
