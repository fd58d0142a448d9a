package io.fcrp.api.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class FcrpObjectNamesTest {

    @Test
    void plainNamesStayPlainOthersAreQuoted() throws Exception {
        assertEquals(
                new ObjectName("io.fcrp:type=ReplicationPrimary,name=east-1.a_b"),
                FcrpObjectNames.replicationPrimary("east-1.a_b"));
        ObjectName quoted = FcrpObjectNames.replicaClient("west, \"2\"=*");
        assertEquals("io.fcrp:type=ReplicaClient,name=\"west, \\\"2\\\"=\\*\"", quoted.toString());
        assertEquals("west, \"2\"=*", ObjectName.unquote(quoted.getKeyProperty("name")));
        assertEquals("SnapshotProvider", FcrpObjectNames.snapshotProvider("x").getKeyProperty("type"));
    }
}
