package io.fcrp.healthcheck;

/** The limits the checks hold primaries and replicas to (configuration {@code io.fcrp.healthcheck}). */
final class Thresholds {

    final long lagP99MaxMs;
    final long notStreamingMaxMs;
    final long backlogCoverageMinSeconds;
    final long droppedReplicasMax;
    final long droppedReplicasIntervalMs;

    Thresholds(
            long lagP99MaxMs,
            long notStreamingMaxMs,
            long backlogCoverageMinSeconds,
            long droppedReplicasMax,
            long droppedReplicasIntervalSeconds) {
        this.lagP99MaxMs = lagP99MaxMs;
        this.notStreamingMaxMs = notStreamingMaxMs;
        this.backlogCoverageMinSeconds = backlogCoverageMinSeconds;
        this.droppedReplicasMax = droppedReplicasMax;
        this.droppedReplicasIntervalMs = droppedReplicasIntervalSeconds * 1000;
    }

    static Thresholds of(FcrpHealthChecks.Config config) {
        return new Thresholds(
                config.lag_p99_max_ms(),
                config.not_streaming_max_ms(),
                config.backlog_coverage_min_s(),
                config.dropped_replicas_max(),
                config.dropped_replicas_interval_s());
    }
}
