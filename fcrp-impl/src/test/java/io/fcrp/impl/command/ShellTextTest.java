package io.fcrp.impl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fcrp.api.LagPercentiles;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import org.junit.jupiter.api.Test;

/** How fcrp:status and fcrp:watch write watermarks, lag and a replica's state. */
class ShellTextTest {

    @Test
    void watermarksAreSummarisedUnlessEveryOneIsAskedFor() {
        ShardWatermarks watermarks = ShardWatermarks.of(1904270351777710080L, 1904270351777712000L, -1L);
        assertEquals(
                "3 shards: min 1904270351777710080, max 18446744073709551615, sum 2.22553e+19",
                FcrpCommandSupport.watermarks(watermarks, false));
        assertEquals(
                "[1904270351777710080, 1904270351777712000, 18446744073709551615]",
                FcrpCommandSupport.watermarks(watermarks, true));
        assertEquals(
                "2 shards: min 5, max 900, sum 905", FcrpCommandSupport.watermarks(ShardWatermarks.of(900, 5), false));
    }

    @Test
    void aReplicaNotStreamingShowsForHowLong() {
        assertEquals(
                "STREAMING",
                WatchScreen.replicaState(
                        ReplicaStatus.builder().state(ReplicaState.STREAMING).build()));
        assertEquals(
                "BACKING_OFF 12 s",
                WatchScreen.replicaState(ReplicaStatus.builder()
                        .state(ReplicaState.BACKING_OFF)
                        .millisNotStreaming(12_400)
                        .build()));
    }

    @Test
    void lagPercentilesShareOneColumn() {
        assertEquals("1/4/9/12", WatchScreen.lag(new LagPercentiles(1, 4, 9, 12, 300)));
    }
}
