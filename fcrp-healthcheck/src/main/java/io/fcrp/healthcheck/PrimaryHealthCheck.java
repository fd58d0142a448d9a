package io.fcrp.healthcheck;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;

/**
 * One primary: CRITICAL while it does not serve; WARN when it dropped more replicas than allowed
 * within the interval, or when its backlog, once full, covers less history than required.
 */
final class PrimaryHealthCheck implements HealthCheck {

    private final String name;
    private final ReplicationPrimaryMBean primary;
    private final Supplier<ReplicationPrimary> stream;
    private final Supplier<Thresholds> thresholds;
    private final LongSupplier clock;
    private final DropWindow drops;

    /**
     * @param stream the instance's {@link ReplicationPrimary} service (its backlog), or null while there is none
     */
    PrimaryHealthCheck(String name, ReplicationPrimaryMBean primary, Supplier<ReplicationPrimary> stream,
            Supplier<Thresholds> thresholds, LongSupplier clock) {
        this.name = name;
        this.primary = primary;
        this.stream = stream;
        this.thresholds = thresholds;
        this.clock = clock;
        this.drops = new DropWindow(clock.getAsLong(), primary.getDroppedReplicas());
    }

    @Override
    public Result execute() {
        Thresholds limits = thresholds.get();
        FormattingResultLog log = new FormattingResultLog();
        long dropped = drops.droppedWithin(clock.getAsLong(), primary.getDroppedReplicas(),
                limits.droppedReplicasIntervalMs);
        if (!primary.isServing()) {
            log.critical("primary {} does not serve ({}): no replica can follow it", name,
                    primary.getShardCount() == 0 ? "waiting for its store" : "stopped, or its address cannot be bound");
            return new Result(log);
        }
        log.info("primary {} serves on {}: {} replicas connected, backlog covers {} s", name,
                primary.getListenAddress(), primary.getConnectedReplicaCount(), seconds(
                        primary.getBacklogCoveredSeconds()));
        if (dropped > limits.droppedReplicasMax) {
            log.warn("primary {} dropped {} replicas in the last {} s (at most {} allowed): the backlog no longer held "
                    + "what they missed; raise backlog.bytes", name, dropped, limits.droppedReplicasIntervalMs / 1000,
                    limits.droppedReplicasMax);
        }
        ReplicationPrimary published = stream.get();
        BacklogStats backlog = published == null ? null : published.backlogStats();
        // a backlog that never trimmed holds all history since the start, however short
        if (backlog != null && backlog.trimmedBatches() > 0
                && backlog.coveredSeconds() < limits.backlogCoverageMinSeconds) {
            log.warn("primary {}: its backlog covers {} s of history, less than {} s: a replica away for longer needs "
                    + "a snapshot; raise backlog.bytes", name, seconds(backlog.coveredSeconds()),
                    limits.backlogCoverageMinSeconds);
        }
        return new Result(log);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }
}
