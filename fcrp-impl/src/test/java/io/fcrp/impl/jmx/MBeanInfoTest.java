package io.fcrp.impl.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** What each of the three MBeans tells a JMX console about itself, so that nobody needs a manual. */
class MBeanInfoTest {

    @Test
    void mbeanInfoNeedsNoManual() throws Exception {
        try (StreamingPairMBeans pair = StreamingPairMBeans.start()) {
            for (ObjectName name : List.of(pair.primaryName, pair.replicaName, pair.snapshotName)) {
                MBeanInfo info = pair.mbeans.getMBeanInfo(name);
                assertEquals(0, info.getConstructors().length, name + " lists no implementation constructor");
                assertTrue(info.getClassName().startsWith("io.fcrp.api.jmx."), info.getClassName());
                assertFalse(info.toString().contains("io.fcrp.impl"), name + " names no implementation type: " + info);
                assertFalse(info.getDescription().isEmpty());
                for (MBeanAttributeInfo attribute : info.getAttributes()) {
                    assertFalse(attribute.getDescription().startsWith("Attribute exposed"), attribute.getName());
                    String units = (String) attribute.getDescriptor().getFieldValue("units");
                    String expected = attribute.getName().endsWith("Millis")
                            ? "ms"
                            : attribute.getName().endsWith("Bytes")
                                    ? "bytes"
                                    : attribute.getName().endsWith("Nanos")
                                            ? "ns"
                                            : attribute.getName().endsWith("Seconds") ? "s" : null;
                    if (expected != null) {
                        assertEquals(expected, units, name + " " + attribute.getName());
                    }
                }
                for (MBeanOperationInfo operation : info.getOperations()) {
                    assertEquals(MBeanOperationInfo.ACTION, operation.getImpact(), operation.getName());
                    assertFalse(operation.getDescription().startsWith("Operation exposed"), operation.getName());
                    for (MBeanParameterInfo parameter : operation.getSignature()) {
                        assertFalse(
                                parameter.getName().matches("p\\d+"), operation.getName() + " " + parameter.getName());
                        assertFalse(parameter.getDescription().isEmpty());
                    }
                }
                for (MBeanNotificationInfo notification : info.getNotifications()) {
                    assertFalse(
                            notification.getDescription().isEmpty(),
                            notification.getNotifTypes()[0]);
                }
            }
            MBeanOperationInfo disconnect = List.of(
                            pair.mbeans.getMBeanInfo(pair.primaryName).getOperations())
                    .stream()
                    .filter(op -> op.getName().equals("disconnectReplica"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("id", disconnect.getSignature()[0].getName());
            assertEquals(6, pair.mbeans.getMBeanInfo(pair.replicaName).getNotifications().length);
            assertEquals(2, pair.mbeans.getMBeanInfo(pair.snapshotName).getNotifications().length);
        }
    }
}
