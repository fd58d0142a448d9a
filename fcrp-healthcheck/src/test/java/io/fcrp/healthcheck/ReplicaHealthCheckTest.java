package io.fcrp.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.LagPercentiles;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

/** What a replica's health check says for each state and lag, with the messages an operator reads. */
class ReplicaHealthCheckTest {

    private static final Thresholds LIMITS = new Thresholds(500, 30_000, 60, 0, 600);

    @Test
    void aStreamingReplicaWithinTheLagLimitIsOkAndShowsItsFigures() {
        Result result = check(status(ReplicaState.STREAMING)
                .lagPercentiles(new LagPercentiles(1, 4, 9, 12, 300))
                .localWatermarks(ShardWatermarks.of(10, 20))
                .primaryWatermarks(ShardWatermarks.of(12, 21))
                .build());
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(
                "replica west streams from 127.0.0.1:7631: lag p50 1 ms, p99 4 ms, max 12 ms over the last "
                        + "minute; 3 records behind",
                messages(result));
    }

    @Test
    void aLagP99AboveTheLimitWarns() {
        Result result = check(status(ReplicaState.STREAMING)
                .lagPercentiles(new LagPercentiles(20, 812, 900, 950, 60))
                .build());
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(messages(result).endsWith("replica west: lag p99 812 ms is above 500 ms"), messages(result));
    }

    @Test
    void aReplicaNotStreamingWarnsUntilTheLimitThenIsCritical() {
        Result brief = check(status(ReplicaState.BACKING_OFF)
                .millisNotStreaming(2_000)
                .lastError("cannot reach 127.0.0.1:7631: Connection refused")
                .build());
        assertEquals(Result.Status.WARN, brief.getStatus());
        assertEquals(
                "replica west is BACKING_OFF for 2000 ms, not streaming from 127.0.0.1:7631 (critical after "
                        + "30000 ms); last error: cannot reach 127.0.0.1:7631: Connection refused",
                messages(brief));

        Result long_ =
                check(status(ReplicaState.CONNECTING).millisNotStreaming(30_001).build());
        assertEquals(Result.Status.CRITICAL, long_.getStatus());
        assertEquals(
                "replica west has not been streaming from 127.0.0.1:7631 for 30001 ms (now CONNECTING; at most "
                        + "30000 ms allowed)",
                messages(long_));
    }

    @Test
    void aStoppedReplicaIsCriticalAtOnce() {
        Result result =
                check(status(ReplicaState.STOPPED).millisNotStreaming(10).build());
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals(
                "replica west is stopped: it does not follow 127.0.0.1:7631 (fcrp:start west starts it again)",
                messages(result));
    }

    private static ReplicaStatus.Builder status(ReplicaState state) {
        return ReplicaStatus.builder().state(state).upstream("127.0.0.1:7631");
    }

    private static Result check(ReplicaStatus status) {
        ReplicaClient replica = Fakes.of(ReplicaClient.class, Map.of("status", status));
        return new ReplicaHealthCheck("west", replica, () -> LIMITS).execute();
    }

    static String messages(Result result) {
        return StreamSupport.stream(result.spliterator(), false)
                .map(entry -> entry.getMessage())
                .collect(Collectors.joining(" | "));
    }
}
