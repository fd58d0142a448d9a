package io.fcrp.interop;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Rust reference peer ({@code fcrp-ref-peer}) run as a subprocess: stdout lines are queued
 * for the test, stderr is kept for failure messages, and {@link #close()} always ends the process.
 */
final class RefPeer implements AutoCloseable {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private RefPeer(ReferenceCrate crate, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(crate.binary().toString());
        command.addAll(args);
        process = new ProcessBuilder(command).start();
        stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        stdoutPump = pump(
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                line -> stdout.add(line),
                "stdout");
        stderrPump = pump(
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                line -> stderr.append(line).append('\n'),
                "stderr");
    }

    /** Starts the {@code shardmap} 0.1.0 peer with {@code args}, e.g. {@code primary --bind 127.0.0.1:0}. */
    static RefPeer start(String... args) throws IOException {
        return start(ReferenceCrate.SHARDMAP_0_1_0, args);
    }

    /** Starts the peer built against {@code crate} with {@code args}. */
    static RefPeer start(ReferenceCrate crate, String... args) throws IOException {
        return new RefPeer(crate, List.of(args));
    }

    /** The next stdout line, failing after a minute with what the peer wrote on stderr. */
    String nextLine() throws InterruptedException {
        String line = stdout.poll(LINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output from reference peer within " + LINE_TIMEOUT.toSeconds() + " s (alive: "
                    + process.isAlive() + "); stderr:\n" + stderr);
        }
        return line;
    }

    /** Sends one command line and returns the answer line. */
    String command(String line) throws IOException, InterruptedException {
        send(line);
        return nextLine();
    }

    void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** Closes stdin so that a filter command (decode) finishes. */
    void closeInput() throws IOException {
        stdin.close();
    }

    /** Waits for the process to exit and returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("reference peer did not exit within " + timeout + "; stderr:\n" + stderr);
        }
        stdoutPump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Every remaining stdout line after the process ended. */
    List<String> drainLines() {
        List<String> lines = new ArrayList<>();
        stdout.drainTo(lines);
        return lines;
    }

    String stderr() {
        return stderr.toString();
    }

    /** For a primary: reads {@code READY <port>} and returns the port. */
    int awaitReady() throws InterruptedException {
        String line = nextLine();
        if (!line.startsWith("READY ")) {
            throw new AssertionError("expected READY, got '" + line + "'; stderr:\n" + stderr);
        }
        return Integer.parseInt(line.substring(6).trim());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process may already be gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        stdoutPump.join(TimeUnit.SECONDS.toMillis(5));
        stderrPump.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static Thread pump(BufferedReader reader, java.util.function.Consumer<String> sink, String name) {
        Thread thread = new Thread(
                () -> {
                    try (reader) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "ref-peer-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
