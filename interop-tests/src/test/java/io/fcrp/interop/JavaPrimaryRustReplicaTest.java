package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionState;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java primary, which speaks plain v1 only, serves the reference replica on {@code shardmap}
 * 0.1.0 and on 0.7.1: snapshot, backlog, live stream, tokens.
 */
class JavaPrimaryRustReplicaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final int HELLO = 1;
    private static final int MUTATION_BATCH = 5;
    private static final int ACK = 6;

    @ParameterizedTest(name = "{0} replica, compression {1}")
    @MethodSource("io.fcrp.interop.ReferenceCrate#eachWithEveryCompression")
    void snapshotBootstrapThenLiveMutations(ReferenceCrate crate, String compression) throws Exception {
        try (PrimaryNode primary = PrimaryNode.start(
                "interop", config(compression).backlogBytes(4096).build())) {
            JavaLoad load = new JavaLoad(primary.store(), 1, 40_000);
            load.fill(20_000, 64);
            try (RefPeer replica = rustReplica(crate, primary.port(), null)) {
                converge(primary, replica);
                assertTrue(primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT) >= 1);

                load.mutate(20_000);
                primary.store().set("plain".getBytes(), "value".getBytes());
                primary.store().expireAt("plain".getBytes(), System.currentTimeMillis() + 7_200_000L);
                primary.store().persist("plain".getBytes());
                primary.store().delete(JavaLoad.key(1));
                converge(primary, replica);
                assertEquals(0, primary.server().droppedReplicas());
            }
        }
    }

    @ParameterizedTest(name = "{0} replica, compression {1}")
    @MethodSource("io.fcrp.interop.ReferenceCrate#eachWithEveryCompression")
    void backlogCatchUpAfterDisconnect(ReferenceCrate crate, String compression) throws Exception {
        try (PrimaryNode primary =
                PrimaryNode.start("interop", config(compression).build())) {
            JavaLoad load = new JavaLoad(primary.store(), 2, 10_000);
            load.fill(5_000, 64);
            try (RefPeer replica = rustReplica(crate, primary.port(), null)) {
                converge(primary, replica);
                long snapshots = primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT);
                long backlogs = primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT);

                ReplicaSessionInfo session = primary.server().sessions().get(0);
                assertTrue(primary.server().disconnect(session.id()));
                load.mutate(10_000);
                Poll.until(
                        "the reference replica to reconnect",
                        CONVERGE,
                        () -> primary.server().sessions().stream()
                                .anyMatch(s -> s.id() != session.id() && s.state() == SessionState.LIVE),
                        () -> primary.server().sessions().toString());
                load.mutate(5_000);
                converge(primary, replica);
                assertEquals(
                        snapshots,
                        primary.server().metrics().get(Metric.CATCH_UP_SNAPSHOT_COUNT),
                        "the reconnect must be served without a snapshot");
                assertEquals(backlogs + 1, primary.server().metrics().get(Metric.CATCH_UP_BACKLOG_COUNT));
            }
        }
    }

    /**
     * Heartbeats (issue 8, finding 4): a Java primary sends an Ack frame on an idle link; the
     * reference replica must take it mid-stream and go on replicating. It never answers, so after
     * a few the primary stops sending them (keep-alive then watches that idle link).
     */
    @ParameterizedTest(name = "{0} replica")
    @EnumSource(ReferenceCrate.class)
    void aRustReplicaIgnoresHeartbeatsMidStreamAndConverges(ReferenceCrate crate) throws Exception {
        try (PrimaryNode primary = PrimaryNode.start(
                        "interop", config("none").heartbeatIntervalMs(20).build());
                FrameTap tap = FrameTap.to(primary.port())) {
            JavaLoad load = new JavaLoad(primary.store(), 4, 10_000);
            load.fill(5_000, 64);
            try (RefPeer replica = rustReplica(crate, tap.port(), null)) {
                converge(primary, replica);
                Poll.until(
                        "heartbeats reach the idle reference replica",
                        CONVERGE,
                        () -> tap.kinds().stream().filter(kind -> kind == ACK).count() >= 5,
                        () -> tap.kinds().toString());
                for (int round = 0; round < 3; round++) {
                    load.mutate(2_000);
                    converge(primary, replica);
                }
                List<Integer> kinds = tap.kinds();
                int lastAck = kinds.lastIndexOf(ACK);
                assertTrue(
                        kinds.subList(lastAck, kinds.size()).contains(MUTATION_BATCH),
                        "batches followed the heartbeats: " + kinds);
                assertEquals(
                        1,
                        primary.server().sessions().size(),
                        primary.server().sessions().toString());
                assertEquals(
                        SessionState.LIVE, primary.server().sessions().get(0).state());
                assertEquals(
                        1,
                        kinds.stream().filter(kind -> kind == HELLO).count(),
                        "the reference replica kept its one connection: " + kinds);
            }
        }
    }

    @Test
    void tokenRequiredAndChecked() throws Exception {
        try (PrimaryNode primary =
                PrimaryNode.start("interop", config("none").authToken("s3cret").build())) {
            new JavaLoad(primary.store(), 3, 1_000).fill(500, 32);
            try (RefPeer wrong = RefPeer.start(
                    "replica",
                    "--of",
                    "127.0.0.1:" + primary.port(),
                    "--token",
                    "guess",
                    "--until-keys",
                    "1",
                    "--timeout",
                    "3")) {
                assertEquals(1, wrong.waitFor(Duration.ofSeconds(30)), "a wrong token must never reach its goal");
                JsonNode result = JSON.readTree(wrong.drainLines().get(0));
                assertEquals(0, result.get("keys").asLong(), "no data may reach a replica with a wrong token");
                assertTrue(wrong.stderr().contains("invalid auth token"), wrong.stderr());
            }
            assertTrue(primary.server().rejectedConnections() >= 1);
            try (RefPeer right = rustReplica(ReferenceCrate.SHARDMAP_0_1_0, primary.port(), "s3cret")) {
                converge(primary, right);
            }
        }
    }

    static PrimaryConfig.Builder config(String compression) {
        return PrimaryConfig.builder()
                .bindAddress("127.0.0.1:0")
                .shardCount(4)
                .compression(Compression.parse(compression));
    }

    /** A reference replica on {@code crate} that stays up and answers {@code digest} on stdin. */
    static RefPeer rustReplica(ReferenceCrate crate, int port, String token) throws Exception {
        return token == null
                ? RefPeer.start(crate, "replica", "--of", "127.0.0.1:" + port, "--stdin-commands")
                : RefPeer.start(crate, "replica", "--of", "127.0.0.1:" + port, "--token", token, "--stdin-commands");
    }

    /** Waits until the reference replica's digest equals the Java primary's. */
    static void converge(PrimaryNode primary, RefPeer replica) throws Exception {
        primary.batcher().flush();
        awaitDigest(replica, StoreDigest.of(primary.store()));
    }

    /** Waits until the reference replica answers {@code digest} with {@code expected} and its key count. */
    static void awaitDigest(RefPeer replica, StoreDigest expected) throws Exception {
        String[] last = new String[1];
        Poll.until(
                "digest " + expected,
                CONVERGE,
                () -> {
                    try {
                        last[0] = replica.command("digest");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    return last[0].equals("DIGEST " + expected.hex() + " " + expected.liveKeys());
                },
                () -> last[0] + "; reference replica stderr: " + replica.stderr());
    }
}
