package io.fcrp.impl.replication;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.fcrp.impl.cli.Fcrp;

/**
 * An {@code fcrp} command-line process (primary or replica) started from the test class path,
 * optionally behind a command prefix such as {@code ip netns exec <ns>}. It is driven line by line:
 * commands on its stdin, answers read from its stdout; its stderr is kept for failure messages.
 */
final class ForkedFcrp implements AutoCloseable {

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int STDERR_LINES_KEPT = 40;

    private final String label;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final List<Thread> readers = new ArrayList<>();

    private ForkedFcrp(String label, List<String> command) throws IOException {
        this.label = label;
        process = new ProcessBuilder(command).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readers.add(drain(process.getInputStream(), stdout::add));
        readers.add(drain(process.getErrorStream(), this::keepErrorLine));
    }

    /**
     * Starts {@code fcrp <args>} in a JVM with {@code jvmOptions}, behind {@code prefix} (empty to
     * run it directly).
     */
    static ForkedFcrp start(String label, List<String> prefix, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Fcrp.class.getName());
        command.addAll(List.of(args));
        return new ForkedFcrp(label, command);
    }

    /** The next stdout line starting with {@code prefix}; earlier lines are skipped. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            String line = remaining > 0 ? stdout.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError(label + ": no line starting with '" + prefix + "' within " + timeout
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; stderr:\n"
                        + stderr());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Sends one command line and returns its answer, the next line starting with {@code answerPrefix}
     * within {@link #ANSWER_TIMEOUT}; unchecked, for polling conditions.
     */
    String ask(String command, String answerPrefix) {
        try {
            send(command);
            return awaitLine(answerPrefix, ANSWER_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the process wrote to stderr. */
    synchronized String stderr() {
        return String.join("\n", stderr);
    }

    /** Stops the process (SIGTERM, then SIGKILL) and its reader threads. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private synchronized void keepErrorLine(String line) {
        stderr.addLast(line);
        if (stderr.size() > STDERR_LINES_KEPT) {
            stderr.removeFirst();
        }
    }

    private Thread drain(InputStream stream, java.util.function.Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "test-forked-" + label);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
