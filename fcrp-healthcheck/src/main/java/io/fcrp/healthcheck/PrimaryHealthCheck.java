package io.fcrp.healthcheck;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.PrimaryStatus;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * One primary: CRITICAL while it does not serve; WARN when it dropped more replicas than allowed
 * within the interval, or when its backlog, once full, covers less history than required.
 */
final class PrimaryHealthCheck implements HealthCheck {

    private final String name;
    private final Supplier<PrimaryStatus> primary;
    private final Supplier<Thresholds> thresholds;
    private final LongSupplier clock;
    private final DropWindow drops;

    /** @param primary a reading of the primary ({@code PrimaryControl.status()}) */
    PrimaryHealthCheck(
            String name, Supplier<PrimaryStatus> primary, Supplier<Thresholds> thresholds, LongSupplier clock) {
        this.name = name;
        this.primary = primary;
        this.thresholds = thresholds;
        this.clock = clock;
        this.drops = new DropWindow(clock.getAsLong(), primary.get().droppedReplicas());
    }

    @Override
    public Result execute() {
        Thresholds limits = thresholds.get();
        PrimaryStatus status = primary.get();
        FormattingResultLog log = new FormattingResultLog();
        long dropped =
                drops.droppedWithin(clock.getAsLong(), status.droppedReplicas(), limits.droppedReplicasIntervalMs);
        if (!status.serving()) {
            log.critical(
                    "primary {} does not serve ({}): no replica can follow it",
                    name,
                    status.shardCount() == 0 ? "waiting for its store" : "stopped, or its address cannot be bound");
            return new Result(log);
        }
        BacklogStats backlog = status.backlog();
        log.info(
                "primary {} serves on {}: {} replicas connected, backlog covers {} s",
                name,
                status.listenAddress(),
                status.sessions().size(),
                seconds(backlog.coveredSeconds()));
        if (dropped > limits.droppedReplicasMax) {
            log.warn(
                    "primary {} dropped {} replicas in the last {} s (at most {} allowed): the backlog no longer held "
                            + "what they missed; raise backlog.bytes",
                    name,
                    dropped,
                    limits.droppedReplicasIntervalMs / 1000,
                    limits.droppedReplicasMax);
        }
        // a backlog that never trimmed holds all history since the start, however short
        if (backlog.trimmedBatches() > 0 && backlog.coveredSeconds() < limits.backlogCoverageMinSeconds) {
            log.warn(
                    "primary {}: its backlog covers {} s of history, less than {} s: a replica away for longer needs "
                            + "a snapshot; raise backlog.bytes",
                    name,
                    seconds(backlog.coveredSeconds()),
                    limits.backlogCoverageMinSeconds);
        }
        return new Result(log);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
