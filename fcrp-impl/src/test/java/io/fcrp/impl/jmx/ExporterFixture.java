package io.fcrp.impl.jmx;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.testkit.Poll;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.management.MBeanServer;

/**
 * A JVM with a primary "east" and its replica "west" streaming, their three MBeans in the platform
 * MBeanServer as Karaf's JMX whiteboard registers them; for {@link PrometheusExporterTest}, which
 * runs it with Prometheus' JMX exporter agent. Prints {@code READY} once the replica streams, and
 * ends when its stdin closes.
 */
public final class ExporterFixture {

    private ExporterFixture() {}

    public static void main(String[] args) throws Exception {
        try (PrimaryNode primary = PrimaryNode.start(
                        "east",
                        PrimaryConfig.builder()
                                .bindAddress("127.0.0.1:0")
                                .shardCount(4)
                                .heartbeatIntervalMs(200)
                                .build());
                ReplicaClientImpl replica = ReplicaClientImpl.start(
                        "west",
                        ReplicaConfig.builder()
                                .upstream("127.0.0.1:" + primary.port())
                                .build())) {
            for (int i = 0; i < 100; i++) {
                primary.store()
                        .set(
                                ("key-" + i).getBytes(StandardCharsets.UTF_8),
                                ("value-" + i).getBytes(StandardCharsets.UTF_8));
            }
            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ReplicationPrimaryMBeanImpl primaryBean = new ReplicationPrimaryMBeanImpl("east", new NodeControl(primary));
            primary.addSessionListener(primaryBean);
            mbeans.registerMBean(primaryBean, FcrpObjectNames.replicationPrimary("east"));
            mbeans.registerMBean(
                    new SnapshotProviderMBeanImpl("east", primary.store()), FcrpObjectNames.snapshotProvider("east"));
            mbeans.registerMBean(new ReplicaClientMBeanImpl("west", replica), FcrpObjectNames.replicaClient("west"));
            Poll.until(
                    "the replica streams every entry",
                    Duration.ofSeconds(30),
                    () -> replica.state() == ReplicaState.STREAMING
                            && replica.store().size() >= 100,
                    () -> replica.status().lastError());
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve scrapes until the test closes stdin
            }
        }
    }
}
