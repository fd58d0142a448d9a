package io.fcrp.impl.settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an auth token from a file (the command line's {@code --token-file}, Karaf's
 * {@code auth.token.file}), or a password (the {@code tls.*.password.file} properties): its first
 * line, without surrounding whitespace, as every configured value and Felix Config Admin's
 * {@code $[secret:...]} are.
 */
public final class TokenFile {

    private TokenFile() {}

    /**
     * @throws IllegalArgumentException naming the file and why it holds no token: missing,
     *     unreadable, a directory, or an empty first line
     */
    public static String read(Path file) {
        return read(file, "token");
    }

    /**
     * The first line of {@code file}, trimmed; {@code what} (e.g. {@code password}) names it in messages.
     *
     * @throws IllegalArgumentException naming the file and why it holds no such thing
     */
    public static String read(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, not a " + what + " file");
        }
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " cannot be read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + " cannot be read: permission denied", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e, e);
        }
        String token = line == null ? "" : line.trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no " + what + ": its first line is empty");
        }
        return token;
    }
}
