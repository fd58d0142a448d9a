package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;

class SmokeTest {
    @Test
    void liveStreaming() throws Exception {
        try (PrimaryNode primary = PrimaryNode.start("p", PrimaryConfig.builder().bindAddress("127.0.0.1:0").build())) {
            ReplicaClientImpl replica = ReplicaClientImpl.start("r",
                    ReplicaConfig.builder().upstream("127.0.0.1:" + primary.port()).build());
            try {
                for (int i = 0; i < 1000; i++) {
                    primary.store().set(("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8));
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (replica.store().get("k999".getBytes(StandardCharsets.UTF_8)) == null && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                System.out.println(replica.status().state() + " " + replica.status().localWatermarks() + " " + replica.lastBootstrap() + " " + replica.status().lastError());
                assertArrayEquals("v999".getBytes(StandardCharsets.UTF_8), replica.store().get("k999".getBytes(StandardCharsets.UTF_8)));
            } finally {
                replica.shutdown();
            }
        }
    }
}
