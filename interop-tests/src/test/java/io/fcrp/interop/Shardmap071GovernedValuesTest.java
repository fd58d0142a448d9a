package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueView;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code shardmap} 0.7.1 primary holding governed values ({@code set_with_governance}) and plain
 * ones serves the Java replica. Whether they arrive in GOV2 snapshot chunks, as op-4 records of the
 * live stream or replayed from the backlog, the replica hides the governed values from plain reads
 * (as the reference does), returns them with their metadata through {@code getWithGovernance},
 * counts them, and its digest (which covers the metadata) equals the primary's.
 */
class Shardmap071GovernedValuesTest {

    private static final long TWO_HOURS_MS = 7_200_000L;

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"none", "zstd"})
    void governedValuesBootstrapInGov2SnapshotChunks(String compression) throws Exception {
        try (RefPeer primary = primary("--keys", "20000", "--backlog-bytes", "4096", "--compression", compression)) {
            int port = primary.awaitReady();
            writeGoverned(primary, 0, 300);
            try (ReplicaClientImpl replica = javaReplica(port)) {
                RustPrimaryJavaReplicaTest.converge(primary, replica);
                assertEquals(
                        "snapshot", replica.lastBootstrap().label(), "the 4 KiB backlog no longer holds the writes");
                assertTrue(replica.framesReceived().get(FrameKind.SNAPSHOT_CHUNK) >= 1);
                assertGovernedAndHidden(replica.store(), 0, 300);
                assertTrue(replica.store().getWithGovernance(bytes("private-0")).hasExpiry(), "gset with a TTL");
                assertFalse(
                        replica.store().getWithGovernance(bytes("private-1")).hasExpiry());
                assertEquals(300, replica.store().governedCount());
                assertPlainAndVisible(replica.store(), "key-0");
                assertEquals(20_000, plainEntries(replica.store()), "only plain entries are visited");
            }
        }
    }

    @Test
    void governedValuesArriveLiveAsOp4Records() throws Exception {
        try (RefPeer primary = primary("--keys", "2000")) {
            try (ReplicaClientImpl replica = javaReplica(primary.awaitReady())) {
                RustPrimaryJavaReplicaTest.converge(primary, replica);
                assertEquals(0, replica.store().governedCount());
                long snapshots = replica.status().snapshotsLoaded();
                long batches = replica.framesReceived().get(FrameKind.MUTATION_BATCH);

                primary.command("load 2000");
                writeGoverned(primary, 0, 200);
                command(primary, "set private-0 now-plain");
                command(primary, "set public-1 open");
                command(primary, "gset public-1 closed tenant-z/acl");
                command(primary, "del private-1");
                long expireAt = System.currentTimeMillis() + TWO_HOURS_MS;
                command(primary, "expire private-2 " + expireAt);
                command(primary, "persist private-5");
                RustPrimaryJavaReplicaTest.converge(primary, replica);

                assertEquals(snapshots, replica.status().snapshotsLoaded(), "everything came in the live stream");
                assertTrue(replica.framesReceived().get(FrameKind.MUTATION_BATCH) > batches);
                assertGovernedAndHidden(replica.store(), 3, 200);
                assertEquals(
                        expireAt,
                        replica.store().getWithGovernance(bytes("private-2")).expireAtMs(),
                        "an Expire keeps the metadata");
                assertFalse(
                        replica.store().getWithGovernance(bytes("private-5")).hasExpiry(), "persisted");
                assertArrayEquals(
                        bytes("now-plain"), replica.store().get(bytes("private-0")), "a plain Set drops the metadata");
                assertPlainAndVisible(replica.store(), "private-0");
                assertNull(replica.store().getWithGovernance(bytes("private-1")), "deleted");
                Entry turnedGoverned = replica.store().getWithGovernance(bytes("public-1"));
                assertArrayEquals(bytes("tenant-z/acl"), turnedGoverned.governance());
                assertNull(replica.store().get(bytes("public-1")), "a governed Set hides a plain value");
                // private-0 became plain, private-1 was deleted, public-1 became governed
                assertEquals(200 - 2 + 1, replica.store().governedCount());
            }
        }
    }

    @Test
    void governedValuesReplayFromTheBacklog() throws Exception {
        try (RefPeer primary = primary("--keys", "500")) {
            int port = primary.awaitReady();
            writeGoverned(primary, 0, 100);
            try (ReplicaClientImpl replica = javaReplica(port)) {
                RustPrimaryJavaReplicaTest.converge(primary, replica);
                assertEquals("backlog", replica.lastBootstrap().label(), "the reference replays its untrimmed backlog");
                assertEquals(0, replica.status().snapshotsLoaded());
                assertGovernedAndHidden(replica.store(), 0, 100);
                assertEquals(100, replica.store().governedCount());
            }
        }
    }

    /**
     * The 0.7.1 replica sees governed entries with their metadata too: both replicas of one primary
     * reach the primary's digest, which covers the metadata by the Java rule.
     */
    @Test
    void javaAndShardmap071ReplicasAgreeOnTheDigestOfGovernedValues() throws Exception {
        try (RefPeer primary = primary("--keys", "1000")) {
            int port = primary.awaitReady();
            writeGoverned(primary, 0, 50);
            try (ReplicaClientImpl javaReplica = javaReplica(port);
                    RefPeer rustReplica =
                            JavaPrimaryRustReplicaTest.rustReplica(ReferenceCrate.SHARDMAP_0_7_1, port, null)) {
                RustPrimaryJavaReplicaTest.converge(primary, javaReplica);
                StoreDigest expected = StoreDigest.of(javaReplica.store());
                assertEquals(1050, expected.liveKeys(), "1000 plain and 50 governed");
                JavaPrimaryRustReplicaTest.awaitDigest(rustReplica, expected);
            }
        }
    }

    /**
     * {@code gset private-i value-i tenant-(i%3)/acl-i} for i in [from, to); every fifth value
     * with a TTL of two hours.
     */
    private static void writeGoverned(RefPeer primary, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            command(
                    primary,
                    "gset private-" + i + " value-" + i + " " + governance(i) + (i % 5 == 0 ? " " + TWO_HOURS_MS : ""));
        }
    }

    /** Each of {@code private-from … private-(to-1)}: invisible to plain reads, whole through getWithGovernance. */
    private static void assertGovernedAndHidden(KeyValueView store, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] key = bytes("private-" + i);
            assertNull(store.get(key), "get must not return a governed value");
            assertNull(store.getEntry(key), "getEntry must not return a governed value");
            Entry entry = store.getWithGovernance(key);
            assertArrayEquals(bytes("value-" + i), entry.value(), "private-" + i);
            assertArrayEquals(bytes(governance(i)), entry.governance(), "private-" + i);
        }
    }

    private static void assertPlainAndVisible(KeyValueView store, String key) {
        assertTrue(store.get(bytes(key)) != null, key + " is plain and readable");
        assertNull(store.getWithGovernance(bytes(key)).governance(), key + " has no metadata");
    }

    private static long plainEntries(KeyValueView store) {
        long[] count = {0};
        store.forEach(entry -> count[0]++);
        return count[0];
    }

    /** A 0.7.1 primary on a free loopback port with {@code options} added. */
    private static RefPeer primary(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("primary", "--bind", "127.0.0.1:0"));
        args.addAll(List.of(options));
        return RefPeer.start(ReferenceCrate.SHARDMAP_0_7_1, args.toArray(String[]::new));
    }

    private static ReplicaClientImpl javaReplica(int port) {
        return ReplicaClientImpl.start("interop", RustPrimaryJavaReplicaTest.replicaTo(port, null));
    }

    private static String governance(int i) {
        return "tenant-" + (i % 3) + "/acl-" + i;
    }

    private static void command(RefPeer primary, String line) throws Exception {
        assertEquals("OK", primary.command(line), line + "; stderr: " + primary.stderr());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
