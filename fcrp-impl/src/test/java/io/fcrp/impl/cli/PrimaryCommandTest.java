package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.testkit.NoLeakedThreads;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code fcrp primary}: READY, the stdin commands and their one-line answers, determinism, stopping. */
@ExtendWith(NoLeakedThreads.class)
class PrimaryCommandTest {

    /** SHA-256 of nothing: the digest of an empty store. */
    private static final String EMPTY_DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void answersEveryCommandWithOneLine() throws Exception {
        try (CommandRun primary = CommandRun.primary()) {
            assertTrue(primary.port() > 0);
            assertEquals("DIGEST " + EMPTY_DIGEST + " 0", primary.ask("digest", "DIGEST "));
            assertEquals("OK", primary.ask("set alpha one", "OK"));
            assertEquals("OK", primary.ask("expire alpha 99999999999999", "OK"));
            String withExpiry = primary.ask("digest", "DIGEST ");
            assertEquals("OK", primary.ask("persist alpha", "OK"));
            String persisted = primary.ask("digest", "DIGEST ");
            assertNotEquals(withExpiry, persisted, "the expiry is part of the digest");
            assertTrue(persisted.endsWith(" 1"), persisted);
            assertEquals("OK", primary.ask("del alpha", "OK"));
            assertEquals("DIGEST " + EMPTY_DIGEST + " 0", primary.ask("digest", "DIGEST "));
            assertTrue(primary.ask("frobnicate", "ERR ").startsWith("ERR unknown command 'frobnicate'"));
            assertTrue(primary.ask("load many", "ERR ").startsWith("ERR load needs a non-negative count"));
            assertTrue(primary.ask("set onlykey", "ERR ").startsWith("ERR usage: set KEY VALUE"));
            assertTrue(primary.ask("expire alpha soon", "ERR ").startsWith("ERR expire needs absolute"));
            assertEquals("BYE", primary.ask("quit", "BYE"));
            assertEquals(0, primary.exitCode(CommandRun.LINE_TIMEOUT));
            assertEquals(
                    1 + 13,
                    primary.stdout.lines().size(),
                    "READY plus one line for each of the 13 commands: " + primary.stdout.lines());
        }
    }

