package io.fcrp.healthcheck;

import io.fcrp.api.LagPercentiles;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import java.util.function.Supplier;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * One replica: OK while it streams within the lag limit; WARN when its lag p99 is above the limit
 * or it is not streaming (connecting, bootstrapping, backing off); CRITICAL once it has not been
 * streaming for longer than allowed, and at once when it is stopped.
 */
final class ReplicaHealthCheck implements HealthCheck {

    private final String name;
    private final ReplicaClient replica;
    private final Supplier<Thresholds> thresholds;

    ReplicaHealthCheck(String name, ReplicaClient replica, Supplier<Thresholds> thresholds) {
        this.name = name;
        this.replica = replica;
        this.thresholds = thresholds;
    }

    @Override
    public Result execute() {
        Thresholds limits = thresholds.get();
        ReplicaStatus status = replica.status();
        FormattingResultLog log = new FormattingResultLog();
        String error =
                status.lastError() == null || status.lastError().isEmpty() ? "" : "; last error: " + status.lastError();
        if (status.state() == ReplicaState.STOPPED) {
            log.critical(
                    "replica {} is stopped: it does not follow {} (fcrp:start {} starts it again)",
                    name,
                    status.upstream(),
                    name);
        } else if (status.state() != ReplicaState.STREAMING) {
            long away = status.millisNotStreaming();
            if (away > limits.notStreamingMaxMs) {
                log.critical(
                        "replica {} has not been streaming from {} for {} ms (now {}; at most {} ms allowed){}",
                        name,
                        status.upstream(),
                        away,
                        status.state(),
                        limits.notStreamingMaxMs,
                        error);
            } else {
                log.warn(
                        "replica {} is {} for {} ms, not streaming from {} (critical after {} ms){}",
                        name,
                        status.state(),
                        away,
                        status.upstream(),
                        limits.notStreamingMaxMs,
                        error);
            }
        } else {
            LagPercentiles lag = status.lagPercentiles();
            log.info(
                    "replica {} streams from {}: lag p50 {} ms, p99 {} ms, max {} ms over the last minute; {} records "
                            + "behind",
                    name,
                    status.upstream(),
                    lag.p50(),
                    lag.p99(),
                    lag.max(),
                    status.recordsBehind());
            if (lag.p99() > limits.lagP99MaxMs) {
                log.warn("replica {}: lag p99 {} ms is above {} ms", name, lag.p99(), limits.lagP99MaxMs);
            }
        }
        return new Result(log);
    }
}
