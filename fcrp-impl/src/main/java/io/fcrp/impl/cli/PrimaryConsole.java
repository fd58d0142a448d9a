package io.fcrp.impl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.fcrp.api.KeyValueStore;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.store.StoreDigest;

/**
 * Answers the primary's stdin commands, exactly one stdout line per command line:
 * {@code load N}, {@code set K V}, {@code del K}, {@code expire K ABS_MS}, {@code persist K},
 * {@code digest} and {@code quit}; anything else gets {@code ERR <message>}.
 */
final class PrimaryConsole {

    private final PrimaryNode node;
    private final SyntheticWorkload workload;
    private final PrintStream out;

    PrimaryConsole(PrimaryNode node, SyntheticWorkload workload, PrintStream out) {
        this.node = node;
        this.workload = workload;
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
                    long loaded = workload.load(parseCount(words[1]));
                    node.batcher().flush();
                    answer("LOADED " + loaded + " WATERMARKS "
                            + TextFormat.watermarkList(node.batcher().publishedWatermarks()));
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
                    answer("ERR unknown command '" + command + "' (load, set, del, expire, persist, digest, quit)");
                    break;
            }
        } catch (IllegalArgumentException e) {
            answer("ERR " + e.getMessage());
        }
        return true;
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

    private static long parseCount(String text) {
        try {
            long count = Long.parseLong(text);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("load needs a non-negative count, not '" + text + "'");
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
