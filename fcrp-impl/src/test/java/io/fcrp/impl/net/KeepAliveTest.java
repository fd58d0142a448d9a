package io.fcrp.impl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding 4 of issue 8: the kernel's two-hour keep-alive never noticed a silently dead link. */
class KeepAliveTest {

    @Test
    void theDefaultTimersNoticeADeadLinkWithinFifteenSeconds() {
        assertTrue(KeepAlive.DEFAULT.detectionSeconds() <= 15, KeepAlive.DEFAULT.toString());
        assertEquals(11, KeepAlive.DEFAULT.detectionSeconds());
    }

    @Test
    void theTimersAreSetOnASocket() throws IOException {
        try (Socket socket = new Socket()) {
            KeepAlive.of(7, 3, 4).applyTo(socket);
            assertTrue(socket.getKeepAlive());
            assertTimers(name -> socket.getOption(option(socket.supportedOptions(), name)));
        }
    }

    @Test
    void theTimersAreSetOnAChannel() throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            KeepAlive.of(7, 3, 4).applyTo(channel);
            assertTrue(channel.getOption(StandardSocketOptions.SO_KEEPALIVE));
            assertTimers(name -> channel.getOption(option(channel.supportedOptions(), name)));
        }
    }

    @Test
    void timersOutOfRangeAreRefusedNamingTheirSetting() {
        assertEquals(
                "tcp.keepalive.idle.s must be between 1 and 32767, not 0",
                assertThrows(IllegalArgumentException.class, () -> KeepAlive.of(0, 2, 3))
                        .getMessage());
        assertEquals(
                "tcp.keepalive.interval.s must be between 1 and 32767, not 32768",
                assertThrows(IllegalArgumentException.class, () -> KeepAlive.of(5, 32768, 3))
                        .getMessage());
        assertEquals(
                "tcp.keepalive.count must be between 1 and 127, not 128",
                assertThrows(IllegalArgumentException.class, () -> KeepAlive.of(5, 2, 128))
                        .getMessage());
    }

    private static void assertTimers(OptionReader read) throws IOException {
        // this project's CI runs on Linux, where the JDK supports all three
        assertEquals(7, read.value("TCP_KEEPIDLE"));
        assertEquals(3, read.value("TCP_KEEPINTERVAL"));
        assertEquals(4, read.value("TCP_KEEPCOUNT"));
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> option(Set<SocketOption<?>> supported, String name) {
        return (SocketOption<Integer>) supported.stream()
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not supported here"));
    }

    @FunctionalInterface
    private interface OptionReader {
        Integer value(String name) throws IOException;
    }
}
