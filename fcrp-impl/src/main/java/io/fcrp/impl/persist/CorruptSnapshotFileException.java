package io.fcrp.impl.persist;

import java.io.IOException;
import java.nio.file.Path;

/** A persistence file that cannot be read whole: names the file and the byte offset where reading failed. */
public final class CorruptSnapshotFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    CorruptSnapshotFileException(Path file, long offset, String problem) {
        super(file + " is corrupt at byte offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
