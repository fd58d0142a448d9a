package io.fcrp.impl.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token files: the first line, trimmed; a missing, unreadable or empty one is refused with its path and why. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void theTokenIsTheTrimmedFirstLine() throws Exception {
        assertEquals("s3cret", TokenFile.read(file("s3cret\r\nsecond line\n")));
        assertEquals("s3cret", TokenFile.read(file("s3cret")));
        assertEquals("spaced token", TokenFile.read(file(" spaced token \n")));
    }

    @Test
    void anEmptyFirstLineIsRefused() throws Exception {
        Path blank = file(" \r\nsecond\n");
        assertEquals(blank + " holds no token: its first line is empty", refusal(blank));
        Path empty = file("");
        assertEquals(empty + " holds no token: its first line is empty", refusal(empty));
    }

    @Test
    void aMissingFileOrADirectoryIsRefused() {
        Path missing = dir.resolve("none");
        assertEquals(missing + " cannot be read: no such file", refusal(missing));
        assertEquals(dir + " is a directory, not a token file", refusal(dir));
    }

    @Test
    void anUnreadableFileIsRefused() throws Exception {
        Path locked = file("s3cret\n");
        assertEquals(true, locked.toFile().setReadable(false, false));
        assumeFalse(Files.isReadable(locked), "this user (root?) reads files without read permission");
        assertEquals(locked + " cannot be read: permission denied", refusal(locked));
    }

    private static String refusal(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> TokenFile.read(file))
                .getMessage();
    }

    private Path file(String content) throws Exception {
        Path path = Files.createTempFile(dir, "token", "");
        Files.writeString(path, content);
        return path;
    }
}
