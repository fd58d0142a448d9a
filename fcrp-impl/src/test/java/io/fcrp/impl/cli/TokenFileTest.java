package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token files: the first line without trailing CR/LF; empty or unreadable is a usage error. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void firstLineWithoutLineEnd() throws Exception {
        assertEquals("s3cret", TokenFile.read(file("s3cret\r\nsecond line\n")));
        assertEquals("s3cret", TokenFile.read(file("s3cret")));
        assertEquals(" spaced token ", TokenFile.read(file(" spaced token \n")));
    }

    @Test
    void emptyTokenIsRefused() throws Exception {
        UsageException e = assertThrows(UsageException.class, () -> TokenFile.read(file("\r\n")));
        assertTrue(e.getMessage().contains("empty token"), e.getMessage());
        assertThrows(UsageException.class, () -> TokenFile.read(file("")));
    }

    @Test
    void missingFileIsRefused() {
        UsageException e = assertThrows(UsageException.class, () -> TokenFile.read(dir.resolve("none").toString()));
        assertTrue(e.getMessage().startsWith("cannot read token file"), e.getMessage());
    }

    private String file(String content) throws Exception {
        Path path = Files.createTempFile(dir, "token", "");
        Files.writeString(path, content);
        return path.toString();
    }
}
