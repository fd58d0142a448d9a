package io.fcrp.impl.testing;

import io.fcrp.impl.cli.Fcrp;
import io.fcrp.testkit.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An {@code fcrp} command line (primary or replica) in a JVM of its own, started from the test
 * class path, optionally behind a command prefix such as {@code ip netns exec <ns>}. A test drives
 * it line by line (commands on its stdin, answers from its stdout), can kill it for real (SIGKILL,
 * no shutdown hook) and reads its stderr, which goes to a file: a temporary one, or a log the test
 * keeps across restarts.
 */
public final class ForkedFcrp implements AutoCloseable {

    /** How long a test waits for one step of the process: READY, an answer, its final JSON, a file it saves. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private static final int LINES_SHOWN = 40;

    private final String label;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> recentStdout = new ArrayDeque<>();
    private final Path stderrFile;
    private final boolean temporaryStderr;
    private final Thread reader;

    private ForkedFcrp(String label, List<String> command, Path stderrFile, boolean temporaryStderr)
            throws IOException {
        this.label = label;
        this.stderrFile = stderrFile;
        this.temporaryStderr = temporaryStderr;
        process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()))
                .start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(this::readStdout, "test-forked-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code fcrp <args>} in a JVM with {@code jvmOptions}, behind {@code prefix} (empty to run
     * it directly); its stderr goes to a temporary file, deleted on {@link #close()}.
     */
    public static ForkedFcrp start(String label, List<String> prefix, List<String> jvmOptions, String... args)
            throws IOException {
        Path stderr = Files.createTempFile("fcrp-" + label + "-", ".stderr");
        return new ForkedFcrp(label, command(prefix, jvmOptions, args), stderr, true);
    }

    /**
     * Starts {@code fcrp <args>} in a JVM with {@code jvmOptions}; its stderr is appended to
     * {@code stderrLog}, which outlives the process (a test reads what each of its restarts logged).
     */
    public static ForkedFcrp startLoggingTo(Path stderrLog, List<String> jvmOptions, String... args)
            throws IOException {
        return new ForkedFcrp(
                stderrLog.getFileName().toString(), command(List.of(), jvmOptions, args), stderrLog, false);
    }

    private static List<String> command(List<String> prefix, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Fcrp.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The next stdout line starting with {@code prefix}; earlier lines are skipped. */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                String line = remaining > 0 ? stdout.poll(remaining, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError(
                            label + ": no line starting with '" + prefix + "' within " + timeout + "; " + describe());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted waiting for '" + prefix + "'", e);
        }
    }

    /**
     * Sends one command line and returns its answer, the next line starting with {@code answerPrefix}
     * within {@link #STEP_TIMEOUT}; unchecked, for polling conditions.
     */
    public String ask(String command, String answerPrefix) {
        try {
            send(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return awaitLine(answerPrefix, STEP_TIMEOUT);
    }

    public void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** Polls {@code condition} until it holds; fails at once when the process ends first. */
    public void awaitWhileAlive(String what, Duration timeout, BooleanSupplier condition) {
        Poll.until(
                label + ": " + what,
                timeout,
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(label + " ended before " + what + "; " + describe());
                    }
                    return condition.getAsBoolean();
                },
                this::describe);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last save, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " (" + label + ") survived SIGKILL");
        }
    }

    /** The last lines the process wrote to stderr. */
    public String stderr() {
        try {
            List<String> all = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - LINES_SHOWN), all.size()));
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process if it still runs (SIGTERM, then SIGKILL) and its reader thread. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        if (temporaryStderr) {
            try {
                Files.deleteIfExists(stderrFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String describe() {
        String status = process.isAlive() ? "running" : "exited with " + process.exitValue();
        synchronized (recentStdout) {
            return status + "; last stdout lines: " + recentStdout + "; stderr:\n" + stderr();
        }
    }

    private void readStdout() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (recentStdout) {
                    recentStdout.addLast(line);
                    if (recentStdout.size() > LINES_SHOWN) {
                        recentStdout.removeFirst();
                    }
                }
                stdout.add(line);
            }
        } catch (IOException ended) {
            // the process ended or was killed
        }
    }
}
