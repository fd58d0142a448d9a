package io.fcrp.impl.net;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP keep-alive timers for one connection ({@code jdk.net.ExtendedSocketOptions} TCP_KEEPIDLE,
 * TCP_KEEPINTERVAL, TCP_KEEPCOUNT), so that a peer that vanished without a FIN or RST is noticed
 * after {@link #detectionSeconds()} instead of the system's two hours. The kernel probes only a
 * connection with nothing unacknowledged in flight, which is what a replica's socket is while it
 * waits for data. The options are looked up by name among the socket's supported ones, so the
 * bundle needs no {@code jdk.net} import; a platform without them keeps its system timers.
 *
 * @param idleSeconds seconds of silence before the first probe
 * @param intervalSeconds seconds between unanswered probes
 * @param probes unanswered probes after which the connection is dead
 */
public record KeepAlive(int idleSeconds, int intervalSeconds, int probes) {

    /** Linux's bounds for the three timers. */
    private static final int MAX_SECONDS = 32767;

    private static final int MAX_PROBES = 127;

    public static final Property<Integer> IDLE_SECONDS = Property.integer("tcp.keepalive.idle.s", 5, 1, MAX_SECONDS)
            .meaning("Seconds a connection may be silent before TCP keep-alive probes the peer.");
    public static final Property<Integer> INTERVAL_SECONDS = Property.integer(
                    "tcp.keepalive.interval.s", 2, 1, MAX_SECONDS)
            .meaning("Seconds between unanswered keep-alive probes.");
    public static final Property<Integer> PROBES = Property.integer("tcp.keepalive.count", 3, 1, MAX_PROBES)
            .meaning("Unanswered probes after which the connection is dead (with the defaults: 11 s).");
    /** The three, which primaries and replicas share. */
    public static final List<Property<?>> PROPERTIES = List.of(IDLE_SECONDS, INTERVAL_SECONDS, PROBES);

    /** Idle 5 s, then a probe every 2 s, 3 unanswered probes: a dead link is noticed within 11 s. */
    public static final KeepAlive DEFAULT =
            new KeepAlive(IDLE_SECONDS.defaultValue(), INTERVAL_SECONDS.defaultValue(), PROBES.defaultValue());

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    private static final AtomicBoolean UNSUPPORTED_LOGGED = new AtomicBoolean();

    /**
     * @throws IllegalArgumentException naming the {@code tcp.keepalive.*} setting that is out of range
     */
    public KeepAlive {
        requireRange("tcp.keepalive.idle.s", idleSeconds, MAX_SECONDS);
        requireRange("tcp.keepalive.interval.s", intervalSeconds, MAX_SECONDS);
        requireRange("tcp.keepalive.count", probes, MAX_PROBES);
    }

    /** As the constructor. */
    public static KeepAlive of(int idleSeconds, int intervalSeconds, int probes) {
        return new KeepAlive(idleSeconds, intervalSeconds, probes);
    }

    /** The timers a configuration sets (its problems are collected by {@code values}). */
    public static KeepAlive of(PropertyValues values) {
        return of(values.get(IDLE_SECONDS), values.get(INTERVAL_SECONDS), values.get(PROBES));
    }

    /** Seconds from the last sign of the peer until a dead link fails the connection. */
    public int detectionSeconds() {
        return idleSeconds + intervalSeconds * probes;
    }

    /** Turns keep-alive on for {@code socket} with these timers. */
    public void applyTo(Socket socket) throws IOException {
        socket.setKeepAlive(true);
        apply(socket.supportedOptions(), socket::setOption);
    }

    /** Turns keep-alive on for {@code channel} with these timers. */
    public void applyTo(NetworkChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        apply(channel.supportedOptions(), channel::setOption);
    }

    private void apply(Set<SocketOption<?>> supported, OptionSetter setter) throws IOException {
        SocketOption<Integer> idle = find(supported, "TCP_KEEPIDLE");
        SocketOption<Integer> interval = find(supported, "TCP_KEEPINTERVAL");
        SocketOption<Integer> count = find(supported, "TCP_KEEPCOUNT");
        if (idle == null || interval == null || count == null) {
            if (UNSUPPORTED_LOGGED.compareAndSet(false, true)) {
                LOG.warn("TCP keep-alive timers cannot be set on this platform: the system's apply, so a silently "
                        + "dead link may go unnoticed for a long time unless the primary sends heartbeats");
            }
            return;
        }
        setter.set(idle, idleSeconds);
        setter.set(interval, intervalSeconds);
        setter.set(count, probes);
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Integer> find(Set<SocketOption<?>> supported, String name) {
        for (SocketOption<?> option : supported) {
            if (option.name().equals(name) && option.type() == Integer.class) {
                return (SocketOption<Integer>) option;
            }
        }
        return null;
    }

    private static void requireRange(String setting, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(setting + " must be between 1 and " + max + ", not " + value);
        }
    }

    @Override
    public String toString() {
        return "idle " + idleSeconds + " s, every " + intervalSeconds + " s, " + probes + " probes";
    }

    /** {@code Socket.setOption} and {@code NetworkChannel.setOption}, which share no interface. */
    @FunctionalInterface
    private interface OptionSetter {
        void set(SocketOption<Integer> option, Integer value) throws IOException;
    }
}
