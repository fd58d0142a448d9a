package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
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
            assertEquals(1 + 13, primary.stdout.lines().size(), "READY plus one line for each of the 13 commands: "
                    + primary.stdout.lines());
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
