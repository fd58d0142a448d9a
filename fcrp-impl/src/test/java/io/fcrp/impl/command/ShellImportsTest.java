package io.fcrp.impl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shell is an adapter over the public API (issue 11): of FCRP it reads {@code io.fcrp.api} and
 * the small {@code io.fcrp.impl.control} package the components publish for it, never the
 * components ({@code io.fcrp.impl.osgi}) or the engine.
 */
class ShellImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/fcrp/impl/command");

    @Test
    void theShellImportsNoImplementationPackageButControl() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<String> reachingIn = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(ShellImportsTest::lines)
                    .filter(line -> line.startsWith("import io.fcrp.impl.")
                            && !line.startsWith("import io.fcrp.impl.control."))
                    .toList();
            assertEquals(List.of(), reachingIn);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
