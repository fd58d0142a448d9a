package io.fcrp.impl.replication;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps a copy of what the logger (slf4j-simple, which writes to the current {@code System.err})
 * prints while it is open, for tests that check a WARN was logged; everything still reaches stderr.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The lines logged so far at {@code level} (e.g. WARN) that contain {@code text}. */
    List<String> lines(String level, String text) {
        String logged;
        synchronized (copy) {
            logged = copy.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(logged.split("\n"))
                .filter(line -> line.contains(level) && line.contains(text))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
