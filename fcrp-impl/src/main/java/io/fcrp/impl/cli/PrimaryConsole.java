package io.fcrp.impl.cli;

import io.fcrp.api.KeyValueStore;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.store.StoreDigest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers the primary's stdin commands, exactly one stdout line per command line:
 * {@code load N}, {@code set K V}, {@code del K}, {@code expire K ABS_MS}, {@code persist K},
 * {@code digest}, {@code memory} and {@code quit}; anything else gets {@code ERR <message>}.
 * The benchmark's {@code overwrite COUNT VALUE_SIZE RATE SEED} answers two lines: one when it
 * starts, one when it is done.
 */
final class PrimaryConsole {

    /** The largest overwrite value, as for --value-size. */
    static final int MAX_VALUE_SIZE = 64 * 1024 * 1024;

    private final PrimaryNode node;
    private final SyntheticWorkload workload;
    private final Overwriter overwriter;
    private final PrintStream out;

    PrimaryConsole(PrimaryNode node, SyntheticWorkload workload, long prefilledKeys, PrintStream out) {
        this.node = node;
        this.workload = workload;
        this.overwriter = new Overwriter(node.store(), prefilledKeys);
        this.out = out;
    }

    /**
     * Runs one command line and prints its answer, except for {@code quit}, whose {@code BYE}
     * the caller prints once the primary has stopped.
     *
     * @return false for {@code quit}
     */
    boolean handle(String line) {
        String[] words = line.trim().split("\\s+");
        String command = words[0];
        try {
            switch (command) {
                case "quit":
                    expectWords(words, 1, "quit");
                    return false;
                case "load":
                    expectWords(words, 2, "load N");
                    long loaded = workload.load(parseCount("load", words[1]));
                    node.batcher().flush();
                    answer("LOADED " + loaded + " WATERMARKS "
                            + TextFormat.watermarkList(node.batcher().publishedWatermarks()));
                    break;
                case "overwrite":
                    expectWords(words, 5, "overwrite COUNT VALUE_SIZE RATE_PER_S SEED");
                    overwrite(
                            parseCount("overwrite", words[1]),
                            parseValueSize(words[2]),
                            parseRate(words[3]),
                            parseSeed(words[4]));
                    break;
                case "memory":
                    expectWords(words, 1, "memory");
                    answer(ProcessMemory.line());
                    break;
                case "digest":
                    expectWords(words, 1, "digest");
                    StoreDigest digest = StoreDigest.of(node.store());
                    answer("DIGEST " + digest.hex() + " " + digest.liveKeys());
                    break;
                case "set":
                    expectWords(words, 3, "set KEY VALUE");
                    store().set(bytes(words[1]), bytes(words[2]));
                    written();
                    break;
                case "del":
                    expectWords(words, 2, "del KEY");
                    store().delete(bytes(words[1]));
                    written();
                    break;
                case "expire":
                    expectWords(words, 3, "expire KEY ABS_MS");
                    store().expireAt(bytes(words[1]), parseInstant(words[2]));
                    written();
                    break;
                case "persist":
                    expectWords(words, 2, "persist KEY");
                    store().persist(bytes(words[1]));
                    written();
                    break;
                default:
                    answer("ERR unknown command '" + command + "' (load, overwrite, set, del, expire, persist, digest, "
                            + "memory, quit)");
                    break;
            }
        } catch (IllegalArgumentException e) {
            answer("ERR " + e.getMessage());
        }
        return true;
    }

    /**
     * {@code OVERWRITE_STARTED <t0_unix_us>} before the first Set, then
     * {@code OVERWROTE <count> <elapsed_us> WATERMARKS <w0,...>} once all are published.
     */
    private void overwrite(long count, int valueSize, long ratePerSecond, long seed) {
        long elapsedMicros =
                overwriter.run(count, valueSize, ratePerSecond, seed, t0 -> answer("OVERWRITE_STARTED " + t0));
        node.batcher().flush();
        answer("OVERWROTE " + count + " " + elapsedMicros + " WATERMARKS "
                + TextFormat.watermarkList(node.batcher().publishedWatermarks()));
    }

    private KeyValueStore store() {
        return node.store();
    }

    /** Publishes at once, so a replica sees the write without waiting for the batch delay. */
    private void written() {
        node.batcher().flush();
        answer("OK");
    }

    private void answer(String line) {
        out.println(line);
        out.flush();
    }

    private static void expectWords(String[] words, int count, String synopsis) {
        if (words.length != count) {
            throw new IllegalArgumentException("usage: " + synopsis);
        }
    }

    private static long parseCount(String command, String text) {
        return parseWithin(text, 0, Long.MAX_VALUE, command + " needs a non-negative count");
    }

    private static int parseValueSize(String text) {
        return (int) parseWithin(text, 0, MAX_VALUE_SIZE, "overwrite needs a value size from 0 to " + MAX_VALUE_SIZE);
    }

    private static long parseRate(String text) {
        return parseWithin(text, 0, Long.MAX_VALUE, "overwrite needs a non-negative rate per second (0 = flat out)");
    }

    private static long parseSeed(String text) {
        return parseWithin(text, Long.MIN_VALUE, Long.MAX_VALUE, "overwrite needs a whole-number seed");
    }

    private static long parseWithin(String text, long min, long max, String message) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(message + ", not '" + text + "'");
    }

    private static long parseInstant(String text) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expire needs absolute Unix milliseconds, not '" + text + "'");
        }
    }

    private static byte[] bytes(String word) {
        return word.getBytes(StandardCharsets.UTF_8);
    }
}
