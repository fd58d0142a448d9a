package io.fcrp.impl.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects what a command writes, line by line, and lets a test wait for a line with a deadline. */
final class LineSink extends OutputStream {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private int cursor;

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            lines.add(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
            notifyAll();
        } else {
            partial.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** Every complete line so far. */
    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Every complete line, plus an unterminated tail. */
    synchronized String text() {
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n") + partial.toString(StandardCharsets.UTF_8);
    }

    /**
     * Waits for the first line after the previously awaited one that matches, and moves past it.
     *
     * @throws AssertionError when no such line arrives in time
     */
    synchronized String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = cursor; i < lines.size(); i++) {
                if (wanted.test(lines.get(i))) {
                    cursor = i + 1;
                    return lines.get(i);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("no matching line within " + timeout + "; got: " + lines);
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
    }
}
