package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Metric;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 100,000+ random Set/Del/Expire/persist operations from four writers on colliding keys, with one
 * replica connected from the start and one joining part-way: both end equal to the primary.
 */
class RandomizedConvergenceTest extends ReplicationTestBase {

    private static final int WRITERS = 4;
    private static final int OPS_PER_WRITER = 30_000;
    private static final int KEYS = 3_000;

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(1L, Compression.NONE, SendPolicy.BATCH, 16),
                Arguments.of(2L, Compression.ZSTD, SendPolicy.IMMEDIATE, 4));
    }

    @ParameterizedTest(name = "seed {0}, {1}, {2}, {3} shards")
    @MethodSource("settings")
    void replicasConvergeAfterRandomConcurrentWrites(long seed, Compression compression, SendPolicy policy, int shards)
            throws Exception {
        PrimaryNode primary = cluster.primary(
                "rnd",
                c -> c.compression(compression)
                        .sendPolicy(policy)
                        .shardCount(shards)
                        .subscriberChannelCapacity(64));
        ReplicaClientImpl early = cluster.replica("rnd-early", primary);
        ReplicaClientImpl late;
        try (Writers writers = new Writers(primary.store(), WRITERS, "k", seed, OPS_PER_WRITER, KEYS)) {
            Poll.until(
                    "a third of the operations are done",
                    CONVERGE,
                    () -> writers.done() >= WRITERS * OPS_PER_WRITER / 3);
            late = cluster.replica("rnd-late", primary);
            writers.join();
            assertEquals((long) WRITERS * OPS_PER_WRITER, writers.done());
        }
        awaitConverged(primary, early);
        awaitConverged(primary, late);
        String digest = StoreDigest.of(primary.store()).hex();
        assertEquals(digest, StoreDigest.of(early.store()).hex());
        assertEquals(digest, StoreDigest.of(late.store()).hex());
        long mutations = primary.batcher().metrics().get(Metric.EMITTED_MUTATIONS);
        assertTrue(mutations > 50_000, "the operations were mostly real mutations: " + mutations);
        assertTrue(StoreDigest.of(primary.store()).liveKeys() > KEYS / 10, "keys survive the mix");
    }
}
