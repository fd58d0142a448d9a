package io.fcrp.impl.cli;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves engine or tool threads behind (names starting with {@code fcrp-}):
 * every primary, replica and stdin reader must be stopped by the time the test ends.
 */
final class NoLeakedThreads implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Poll.until("all fcrp threads ending (alive: " + describe() + ")", Duration.ofSeconds(10),
                () -> fcrpThreads().isEmpty());
    }

    private static List<Thread> fcrpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("fcrp-"))
                .collect(Collectors.toList());
    }

    private static String describe() {
        return fcrpThreads().stream().map(Thread::getName).collect(Collectors.joining(", "));
    }
}
