package io.fcrp.impl.persist;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether and where an instance keeps its store on disk ({@code persistence}, the data
 * directory, {@code persistence.interval.s}, {@code persistence.on.corrupt}).
 *
 * @param directory the data directory, or null without persistence
 * @param intervalSeconds seconds between saves while running; 0 saves only at a clean stop
 */
public record PersistenceConfig(Mode mode, Path directory, long intervalSeconds, OnCorrupt onCorrupt) {

    /** {@code persistence}: none (a cache that starts empty) or snapshot (a file of the whole store). */
    public enum Mode {
        NONE,
        SNAPSHOT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code persistence.on.corrupt}: what an instance does when its file cannot be read. */
    public enum OnCorrupt {
        REFUSE,
        START_EMPTY;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final long DEFAULT_INTERVAL_SECONDS = 60;
    public static final long MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

    private static final PersistenceConfig NONE = new PersistenceConfig(Mode.NONE, null, 0, OnCorrupt.REFUSE);

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public PersistenceConfig {
        Objects.requireNonNull(mode, "persistence");
        if (mode == Mode.SNAPSHOT && directory == null) {
            throw new IllegalArgumentException("persistence snapshot needs a data directory");
        }
        if (intervalSeconds < 0 || intervalSeconds > MAX_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("persistence.interval.s must be between 0 and " + MAX_INTERVAL_SECONDS
                    + ", not " + intervalSeconds);
        }
    }

    /** No persistence: the store starts empty. */
    public static PersistenceConfig none() {
        return NONE;
    }

    /**
     * A snapshot file in {@code directory}, written every {@code intervalSeconds} (0: only at a
     * clean stop) and at every clean stop.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static PersistenceConfig snapshot(Path directory, long intervalSeconds, OnCorrupt onCorrupt) {
        return new PersistenceConfig(Mode.SNAPSHOT, directory, intervalSeconds, onCorrupt);
    }

    public boolean enabled() {
        return mode == Mode.SNAPSHOT;
    }

    @Override
    public String toString() {
        return enabled()
                ? "snapshot in " + directory + " every " + intervalSeconds + " s, on corrupt " + onCorrupt
                : "none";
    }
}
