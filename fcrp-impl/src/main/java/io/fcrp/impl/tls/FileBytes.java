package io.fcrp.impl.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a TLS file whole, with a message that names it and says why it could not be read. */
final class FileBytes {

    /** Key stores, PEM files and trust stores are small; a larger file is refused before it is read. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private FileBytes() {}

    /** @throws IllegalArgumentException naming the file: missing, unreadable, a directory or too large */
    static byte[] read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, not a file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes: no key store, "
                        + "certificate or key file is");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " cannot be read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e, e);
        }
    }
}
