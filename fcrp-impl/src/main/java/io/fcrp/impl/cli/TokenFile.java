package io.fcrp.impl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an auth token from a file: its first line, without the trailing CR/LF. */
final class TokenFile {

    private TokenFile() {
    }

    /** @throws UsageException when the file cannot be read or the token is empty */
    static String read(String file) throws UsageException {
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read token file " + file + ": " + e.getMessage());
        }
        int newline = content.indexOf('\n');
        String line = newline < 0 ? content : content.substring(0, newline);
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
            end--;
        }
        String token = line.substring(0, end);
        if (token.isEmpty()) {
            throw new UsageException("token file " + file + " holds an empty token");
        }
        return token;
    }
}
