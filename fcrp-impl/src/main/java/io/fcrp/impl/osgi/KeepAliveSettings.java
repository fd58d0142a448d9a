package io.fcrp.impl.osgi;

import java.util.function.Supplier;

import io.fcrp.impl.net.KeepAlive;

/** Reads the three {@code tcp.keepalive.*} properties, which primaries and replicas share. */
final class KeepAliveSettings {

    private static final String WHOLE = "a whole number";

    private KeepAliveSettings() {
    }

    /** @throws InvalidConfigurationException naming the property that is not a whole number or out of range */
    static KeepAlive read(SettingReader in, Supplier<Integer> idleSeconds, Supplier<Integer> intervalSeconds,
            Supplier<Integer> probes) {
        int idle = in.read("tcp.keepalive.idle.s", WHOLE, idleSeconds);
        int interval = in.read("tcp.keepalive.interval.s", WHOLE, intervalSeconds);
        int count = in.read("tcp.keepalive.count", WHOLE, probes);
        try {
            return KeepAlive.of(idle, interval, count);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }
}
