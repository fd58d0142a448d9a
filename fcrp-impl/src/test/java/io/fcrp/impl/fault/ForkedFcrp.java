package io.fcrp.impl.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One {@code fcrp} command line in a JVM of its own (the test's class path), so that a test can
 * kill it for real with SIGKILL ({@link Process#destroyForcibly()} on Unix). Its stdout lines are
 * queued for {@link #await}; its stderr goes to a file that failures show.
 */
final class ForkedFcrp implements AutoCloseable {

    static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Path stderr;
    private final Thread reader;

    private ForkedFcrp(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process was killed
            }
        }, "test-forked-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code fcrp args...} with a small heap; its stderr goes to {@code stderr}. */
    static ForkedFcrp start(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:MaxDirectMemorySize=1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), "io.fcrp.impl.cli.Fcrp"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        return new ForkedFcrp(process, stderr);
    }

    /** The next stdout line matching {@code wanted} (earlier ones are skipped). */
    String await(Predicate<String> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            String line = remaining > 0 ? lines.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no " + what + " within " + LINE_TIMEOUT + " (alive: " + process.isAlive()
                        + "); stdout: " + seen + "; stderr: " + stderrTail());
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Sends a stdin line and returns the next stdout line starting with {@code answerPrefix}. */
    String ask(String line, String answerPrefix) throws Exception {
        stdin.write(line + "\n");
        stdin.flush();
        return await(l -> l.startsWith(answerPrefix), "answer to '" + line + "'");
    }

    /** Polls {@code condition} until it holds; fails when the process ends first or time runs out. */
    void awaitWhileAlive(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " (alive: " + process.isAlive() + "): " + stderrTail());
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no last save, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL");
        }
    }

    String stderrTail() {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
