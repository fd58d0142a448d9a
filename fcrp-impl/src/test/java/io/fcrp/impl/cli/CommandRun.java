package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code fcrp} command line running in-process on its own thread, with a fed stdin and
 * captured stdout/stderr. Closing it ends stdin and waits for the command to finish.
 */
final class CommandRun implements AutoCloseable {

    static final Duration LINE_TIMEOUT = Duration.ofSeconds(30);

    final FeedInput stdin = new FeedInput();
    final LineSink stdout = new LineSink();
    final LineSink stderr = new LineSink();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread thread;

    private CommandRun(String... args) {
        PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        thread = new Thread(
                () -> {
                    try {
                        exit.complete(Fcrp.run(args, stdin, out, err, ShutdownHooks.none()));
                    } catch (Throwable t) {
                        exit.completeExceptionally(t);
                    }
                },
                "fcrp-test-" + args[0]);
        thread.start();
    }

    static CommandRun start(String... args) {
        return new CommandRun(args);
    }

    /** Runs a command to its end with empty stdin; returns the finished run. */
    static CommandRun complete(String... args) throws Exception {
        CommandRun run = start(args);
        run.stdin.close();
        run.exitCode(LINE_TIMEOUT);
        return run;
    }

    /** Starts a primary and waits for its {@code READY} line; returns the run, its port via {@link #port}. */
    static CommandRun primary(String... options) throws InterruptedException {
        String[] args = new String[options.length + 3];
        args[0] = "primary";
        args[1] = "--bind";
        args[2] = "127.0.0.1:0";
        System.arraycopy(options, 0, args, 3, options.length);
        CommandRun run = start(args);
        run.readyLine = run.stdout.await(line -> line.startsWith("READY "), LINE_TIMEOUT);
        return run;
    }

    private String readyLine;

    int port() {
        return Integer.parseInt(readyLine.substring("READY ".length()));
    }

    /**
     * Sends a stdin line and returns the next stdout line starting with {@code answerPrefix}; unchecked,
     * for polling conditions.
     */
    String ask(String line, String answerPrefix) {
        stdin.line(line);
        try {
            return stdout.await(l -> l.startsWith(answerPrefix) || l.startsWith("ERR "), LINE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the answer to '" + line + "'", e);
        }
    }

    int exitCode(Duration timeout) throws Exception {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("command did not finish within " + timeout + "; stdout: " + stdout.lines()
                    + " stderr: " + stderr.text());
        } catch (ExecutionException e) {
            throw new AssertionError("command threw", e.getCause());
        }
    }

    boolean finished() {
        return exit.isDone();
    }

    /** The last stdout line (the replica's JSON once finished). */
    String lastLine() {
        var lines = stdout.lines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public void close() throws Exception {
        stdin.close();
        try {
            exit.get(LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("command did not stop after stdin closed; stderr: " + stderr.text());
        } catch (ExecutionException e) {
            // already reported by the test that waited for the exit code
        }
        thread.join(LINE_TIMEOUT.toMillis());
    }
}
