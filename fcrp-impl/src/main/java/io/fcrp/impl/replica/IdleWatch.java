package io.fcrp.impl.replica;

import io.fcrp.impl.protocol.FrameKind;
import java.util.concurrent.TimeUnit;

/**
 * Decides when a silent primary is taken for gone. With {@code idle.timeout.ms} set, after that
 * long without a byte. With 0 (the default) only once the primary has shown that it sends
 * heartbeats: two Ack frames in a row give the period of a primary idle in between, and
 * {@link #MISSED_HEARTBEATS} periods without a byte mean the link is dead. A primary that sends
 * none (the reference) may be quiet for any time; TCP keep-alive watches that link. Used by the
 * replica's thread only.
 */
final class IdleWatch {

    static final int MISSED_HEARTBEATS = 4;
    /** The automatic timeout is never shorter than this, whatever the heartbeat period. */
    static final long MIN_AUTOMATIC_MS = 1000;

    private final long configuredNanos;
    /** When the last byte arrived, as far as the checks have seen. */
    private long lastActivityNanos;

    private long lastBytes;
    private long lastFrameNanos;
    private boolean lastFrameWasHeartbeat;
    private long heartbeatPeriodNanos;

    /** @param idleTimeoutMs {@code idle.timeout.ms}: 0 for the automatic timeout */
    IdleWatch(long idleTimeoutMs, long nowNanos) {
        this.configuredNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
        this.lastActivityNanos = nowNanos;
        this.lastFrameNanos = nowNanos;
    }

    /** A whole frame arrived. */
    void frameReceived(FrameKind kind, long nowNanos) {
        boolean heartbeat = kind == FrameKind.ACK;
        if (heartbeat && lastFrameWasHeartbeat) {
            heartbeatPeriodNanos = Math.max(heartbeatPeriodNanos, nowNanos - lastFrameNanos);
        }
        lastFrameWasHeartbeat = heartbeat;
        lastFrameNanos = nowNanos;
        lastActivityNanos = nowNanos;
    }

    /**
     * Checks the link while no whole frame arrives; {@code bytesRead} counts every byte received,
     * so a large frame that arrives slowly is not taken for silence. Returns why the link is taken
     * for dead, or null while it is not.
     */
    String silence(long bytesRead, long nowNanos) {
        if (bytesRead != lastBytes) {
            lastBytes = bytesRead;
            lastActivityNanos = nowNanos;
            return null;
        }
        long timeout = timeoutNanos();
        long silent = nowNanos - lastActivityNanos;
        if (timeout == 0 || silent < timeout) {
            return null;
        }
        String rule = configuredNanos > 0
                ? "idle.timeout.ms " + TimeUnit.NANOSECONDS.toMillis(configuredNanos)
                : MISSED_HEARTBEATS + " heartbeat periods of " + TimeUnit.NANOSECONDS.toMillis(heartbeatPeriodNanos)
                        + " ms";
        return "nothing received for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (" + rule + ")";
    }

    /** The timeout in force, 0 while there is none. */
    long timeoutNanos() {
        if (configuredNanos > 0) {
            return configuredNanos;
        }
        if (heartbeatPeriodNanos == 0) {
            return 0;
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_AUTOMATIC_MS), MISSED_HEARTBEATS * heartbeatPeriodNanos);
    }
}
