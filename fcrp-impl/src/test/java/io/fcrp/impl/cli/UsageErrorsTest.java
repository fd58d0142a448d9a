package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong command lines exit with 2, a message and a usage text on stderr, and nothing on stdout. */
class UsageErrorsTest {

    private static final String BIND = "127.0.0.1:0";

    @TempDir
    static Path dir;

    static Stream<Arguments> wrongCommandLines() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-token"), "\r\n");
        Path missing = dir.resolve("no-such-token");
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"--verbose"}),
                Arguments.of((Object) new String[] {"frobnicate"}),
                Arguments.of((Object) new String[] {"primary"}),
                Arguments.of((Object) new String[] {"primary", "--bind"}),
                Arguments.of((Object) new String[] {"primary", "--bind", "nonsense"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--shards", "3"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--shards", "many"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--keys", "-1"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--compression", "lz4"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--send-policy", "sometimes"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--backlog-bytes", "-5"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--token-file", empty.toString()}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--token-file", missing.toString()}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--frobnicate"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "extra"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--bind", BIND}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--heartbeat-ms", "-1"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--max-replicas", "0"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--max-pending-handshakes", "0"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--tcp-keepalive", "5,2"}),
                Arguments.of((Object) new String[] {"primary", "--bind", BIND, "--tcp-keepalive", "0,2,3"}),
                Arguments.of((Object) new String[] {"replica"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:0"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--until-digest", "abc"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--until-keys", "x"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--timeout", "-1"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--timeout", "soon"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--follow=yes"}),
                Arguments.of(
                        (Object) new String[] {"replica", "--of", "127.0.0.1:1", "--token-file", empty.toString()}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--progress-ms", "0"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--progress-ms", "often"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--idle-timeout-ms", "-1"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--max-frame-bytes", "100"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--tcp-keepalive", "5,2,x"}),
                Arguments.of((Object) new String[] {"replica", "--of", "127.0.0.1:1", "--tcp-keepalive", "5,2,200"}),
                Arguments.of((Object) new String[] {"decode", "a", "b"}),
                Arguments.of((Object) new String[] {"decode", "--strict"}));
    }

    @ParameterizedTest
    @MethodSource("wrongCommandLines")
    void exitsWithUsageError(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Fcrp.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ShutdownHooks.none());
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, stderr);
        assertTrue(stderr.startsWith("fcrp"), stderr);
        assertTrue(stderr.contains("usage: fcrp"), stderr);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "stdout carries only contract lines");
    }

    @Test
    void benchHandsItsArgumentsToTheBenchmark() {
        for (String[] args : List.of(
                new String[] {"bench", "--frobnicate", "1"},
                new String[] {"bench", "--writers", "x"},
                new String[] {"bench", "--writers"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Fcrp.run(
                    args,
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    ShutdownHooks.none());
            assertEquals(2, code, String.join(" ", args));
            assertTrue(
                    err.toString(StandardCharsets.UTF_8).contains("usage: fcrp bench"),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Fcrp.run(
                new String[] {"replica", "--help"},
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()),
                ShutdownHooks.none());
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: fcrp replica --of HOST:PORT"));
    }
}
