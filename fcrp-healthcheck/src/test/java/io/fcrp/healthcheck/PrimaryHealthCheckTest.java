package io.fcrp.healthcheck;

import static io.fcrp.healthcheck.ReplicaHealthCheckTest.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicaSessionInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

/** What a primary's health check says when it serves, does not, drops replicas or keeps too little backlog. */
class PrimaryHealthCheckTest {

    private static final Thresholds LIMITS = new Thresholds(500, 30_000, 60, 1, 600);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private boolean serving = true;
    private int shardCount = 16;
    private long droppedReplicas;
    private BacklogStats backlog = new BacklogStats(1 << 20, 40, 0, 90_000, 0);
    private final PrimaryHealthCheck check = new PrimaryHealthCheck("east", this::status, () -> LIMITS, clock::get);

    /** The primary east as its figures say now: serving two replicas on 127.0.0.1:7631, or not serving. */
    private PrimaryStatus status() {
        PrimaryStatus.Builder status = PrimaryStatus.builder()
                .bindAddress("127.0.0.1:7631")
                .shardCount(shardCount)
                .backlog(backlog)
                .droppedReplicas(droppedReplicas);
        if (serving) {
            status.listenAddress("127.0.0.1:7631")
                    .sessions(List.of(
                            ReplicaSessionInfo.builder(1).build(),
                            ReplicaSessionInfo.builder(2).build()));
        }
        return status.build();
    }

    @Test
    void aServingPrimaryIsOkAndShowsItsFigures() {
        Result result = check.execute();
        assertEquals(Result.Status.OK, result.getStatus());
        assertEquals(
                "primary east serves on 127.0.0.1:7631: 2 replicas connected, backlog covers 90.0 s", messages(result));
    }

    @Test
    void aPrimaryThatDoesNotServeIsCritical() {
        serving = false;
        Result result = check.execute();
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertEquals(
                "primary east does not serve (stopped, or its address cannot be bound): no replica can follow it",
                messages(result));
        shardCount = 0;
        assertTrue(messages(check.execute()).contains("(waiting for its store)"));
    }

    @Test
    void moreDropsThanAllowedWithinTheIntervalWarnUntilTheyAreOlder() {
        droppedReplicas = 1;
        assertEquals(Result.Status.OK, check.execute().getStatus(), "one drop is allowed");
        droppedReplicas = 2;
        Result result = check.execute();
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(
                messages(result)
                        .endsWith("primary east dropped 2 replicas in the last 600 s (at most 1 allowed): "
                                + "the backlog no longer held what they missed; raise backlog.bytes"),
                messages(result));
        clock.addAndGet(600_001);
        assertEquals(Result.Status.OK, check.execute().getStatus());
    }

    @Test
    void aFullBacklogCoveringLessThanRequiredWarnsButAYoungOneDoesNot() {
        backlog = new BacklogStats(1 << 20, 40, 0, 12_500, 0);
        assertEquals(Result.Status.OK, check.execute().getStatus(), "nothing trimmed: all history is there");
        backlog = new BacklogStats(1 << 20, 40, 0, 12_500, 7);
        Result result = check.execute();
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(
                messages(result)
                        .endsWith("primary east: its backlog covers 12.5 s of history, less than 60 s: a "
                                + "replica away for longer needs a snapshot; raise backlog.bytes"),
                messages(result));
    }
}
