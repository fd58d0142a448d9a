package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ReplicaState;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference primary, on {@code shardmap} 0.1.0 and on 0.7.1 (whose snapshot chunks always have
 * the GOV2 layout), serves the Java replica plain data: snapshot, backlog, live stream, tokens.
 */
class RustPrimaryJavaReplicaTest {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0} primary, compression {1}")
    @MethodSource("io.fcrp.interop.ReferenceCrate#eachWithEveryCompression")
    void snapshotBootstrapThenLiveMutations(ReferenceCrate crate, String compression) throws Exception {
        try (RefPeer primary = RefPeer.start(
                crate,
                "primary",
                "--bind",
                "127.0.0.1:0",
                "--keys",
                "20000",
                "--backlog-bytes",
                "4096",
                "--compression",
                compression)) {
            int port = primary.awaitReady();
            ReplicaClientImpl replica = ReplicaClientImpl.start("interop", replicaTo(port, null));
            try {
                converge(primary, replica);
                assertEquals("snapshot", replica.lastBootstrap().label());
                assertTrue(replica.framesReceived().get(FrameKind.SNAPSHOT_CHUNK) >= 1);

                primary.command("load 20000");
                primary.command("set plain value");
                primary.command("expire plain " + (System.currentTimeMillis() + 7_200_000L));
                primary.command("persist plain");
                primary.command("del key-1");
                converge(primary, replica);
                assertEquals(ReplicaState.STREAMING, replica.state());
                assertEquals(1, replica.status().snapshotsLoaded(), "live frames must not cause a new snapshot");
            } finally {
                replica.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0} primary, compression {1}")
    @MethodSource("io.fcrp.interop.ReferenceCrate#eachWithEveryCompression")
    void backlogBootstrapAndCatchUpAfterDisconnect(ReferenceCrate crate, String compression) throws Exception {
        try (RefPeer primary = RefPeer.start(
                crate, "primary", "--bind", "127.0.0.1:0", "--keys", "3000", "--compression", compression)) {
            int port = primary.awaitReady();
            ReplicaClientImpl replica = ReplicaClientImpl.start("interop", replicaTo(port, null));
            try {
                converge(primary, replica);
                assertEquals("backlog", replica.lastBootstrap().label(), "the reference replays its untrimmed backlog");

                long reconnectsBefore = replica.status().reconnects();
                replica.reconnect();
                primary.command("load 5000");
                converge(primary, replica);
                assertTrue(replica.status().reconnects() > reconnectsBefore);
                assertEquals(0, replica.status().snapshotsLoaded(), "the catch-up came from the backlog");
            } finally {
                replica.shutdown();
            }
        }
    }

    @Test
    void tokenRequiredAndChecked() throws Exception {
        try (RefPeer primary =
                RefPeer.start("primary", "--bind", "127.0.0.1:0", "--keys", "500", "--token", "s3cret")) {
            int port = primary.awaitReady();
            ReplicaClientImpl wrong = ReplicaClientImpl.start("interop-wrong", replicaTo(port, "guess"));
            try {
                Poll.until(
                        "handshake refusal",
                        CONVERGE,
                        () -> String.valueOf(wrong.status().lastError()).contains("invalid auth token"),
                        () -> String.valueOf(wrong.status().lastError()));
                assertEquals(0, wrong.store().size(), "no data may reach a replica with a wrong token");
            } finally {
                wrong.shutdown();
            }
            ReplicaClientImpl right = ReplicaClientImpl.start("interop-right", replicaTo(port, "s3cret"));
            try {
                converge(primary, right);
                assertNull(right.status().lastError());
            } finally {
                right.shutdown();
            }
        }
    }

    /**
     * The reference primary sends no heartbeats (issue 8, finding 4): a Java replica with the default
     * idle timeout must not take its quiet for a dead link (TCP keep-alive watches that link).
     */
    @Test
    void aJavaReplicaStaysConnectedToAQuietRustPrimary() throws Exception {
        try (RefPeer primary = RefPeer.start("primary", "--bind", "127.0.0.1:0", "--keys", "1000")) {
            int port = primary.awaitReady();
            ReplicaClientImpl replica = ReplicaClientImpl.start("interop-quiet", replicaTo(port, null));
            try {
                converge(primary, replica);
                long quietUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                Poll.until(
                        "six quiet seconds, longer than any automatic idle timeout",
                        CONVERGE,
                        () -> {
                            assertEquals(
                                    ReplicaState.STREAMING,
                                    replica.state(),
                                    String.valueOf(replica.status().lastError()));
                            return System.nanoTime() - quietUntil > 0;
                        },
                        () -> String.valueOf(replica.state()));
                assertEquals(0, replica.status().reconnects());
                assertEquals(0L, replica.framesReceived().get(FrameKind.ACK));
                primary.command("load 1000");
                converge(primary, replica);
                assertEquals(0, replica.status().reconnects());
            } finally {
                replica.shutdown();
            }
        }
    }

    static ReplicaConfig replicaTo(int port, String token) {
        return ReplicaConfig.builder()
                .upstream("127.0.0.1:" + port)
                .authToken(token)
                .reconnectBackoffMaxMs(500)
                .build();
    }

    /** Waits until the replica's digest equals the reference primary's. */
    static void converge(RefPeer primary, ReplicaClientImpl replica) throws Exception {
        String[] expected = primary.command("digest").split(" ");
        Poll.until(
                "digest " + expected[1],
                CONVERGE,
                () -> StoreDigest.of(replica.store()).hex().equals(expected[1]),
                () -> "replica " + StoreDigest.of(replica.store()) + ", state " + replica.state() + ", last error "
                        + replica.status().lastError());
        assertEquals(
                Long.parseLong(expected[2]), StoreDigest.of(replica.store()).liveKeys());
    }
}
