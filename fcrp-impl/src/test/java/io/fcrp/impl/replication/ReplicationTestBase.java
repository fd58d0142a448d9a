package io.fcrp.impl.replication;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.NoLeakedThreads;
import io.fcrp.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared plumbing of the replication tests: a {@link Cluster} per test that is always torn down,
 * convergence by watermarks and {@link StoreDigest}, and the check that no {@code fcrp-} thread
 * outlives a test.
 */
@ExtendWith(NoLeakedThreads.class)
abstract class ReplicationTestBase {

    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final Duration SHORT = Duration.ofSeconds(20);
    /** An expiry so far away that it never passes while a test runs. */
    static final long FAR_FUTURE_MS =
            System.currentTimeMillis() + Duration.ofDays(1).toMillis();

    protected Cluster cluster;

    @BeforeEach
    void createCluster() {
        cluster = new Cluster();
    }

    @AfterEach
    void closeCluster() throws Exception {
        cluster.close();
    }

    // ---------------------------------------------------------------- data

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static void fill(KeyValueStore store, String prefix, int count, int valueBytes) {
        for (int i = 0; i < count; i++) {
            store.set(bytes(prefix + i), value(prefix + i, valueBytes));
        }
    }

    /** A deterministic, compressible value of {@code length} bytes derived from {@code seed}. */
    static byte[] value(String seed, int length) {
        byte[] out = new byte[length];
        byte[] pattern = bytes(seed + "|");
        for (int i = 0; i < length; i++) {
            out[i] = pattern[i % pattern.length];
        }
        return out;
    }

    /**
     * Applies {@code ops} random mutations over {@code keySpace} keys: Set (with and without an
     * expiry, some already expired), Del, Expire and persist. Expiries are either in the past or a
     * day ahead, never close to now, so the primary and the replica judge them alike.
     */
    static void randomOps(KeyValueStore store, String prefix, long seed, int ops, int keySpace) {
        SplittableRandom random = new SplittableRandom(seed);
        long past = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < ops; i++) {
            byte[] key = bytes(prefix + random.nextInt(keySpace));
            int dice = random.nextInt(100);
            if (dice < 30) {
                store.set(key, randomValue(random));
            } else if (dice < 45) {
                store.set(key, randomValue(random), FAR_FUTURE_MS + random.nextInt(1_000_000));
            } else if (dice < 50) {
                store.set(key, randomValue(random), past - random.nextInt(1000)); // applied as a Del
            } else if (dice < 70) {
                store.delete(key);
            } else if (dice < 85) {
                store.expireAt(key, FAR_FUTURE_MS + random.nextInt(1_000_000));
            } else {
                store.persist(key);
            }
        }
    }

    private static byte[] randomValue(SplittableRandom random) {
        byte[] value = new byte[random.nextInt(48)];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) random.nextInt(256);
        }
        return value;
    }

    // ---------------------------------------------------------------- convergence

    /** True when the replica has applied every sequence the primary has published. */
    static boolean covers(ShardWatermarks replica, ShardWatermarks primary) {
        for (int shard = 0; shard < primary.size(); shard++) {
            if (Long.compareUnsigned(replica.get(shard), primary.get(shard)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the replica holds exactly the primary's data: it has applied everything published
     * (after a flush) and the two digests are equal. Writers must have stopped.
     */
    static void awaitConverged(PrimaryNode primary, ReplicaClientImpl replica) {
        awaitConverged(primary, replica, CONVERGE);
    }

    static void awaitConverged(PrimaryNode primary, ReplicaClientImpl replica, Duration timeout) {
        primary.batcher().flush();
        String[] observed = {"nothing yet"};
        Poll.until(
                "replica " + replica.replicaStore().name() + " converges with its primary",
                timeout,
                () -> {
                    ShardWatermarks published = primary.batcher().publishedWatermarks();
                    ReplicaStatus status = replica.status();
                    if (!covers(status.localWatermarks(), published)) {
                        observed[0] = "primary published " + published + "; " + describe(replica);
                        return false;
                    }
                    StoreDigest expected = StoreDigest.of(primary.store());
                    StoreDigest actual = StoreDigest.of(replica.store());
                    observed[0] =
                            "primary digest " + expected + ", replica digest " + actual + "; " + describe(replica);
                    return expected.hex().equals(actual.hex());
                },
                () -> observed[0]);
    }

    static void awaitState(ReplicaClientImpl replica, ReplicaState state) {
        Poll.until(
                "replica " + replica.replicaStore().name() + " reaches " + state,
                CONVERGE,
                () -> replica.state() == state,
                () -> describe(replica));
    }

    static String describe(ReplicaClientImpl replica) {
        ReplicaStatus s = replica.status();
        Map<FrameKind, Long> frames = replica.framesReceived().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return "replica " + replica.replicaStore().name() + " state=" + s.state() + " bootstrap="
                + replica.lastBootstrap().label() + " applied=" + s.applied() + " skipped=" + s.skipped()
                + " reconnects="
                + s.reconnects() + " snapshots=" + s.snapshotsLoaded() + " regressions=" + s.watermarkRegressions()
                + " replacements=" + s.dataReplacements()
                + " keys=" + replica.store().size() + " frames=" + frames + " lastError=" + s.lastError()
                + " local=" + s.localWatermarks();
    }

    /** The live entries of a store, by key, for readable assertions. */
    static List<String> keysOf(io.fcrp.api.KeyValueView store) {
        List<String> keys = new ArrayList<>();
        store.forEach((Entry entry) -> keys.add(text(entry.key())));
        keys.sort(null);
        return keys;
    }
}
