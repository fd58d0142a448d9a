package io.fcrp.impl.protocol;

import java.util.Locale;

/** How a primary sends MutationBatch and non-empty SnapshotChunk payloads (spec §2.3). */
public enum Compression {
    NONE,
    ZSTD;

    /** Parses {@code none} or {@code zstd}, case-insensitively. */
    public static Compression parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "zstd" -> ZSTD;
            default -> throw new IllegalArgumentException("compression must be none or zstd, not '" + text + "'");
        };
    }

    /** The configuration spelling, {@code none} or {@code zstd}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