    @Test
    void loadMakesExactlyOneMutationPerStepAndReportsFlushedWatermarks() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "300", "--shards", "4", "--seed", "5")) {
            String[] before = watermarks(primary.ask("load 0", "LOADED "), "LOADED 0 WATERMARKS ");
            assertEquals(4, before.length);
            String[] after = watermarks(primary.ask("load 500", "LOADED "), "LOADED 500 WATERMARKS ");
            BigInteger advanced = BigInteger.ZERO;
            for (int shard = 0; shard < 4; shard++) {
                advanced = advanced.add(new BigInteger(after[shard]).subtract(new BigInteger(before[shard])));
            }
            assertEquals(BigInteger.valueOf(500), advanced, "every step of a load is one published mutation");
        }
    }

    @Test
    void sameSeedGivesTheSameData() throws Exception {
        String first = prefilledDigest("7");
        assertEquals(first, prefilledDigest("7"));
        assertNotEquals(first, prefilledDigest("8"));
        assertTrue(first.endsWith(" 250"), first);
    }

    @Test
    void stopsAtTheEndOfStdinWithoutBye() throws Exception {
        CommandRun primary = CommandRun.primary("--keys", "10");
        primary.close();
        assertEquals(0, primary.exitCode(Duration.ZERO));
        assertEquals(1, primary.stdout.lines().size(), "only READY: " + primary.stdout.lines());
    }

    @Test
    void busyPortIsAFailure() throws Exception {
        try (CommandRun first = CommandRun.primary()) {
            CommandRun second = CommandRun.complete("primary", "--bind", "127.0.0.1:" + first.port());
            assertEquals(1, second.exitCode(Duration.ZERO));
            assertTrue(second.stderr.text().contains("cannot start"), second.stderr.text());
            assertEquals("", second.stdout.text());
        }
    }

    @Test
    void overwriteSetsExistingKeysOnlyAndReportsStartAndFlushedWatermarks() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "300", "--shards", "4", "--seed", "5")) {
            String[] before = watermarks(primary.ask("load 0", "LOADED "), "LOADED 0 WATERMARKS ");
            long sentAt = Overwriter.unixMicros();
            String started = primary.ask("overwrite 1000 32 0 9", "OVERWRITE_STARTED ");
            long t0 = Long.parseLong(started.substring("OVERWRITE_STARTED ".length()));
            assertTrue(t0 >= sentAt && t0 <= Overwriter.unixMicros(), "T0 is the Unix time in us: " + started);
            String done = primary.stdout.await(line -> line.startsWith("OVERWROTE "), CommandRun.LINE_TIMEOUT);
            String[] words = done.split(" ");
            assertEquals(5, words.length, done);
            assertEquals("1000", words[1]);
            assertTrue(Long.parseLong(words[2]) >= 0, done);
            assertEquals("WATERMARKS", words[3]);
            assertEquals(
                    BigInteger.valueOf(1000),
                    advance(before, words[4].split(",")),
                    "every Set is one published mutation");
            assertTrue(primary.ask("digest", "DIGEST ").endsWith(" 300"), "only the pre-filled keys were written");
        }
    }

    @Test
    void overwriteAtARateFollowsItsSchedule() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "50", "--seed", "5")) {
            primary.ask("overwrite 201 8 2000 1", "OVERWRITE_STARTED ");
            String done = primary.stdout.await(line -> line.startsWith("OVERWROTE "), CommandRun.LINE_TIMEOUT);
            // the last of 201 Sets at 2000/s is due 100 ms after the first
            long elapsedMicros = Long.parseLong(done.split(" ")[2]);
            assertTrue(elapsedMicros >= 100_000, done);
        }
    }

    @Test
    void overwriteRefusesWrongArgumentsAndAnEmptyKeySpace() throws Exception {
        try (CommandRun empty = CommandRun.primary()) {
            assertTrue(empty.ask("overwrite 10 8 0 1", "ERR ").startsWith("ERR overwrite needs pre-filled keys"));
        }
        try (CommandRun primary = CommandRun.primary("--keys", "10")) {
            assertTrue(primary.ask("overwrite 10 8 0", "ERR ").startsWith("ERR usage: overwrite COUNT VALUE_SIZE"));
            assertTrue(
                    primary.ask("overwrite -1 8 0 1", "ERR ").startsWith("ERR overwrite needs a non-negative count"));
            assertTrue(primary.ask("overwrite 1 big 0 1", "ERR ").startsWith("ERR overwrite needs a value size"));
            assertTrue(primary.ask("overwrite 1 8 -3 1", "ERR ").startsWith("ERR overwrite needs a non-negative rate"));
            assertTrue(primary.ask("overwrite 1 8 0 x", "ERR ").startsWith("ERR overwrite needs a whole-number seed"));
            assertEquals(
                    "OVERWRITE_STARTED",
                    primary.ask("overwrite 0 8 0 1", "OVERWRITE_STARTED ").split(" ")[0]);
            assertTrue(primary.stdout
                    .await(line -> line.startsWith("OVERWROTE "), CommandRun.LINE_TIMEOUT)
                    .startsWith("OVERWROTE 0 "));
        }
    }

    @Test
    void memoryReportsHeapDirectAndResidentBytes() throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "100")) {
            String memory = primary.ask("memory", "MEMORY ");
            assertTrue(memory.matches("MEMORY heap_used=[1-9]\\d* direct_used=\\d+ rss=(-1|[1-9]\\d*)"), memory);
            assertTrue(primary.ask("memory now", "ERR ").startsWith("ERR usage: memory"));
        }
    }

    @Test
    void theKeyFormatterWritesTheKeysOfTheLoadWithoutNewArrays() {
        KeyFormatter formatter = new KeyFormatter();
        for (long index : new long[] {0, 7, 10, 99, 123_456_789, Long.MAX_VALUE, 5}) {
            assertEquals(
                    new String(SyntheticWorkload.key(index), StandardCharsets.US_ASCII),
                    new String(formatter.key(index), StandardCharsets.US_ASCII));
        }
        assertSame(formatter.key(3), formatter.key(4), "keys of one length share a buffer");
    }

    private static BigInteger advance(String[] before, String[] after) {
        assertEquals(before.length, after.length);
        BigInteger advanced = BigInteger.ZERO;
        for (int shard = 0; shard < before.length; shard++) {
            advanced = advanced.add(new BigInteger(after[shard]).subtract(new BigInteger(before[shard])));
        }
        return advanced;
    }

    private static String prefilledDigest(String seed) throws Exception {
        try (CommandRun primary = CommandRun.primary("--keys", "250", "--value-size", "16", "--seed", seed)) {
            return primary.ask("digest", "DIGEST ");
        }
    }

    private static String[] watermarks(String loadedLine, String expectedPrefix) {
        assertTrue(loadedLine.startsWith(expectedPrefix), loadedLine);
        return loadedLine.substring(expectedPrefix.length()).split(",");
    }
}
