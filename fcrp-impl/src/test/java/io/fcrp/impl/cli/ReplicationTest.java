package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.testkit.NoLeakedThreads;
import io.fcrp.testkit.Poll;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fcrp primary} and {@code fcrp replica} together, in-process on 127.0.0.1. */
@ExtendWith(NoLeakedThreads.class)
class ReplicationTest {

    private static final int KEYS = 2000;
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void replicaConvergesToThePrimary() throws Exception {
        ReplicaJson json = convergeOnce(new String[0], new String[0]);
        assertEquals(1, json.frames.get("Hello"));
        assertEquals(0, json.frames.get("Error"));
        assertEquals(
                List.of("Hello", "SnapshotBegin", "SnapshotChunk", "SnapshotEnd", "MutationBatch", "Ack", "Error"),
                new ArrayList<>(json.frames.keySet()));
        assertEquals(16, json.watermarks.size());
    }

    @Test
    void replicaConvergesWithZstd() throws Exception {
        convergeOnce(new String[] {"--compression", "zstd"}, new String[0]);
    }

    @Test
    void replicaConvergesWithATokenFile() throws Exception {
        String token = Files.writeString(dir.resolve("token"), "s3cret\r\n").toString();
        convergeOnce(new String[] {"--token-file", token}, new String[] {"--token-file", token, "--digest"});
    }

