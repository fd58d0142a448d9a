package io.fcrp.impl.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fcrp.api.jmx.SnapshotProviderMBean;
import org.junit.jupiter.api.Test;

/** The snapshot provider's MBean over a real store, after the snapshot a replica bootstrapped from. */
class SnapshotProviderMBeanTest {

    @Test
    void theBeanReadsTheStoreAndTheSnapshotTheReplicaWasServed() throws Exception {
        try (StreamingPairMBeans pair = StreamingPairMBeans.start()) {
            SnapshotProviderMBean snapshots = pair.snapshots();
            assertEquals(10L, snapshots.getEntryCount());
            assertEquals(1L, snapshots.getSnapshotsTaken());
            assertEquals(10L, snapshots.getLastSnapshotEntries());
            assertNotNull(snapshots.getLastSnapshotTime());
        }
    }
}
