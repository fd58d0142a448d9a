package io.fcrp.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The threads of the engine, its adapters and the command-line tool: each is named
 * {@value #PREFIX}..., so a test sees which are alive and can wait for them to end.
 */
public final class FcrpThreads {

    public static final String PREFIX = "fcrp-";
    /** How long the threads of a stopped instance may take to end. */
    public static final Duration ENDING = Duration.ofSeconds(10);

    private static final int FRAMES_SHOWN = 8;

    private FcrpThreads() {}

    /** The names of the live {@value #PREFIX} threads, sorted; a name shows twice when two threads bear it. */
    public static List<String> names() {
        return alive().stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }

    /** Waits until no {@value #PREFIX} thread is alive, within {@link #ENDING}. */
    public static void awaitNone() {
        awaitNone(ENDING);
    }

    /** Waits until no {@value #PREFIX} thread is alive; the failure shows each one's state and top frames. */
    public static void awaitNone(Duration timeout) {
        Poll.until(
                "no thread named " + PREFIX + "* is alive",
                timeout,
                () -> alive().isEmpty(),
                FcrpThreads::describeAlive);
    }

    private static List<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(PREFIX))
                .collect(Collectors.toList());
    }

    private static String describeAlive() {
        StringBuilder text = new StringBuilder();
        for (Thread thread : alive()) {
            text.append('\n').append(thread.getName()).append(' ').append(thread.getState());
            Arrays.stream(thread.getStackTrace())
                    .limit(FRAMES_SHOWN)
                    .forEach(f -> text.append("\n    at ").append(f));
        }
        return text.toString();
    }
}
