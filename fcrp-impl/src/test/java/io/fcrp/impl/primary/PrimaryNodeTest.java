package io.fcrp.impl.primary;

import static io.fcrp.impl.net.LoopbackPorts.accepts;
import static io.fcrp.impl.net.LoopbackPorts.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.settings.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The engine owns the server's lifecycle: a moved bind address is made before the old one is broken. */
class PrimaryNodeTest {

    private static PrimaryConfig.Builder config(int port) {
        return PrimaryConfig.builder().bindAddress("127.0.0.1:" + port).shardCount(4);
    }

    @Test
    void aMovedBindAddressOpensTheNewPortThenClosesTheOldAndKeepsTheData() throws Exception {
        try (PrimaryNode node = PrimaryNode.start("move", config(0).build())) {
            node.store().set(bytes("k"), bytes("v"));
            int first = node.port();
            ReplicationServerImpl before = node.server();

            node.reconfigure(config(freePort()).compression(Compression.ZSTD).build());

            assertNotSame(before, node.server());
            assertFalse(before.isRunning());
            assertFalse(accepts(first), "the old port is closed");
            assertTrue(accepts(node.port()), "the new port serves");
            assertEquals(Compression.ZSTD, node.config().compression());
            assertEquals("v", new String(node.store().get(bytes("k")), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMoveToAnAddressThatCannotBeBoundChangesNothingAtAll() throws Exception {
        try (PrimaryNode node = PrimaryNode.start("stay", config(0).build());
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReplicationServerImpl before = node.server();
            PrimaryConfig original = node.config();

            IOException refused = assertThrows(
                    IOException.class,
                    () -> node.reconfigure(config(taken.getLocalPort())
                            .compression(Compression.ZSTD)
                            .build()));

            assertTrue(
                    refused.getMessage().contains("failed to bind 127.0.0.1:" + taken.getLocalPort()),
                    refused.getMessage());
            assertSame(before, node.server());
            assertTrue(before.isRunning());
            assertSame(original, node.config(), "no part of the update was applied");
            assertTrue(accepts(node.port()));
        }
    }

    @Test
    void theEmbeddedStoresShardCountCannotChangeInPlace() throws Exception {
        try (PrimaryNode node = PrimaryNode.start("shards", config(0).build())) {
            PrimaryConfig original = node.config();
            assertThrows(
                    IllegalArgumentException.class,
                    () -> node.reconfigure(config(0).shardCount(8).build()));
            assertSame(original, node.config());
            assertTrue(node.server().isRunning());
        }
    }

    @Test
    void requireBindableRefusesAnAddressInUseAndBindsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException refused = assertThrows(
                    IOException.class,
                    () -> PrimaryNode.requireBindable(HostPort.parse("127.0.0.1:" + taken.getLocalPort())));
            assertTrue(
                    refused.getMessage().startsWith("cannot bind 127.0.0.1:" + taken.getLocalPort()),
                    refused.getMessage());
        }
        int free = freePort();
        PrimaryNode.requireBindable(HostPort.parse("127.0.0.1:" + free));
        assertFalse(accepts(free), "the check left nothing listening");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
