package io.fcrp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The value types of the API: equal by content, and refusing what no reading can be. */
class ValueTypesTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void entriesAreEqualByTheContentOfTheirArraysGovernanceIncluded() {
        Entry entry = new Entry(bytes(1, 2), bytes(3), T);
        Entry same = new Entry(bytes(1, 2), bytes(3), T, null);
        assertEquals(entry, same);
        assertEquals(entry.hashCode(), same.hashCode());
        assertNotEquals(entry, new Entry(bytes(1, 2), bytes(4), T));
        assertNotEquals(entry, new Entry(bytes(1, 2), bytes(3), Entry.NO_EXPIRY));
        Entry governed = new Entry(bytes(1, 2), bytes(3), T, bytes(9));
        assertNotEquals(entry, governed);
        assertEquals(governed, new Entry(bytes(1, 2), bytes(3), T, bytes(9)));
        assertTrue(governed.isGoverned());
        assertFalse(entry.isGoverned());
        assertEquals(
                "Entry[key=2 bytes, value=1 bytes, expireAtMs=none]",
                new Entry(bytes(1, 2), bytes(3), Entry.NO_EXPIRY).toString());
    }

    @Test
    void anEntryNeedsAKeyAndAValueAndExpiresAtItsUnsignedInstant() {
        refused("key", () -> new Entry(null, bytes(1), T));
        refused("value", () -> new Entry(bytes(1), null, T));
        Entry entry = new Entry(bytes(1), bytes(), T);
        assertTrue(entry.isExpiredAt(T));
        assertFalse(entry.isExpiredAt(T - 1));
        assertFalse(new Entry(bytes(1), bytes(), Entry.NO_EXPIRY).isExpiredAt(Long.MAX_VALUE));
    }

    @Test
    void mutationsAreEqualByContentAndNeedAnOpAKeyAndAValue() {
        Mutation set = new Mutation(1, 5, T, MutationOp.SET, 0xAB00_0000_0000_0001L, bytes(7), bytes(8), T);
        assertEquals(set, new Mutation(1, 5, T, MutationOp.SET, 0xAB00_0000_0000_0001L, bytes(7), bytes(8), T, null));
        assertEquals(
                set.hashCode(),
                new Mutation(1, 5, T, MutationOp.SET, 0xAB00_0000_0000_0001L, bytes(7), bytes(8), T).hashCode());
        assertNotEquals(set, new Mutation(1, 6, T, MutationOp.SET, 0xAB00_0000_0000_0001L, bytes(7), bytes(8), T));
        assertNotEquals(
                set, new Mutation(1, 5, T, MutationOp.SET, 0xAB00_0000_0000_0001L, bytes(7), bytes(8), T, bytes(1)));
        assertEquals(0xAB, set.keyTag());
        refused("op", () -> new Mutation(1, 5, T, null, 0, bytes(7), bytes(), T));
        refused("key", () -> new Mutation(1, 5, T, MutationOp.DEL, 0, null, bytes(), T));
        refused("value", () -> new Mutation(1, 5, T, MutationOp.DEL, 0, bytes(7), null, T));
        assertNull(MutationOp.fromCode(4), "op 4 is the governance dialect's, not v1's");
        assertEquals(MutationOp.EXPIRE, MutationOp.fromCode(3));
    }

    @Test
    void watermarksAreEqualWhateverTheirTrailingZerosAndNeverShareTheirArray() {
        long[] values = {3, 0};
        ShardWatermarks watermarks = ShardWatermarks.of(values);
        values[0] = 99;
        assertEquals(3, watermarks.get(0), "of() copies");
        watermarks.toArray()[0] = 99;
        assertEquals(3, watermarks.get(0), "toArray() copies");
        assertEquals(ShardWatermarks.of(3), watermarks);
        assertEquals(ShardWatermarks.of(3).hashCode(), watermarks.hashCode());
        assertEquals(ShardWatermarks.empty(), ShardWatermarks.zeros(4));
        assertNotEquals(ShardWatermarks.of(3, 1), watermarks);
        assertEquals("[3, 0]", watermarks.toString());
    }

    @Test
    void countersCannotBeNegative() {
        refused("retainedBytes must be at least 0, not -1", () -> new BacklogStats(-1, 0, 0, 0, 0));
        refused("trimmedBatches must be at least 0, not -3", () -> new BacklogStats(0, 0, 0, 0, -3));
        refused("snapshotsTaken must be at least 0, not -1", () -> new SnapshotStats(0, -1, 0, 0, 0));
        refused("usedBytes must be at least 0, not -16", () -> new StoreMemory(0, 0, -16));
        refused("samples must be at least 0, not -1", () -> new LagPercentiles(1, 2, 3, 4, -1));
        refused(
                "framesSent must be at least 0, not -1",
                () -> ReplicaSessionInfo.builder(1).framesSent(-1).build());
        refused(
                "recordsBehind must be at least -1, not -2",
                () -> ReplicaSessionInfo.builder(1).recordsBehind(-2).build());
        refused(
                "applied must be at least 0, not -5",
                () -> ReplicaStatus.builder().applied(-5).build());
        refused(
                "millisSinceLastFrame must be at least -1, not -2",
                () -> ReplicaStatus.builder().millisSinceLastFrame(-2).build());
    }

    @Test
    void lagPercentilesGrowFromTheMedianToTheMaximum() {
        refused("lag percentiles must grow: p50 5, p99 4, p999 9, max 12", () -> new LagPercentiles(5, 4, 9, 12, 3));
        refused("lag percentiles must grow: p50 1, p99 4, p999 9, max 8", () -> new LagPercentiles(1, 4, 9, 8, 3));
        assertEquals(new LagPercentiles(7, 7, 7, 7, 0), LagPercentiles.without(7));
        assertEquals("p50=1 p99=4 p999=9 max=12 ms (300 samples)", new LagPercentiles(1, 4, 9, 12, 300).toString());
    }

    @Test
    void statsAreEqualByTheirFiguresAndSayWhatTheyCover() {
        assertEquals(new BacklogStats(10, 2, T, T + 1500, 0), new BacklogStats(10, 2, T, T + 1500, 0));
        assertEquals(1.5, new BacklogStats(10, 2, T, T + 1500, 0).coveredSeconds());
        assertEquals(0.0, BacklogStats.empty().coveredSeconds());
        assertEquals(new SnapshotStats(4, 1, T, 4, 64), new SnapshotStats(4, 1, T, 4, 64));
        assertEquals(48, new StoreMemory(0, 64, 16).freeBytes());
        assertEquals(0, new StoreMemory(0, 16, 64).freeBytes(), "never negative while a release is under way");
        assertEquals(new StoreMemory(0, 0, 0), StoreMemory.none());
    }

    @Test
    void aSessionReadingDefaultsToADecidingSessionAndIsEqualByItsFigures() {
        ReplicaSessionInfo info =
                ReplicaSessionInfo.builder(7).remoteAddress("127.0.0.1:5000").build();
        assertEquals(SessionState.HANDSHAKE, info.state());
        assertEquals(-1, info.bytesBehind());
        assertEquals(-1, info.recordsBehind());
        assertEquals(ShardWatermarks.empty(), info.sentWatermarks());
        assertEquals(
                info,
                ReplicaSessionInfo.builder(7).remoteAddress("127.0.0.1:5000").build());
        assertNotEquals(
                info,
                ReplicaSessionInfo.builder(8).remoteAddress("127.0.0.1:5000").build());
        assertEquals("session 7 127.0.0.1:5000 HANDSHAKE", info.toString());
        refused(
                "remoteAddress",
                () -> ReplicaSessionInfo.builder(1).remoteAddress(null).build());
        refused("state", () -> ReplicaSessionInfo.builder(1).state(null).build());
    }

    @Test
    void aReplicaReadingTakesItsLagAsPercentilesUnlessGivenAndCountsWhatItLacks() {
        ReplicaStatus status = ReplicaStatus.builder()
                .lagMillis(250)
                .localWatermarks(ShardWatermarks.of(3, 9))
                .primaryWatermarks(ShardWatermarks.of(5, 9, 1))
                .build();
        assertEquals(LagPercentiles.without(250), status.lagPercentiles());
        assertEquals(BootstrapKind.NONE, status.bootstrap());
        assertEquals(3, status.recordsBehind());
        assertEquals(
                status,
                ReplicaStatus.builder()
                        .lagMillis(250)
                        .localWatermarks(ShardWatermarks.of(3, 9))
                        .primaryWatermarks(ShardWatermarks.of(5, 9, 1))
                        .build());
        refused("bootstrap", () -> ReplicaStatus.builder().bootstrap(null).build());
        refused("upstream", () -> ReplicaStatus.builder().upstream(null).build());
        refused(
                "lagMillis must be at least 0, not -1",
                () -> ReplicaStatus.builder()
                        .lagMillis(-1)
                        .lagPercentiles(LagPercentiles.without(0))
                        .build());
    }

    @Test
    void aPrimaryReadingServesWhileItHasAnAddressAndHasNoSessionsOtherwise() {
        PrimaryStatus waiting = PrimaryStatus.builder()
                .store(StoreKind.EXTERNAL)
                .bindAddress("127.0.0.1:7631")
                .build();
        assertFalse(waiting.serving());
        assertEquals(0, waiting.shardCount());
        assertEquals(ReplicationMetrics.zeros(), waiting.metrics());
        assertEquals(BacklogStats.empty(), waiting.backlog());
        assertEquals(StoreMemory.none(), waiting.storeMemory());
        assertEquals(0, waiting.maxRecordsBehind(), "no sessions: nothing behind");
        refused(
                "a primary that does not serve has no sessions, not 1",
                () -> PrimaryStatus.builder()
                        .sessions(List.of(ReplicaSessionInfo.builder(1).build()))
                        .build());
        refused(
                "rejectedConnections must be at least 0, not -1",
                () -> PrimaryStatus.builder().rejectedConnections(-1).build());
        refused("watermarks", () -> PrimaryStatus.builder().watermarks(null).build());

        ReplicaSessionInfo deciding = ReplicaSessionInfo.builder(1).build();
        ReplicaSessionInfo live = ReplicaSessionInfo.builder(2)
                .state(SessionState.LIVE)
                .recordsBehind(7)
                .bytesBehind(300)
                .build();
        PrimaryStatus serving = PrimaryStatus.builder()
                .listenAddress("127.0.0.1:40000")
                .sessions(List.of(deciding))
                .build();
        assertTrue(serving.serving());
        assertEquals(-1, serving.maxRecordsBehind(), "every session still deciding");
        assertEquals(0, serving.liveReplicas());
        List<ReplicaSessionInfo> sessions = new ArrayList<>(List.of(deciding, live));
        PrimaryStatus two = PrimaryStatus.builder()
                .listenAddress("127.0.0.1:40000")
                .sessions(sessions)
                .build();
        sessions.clear();
        assertEquals(2, two.sessions().size(), "the sessions are copied");
        assertEquals(1, two.liveReplicas());
        assertEquals(7, two.maxRecordsBehind());
        assertEquals(300, two.maxBytesBehind());
        assertEquals(
                two,
                PrimaryStatus.builder()
                        .listenAddress("127.0.0.1:40000")
                        .sessions(List.of(deciding, live))
                        .build());
    }

    @Test
    void closedSetsKeepTheLabelsAndCodesToolsRead() {
        assertEquals(
                List.of("none", "backlog", "snapshot"),
                List.of(BootstrapKind.values()).stream()
                        .map(BootstrapKind::label)
                        .toList());
        assertEquals(
                List.of(0, 1, 2),
                List.of(BootstrapKind.values()).stream()
                        .map(BootstrapKind::code)
                        .toList());
        assertEquals(
                List.of("embedded", "external"),
                List.of(StoreKind.values()).stream().map(StoreKind::label).toList());
    }

    @Test
    void metricsReadingsAreEqualByTheirValuesAndHoldOnePerMetric() {
        long[] values = new long[Metric.values().length];
        values[Metric.SENT_BATCHES.ordinal()] = 4;
        ReplicationMetrics metrics = new ReplicationMetrics(values);
        values[Metric.SENT_BATCHES.ordinal()] = 5;
        assertEquals(4, metrics.get(Metric.SENT_BATCHES), "the values are copied");
        values[Metric.SENT_BATCHES.ordinal()] = 4;
        assertEquals(metrics, new ReplicationMetrics(values));
        assertEquals(metrics.hashCode(), new ReplicationMetrics(values).hashCode());
        assertNotEquals(metrics, new ReplicationMetrics(new long[Metric.values().length]));
        refused("expected " + Metric.values().length + " values, got 2", () -> new ReplicationMetrics(new long[2]));
    }

    private static void refused(String message, Executable construction) {
        RuntimeException refused = assertThrows(RuntimeException.class, construction);
        assertTrue(
                refused instanceof IllegalArgumentException || refused instanceof NullPointerException,
                refused.toString());
        assertEquals(message, refused.getMessage());
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