    @Test
    void replicaFollowsALoadWhileConnected() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", String.valueOf(KEYS));
                CommandRun follower =
                        CommandRun.start("replica", "--of", address(primary), "--stdin-commands", "--timeout", "120")) {
            awaitSameDigest(follower, primary.ask("digest", "DIGEST "));

            String loaded = primary.ask("load 20000", "LOADED ");
            assertTrue(loaded.startsWith("LOADED 20000 WATERMARKS "), loaded);
            String primaryWatermarks = loaded.substring("LOADED 20000 ".length());
            String primaryDigest = primary.ask("digest", "DIGEST ");

            // the connected replica got the load live ...
            Poll.until(
                    "replica watermarks reach the primary's",
                    CONVERGE,
                    () -> follower.ask("watermarks", "WATERMARKS ").equals(primaryWatermarks));
            assertEquals(primaryDigest, follower.ask("digest", "DIGEST "));

            // ... and a replica told to wait for the primary's digest stops once it has it
            String hex = primaryDigest.split(" ")[1];
            CommandRun late =
                    CommandRun.complete("replica", "--of", address(primary), "--until-digest", hex, "--timeout", "30");
            assertEquals(0, late.exitCode(Duration.ZERO), late.stderr.text());
            assertEquals(hex, ReplicaJson.parse(late.lastLine()).digest);

            follower.stdin.line("quit");
            assertEquals(0, follower.exitCode(CONVERGE));
            ReplicaJson json = ReplicaJson.parse(follower.lastLine());
            assertEquals(hex, json.digest);
            assertEquals(Long.parseLong(primaryDigest.split(" ")[2]), json.keys);
            assertEquals(
                    Arrays.asList(
                            primaryWatermarks.substring("WATERMARKS ".length()).split(",")),
                    json.watermarks);
            assertTrue(json.frames.get("MutationBatch") > 0, json.frames.toString());
        }
    }

    @Test
    void progressLinesCountAppliedMutationsUntilTheJsonLine() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", String.valueOf(KEYS), "--shards", "4");
                CommandRun replica = CommandRun.start(
                        "replica",
                        "--of",
                        address(primary),
                        "--stdin-commands",
                        "--timeout",
                        "0",
                        "--progress-ms",
                        "2")) {
            BigInteger published = sum(primary.ask("load 0", "LOADED ").split(" ")[3]);
            String caughtUp = replica.stdout.await(
                    line -> line.startsWith("PROGRESS ") && progressSum(line).equals(published), CONVERGE);
            long startedAt = progressTime(caughtUp);

            primary.ask("overwrite 3000 16 0 4", "OVERWRITE_STARTED ");
            BigInteger written = sum(primary.stdout.await(line -> line.startsWith("OVERWROTE "), CONVERGE)
                    .split(" ")[4]);
            assertEquals(BigInteger.valueOf(3000), written.subtract(published));
            String after = replica.stdout.await(
                    line -> line.startsWith("PROGRESS ") && progressSum(line).equals(written), CONVERGE);
            assertTrue(progressTime(after) > startedAt, after);
            assertTrue(
                    Math.abs(progressTime(after) - Overwriter.unixMicros()) < CONVERGE.toNanos() / 1000,
                    "Unix microseconds: " + after);

            replica.stdin.line("quit");
            assertEquals(0, replica.exitCode(CONVERGE));
            assertTrue(replica.lastLine().startsWith("{"), "no PROGRESS line after the JSON: " + replica.lastLine());
            assertEquals(KEYS, ReplicaJson.parse(replica.lastLine()).keys);
        }
    }

    /** The sum of {@code w0,w1,...} as the replica adds them: modulo 2^64. */
    private static BigInteger sum(String watermarkList) {
        BigInteger sum = BigInteger.ZERO;
        for (String watermark : watermarkList.split(",")) {
            sum = sum.add(new BigInteger(watermark));
        }
        return sum.mod(BigInteger.TWO.pow(64));
    }

    private static BigInteger progressSum(String line) {
        return new BigInteger(line.split(" ")[2]);
    }

    private static long progressTime(String line) {
        return Long.parseLong(line.split(" ")[1]);
    }

    @Test
    void wrongTokenFailsWithinTheTimeout() throws Exception {
        String right = Files.writeString(dir.resolve("right"), "right-token\n").toString();
        String wrong = Files.writeString(dir.resolve("wrong"), "wrong-token\n").toString();
        try (CommandRun primary = CommandRun.primary("--keys", "100", "--token-file", right)) {
            long started = System.nanoTime();
            CommandRun replica = CommandRun.start(
                    "replica",
                    "--of",
                    address(primary),
                    "--token-file",
                    wrong,
                    "--until-keys",
                    "100",
                    "--timeout",
                    "2");
            assertEquals(1, replica.exitCode(Duration.ofSeconds(15)));
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(12).toNanos(), "stops near its timeout");
            assertTrue(replica.stderr.text().contains("invalid auth token"), replica.stderr.text());
            ReplicaJson json = ReplicaJson.parse(replica.lastLine());
            assertEquals(0, json.keys);
            assertEquals("none", json.bootstrap);
            assertTrue(json.frames.get("Error") >= 1, json.frames.toString());
            replica.close();
        }
    }

    @Test
    void unreachablePrimaryFailsWithTheLastError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandRun replica = CommandRun.complete(
                "replica", "--of", "127.0.0.1:" + closedPort, "--until-keys", "1", "--timeout", "0.5");
        assertEquals(1, replica.exitCode(Duration.ZERO));
        assertTrue(
                replica.stderr.text().contains("timed out after 0.5 s waiting for 1 live keys"), replica.stderr.text());
        assertTrue(
                replica.stderr.text().contains("last error: cannot reach the primary 127.0.0.1:" + closedPort),
                replica.stderr.text());
        assertEquals(0, ReplicaJson.parse(replica.lastLine()).keys);
    }

    @Test
    void withoutAConditionTheTimeoutEndsFollowingNormally() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "50")) {
            CommandRun replica = CommandRun.complete("replica", "--of", address(primary), "--timeout", "1");
            assertEquals(0, replica.exitCode(Duration.ZERO), replica.stderr.text());
            assertEquals(50, ReplicaJson.parse(replica.lastLine()).keys);
            assertEquals(1, replica.stdout.lines().size(), "only the JSON line: " + replica.stdout.lines());
        }
    }

    @Test
    void quietPeriodEndsReplication() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "500")) {
            CommandRun replica = CommandRun.complete(
                    "replica", "--of", address(primary), "--until-quiet-ms", "300", "--timeout", "20");
            assertEquals(0, replica.exitCode(Duration.ZERO), replica.stderr.text());
            assertEquals(500, ReplicaJson.parse(replica.lastLine()).keys);
        }
    }

    @Test
    void followPrintsEveryAppliedMutation() throws Exception {
        try (CommandRun primary = CommandRun.primary("--shards", "1");
                CommandRun replica = CommandRun.start(
                        "replica", "--of", address(primary), "--follow", "--stdin-commands", "--timeout", "60")) {
            Poll.until(
                    "replica streaming",
                    CONVERGE,
                    () -> replica.ask("status", "STATUS ").startsWith("STATUS state=STREAMING lastError=none"));
            primary.ask("set alpha one", "OK");
            primary.ask("expire alpha 4102444800000", "OK");
            primary.ask("persist alpha", "OK");
            primary.ask("set 0xsneaky two", "OK");
            primary.ask("del alpha", "OK");
            String set = replica.stdout.await(line -> line.startsWith("SET "), CONVERGE);
            assertTrue(set.matches("SET shard=0 seq=\\d+ key=alpha value=3 bytes expire=none"), set);
            String expire = replica.stdout.await(line -> line.startsWith("EXPIRE "), CONVERGE);
            assertTrue(expire.matches("EXPIRE shard=0 seq=\\d+ key=alpha expire=4102444800000"), expire);
            String persist = replica.stdout.await(line -> line.startsWith("EXPIRE "), CONVERGE);
            assertTrue(persist.matches("EXPIRE shard=0 seq=\\d+ key=alpha expire=none"), persist);
            String hexKey = replica.stdout.await(line -> line.startsWith("SET "), CONVERGE);
            assertTrue(hexKey.matches("SET shard=0 seq=\\d+ key=0x3078736e65616b79 value=3 bytes expire=none"), hexKey);
            String del = replica.stdout.await(line -> line.startsWith("DEL "), CONVERGE);
            assertTrue(del.matches("DEL shard=0 seq=\\d+ key=alpha"), del);
            replica.stdin.line("quit");
            assertEquals(0, replica.exitCode(CONVERGE));
            assertEquals(1, ReplicaJson.parse(replica.lastLine()).keys);
        }
    }

    @Test
    void replicaFollowsAPrimaryRestartedOnTheSamePort() throws Exception {
        CommandRun first = CommandRun.primary("--keys", "1000", "--seed", "1");
        String firstDigest = first.ask("digest", "DIGEST ");
        String address = address(first);
        try (CommandRun replica =
                CommandRun.start("replica", "--of", address, "--stdin-commands", "--timeout", "120")) {
            try {
                awaitSameDigest(replica, firstDigest);
                assertEquals("BYE", first.ask("quit", "BYE"));
            } finally {
                first.close();
            }
            try (CommandRun second = CommandRun.start("primary", "--bind", address, "--keys", "700", "--seed", "2")) {
                second.stdout.await(line -> line.startsWith("READY "), CONVERGE);
                String secondDigest = second.ask("digest", "DIGEST ");
                awaitSameDigest(replica, secondDigest);
                replica.stdin.line("quit");
                assertEquals(0, replica.exitCode(CONVERGE));
                ReplicaJson json = ReplicaJson.parse(replica.lastLine());
                assertEquals(700, json.keys);
                assertTrue(json.frames.get("Hello") >= 2, json.frames.toString());
            }
        }
    }

    /** Runs a primary with {@value #KEYS} keys and a replica until it has them all; returns its JSON. */
    private static ReplicaJson convergeOnce(String[] primaryOptions, String[] replicaOptions) throws Exception {
        List<String> primaryArgs = new ArrayList<>(List.of("--keys", String.valueOf(KEYS)));
        primaryArgs.addAll(Arrays.asList(primaryOptions));
        try (CommandRun primary = CommandRun.primary(primaryArgs.toArray(new String[0]))) {
            String[] digest = primary.ask("digest", "DIGEST ").split(" ");
            List<String> replicaArgs = new ArrayList<>(List.of(
                    "replica", "--of", address(primary), "--until-keys", String.valueOf(KEYS), "--timeout", "30"));
            replicaArgs.addAll(Arrays.asList(replicaOptions));
            CommandRun replica = CommandRun.complete(replicaArgs.toArray(new String[0]));
            assertEquals(0, replica.exitCode(Duration.ZERO), replica.stderr.text());
            assertEquals(1, replica.stdout.lines().size(), "only the JSON line: " + replica.stdout.lines());
            ReplicaJson json = ReplicaJson.parse(replica.lastLine());
            assertEquals(KEYS, json.keys);
            assertEquals(digest[1], json.digest);
            assertEquals(String.valueOf(KEYS), digest[2]);
            return json;
        }
    }

    private static void awaitSameDigest(CommandRun replica, String primaryDigestLine) throws Exception {
        Poll.until(
                "replica digest equals " + primaryDigestLine,
                CONVERGE,
                () -> replica.ask("digest", "DIGEST ").equals(primaryDigestLine));
    }

    private static String address(CommandRun primary) {
        return "127.0.0.1:" + primary.port();
    }
}
