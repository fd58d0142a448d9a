package io.fcrp.impl.primary;

import java.util.Locale;

/** When the primary turns pending records into a MutationBatch frame. */
public enum SendPolicy {
    /** Every mutation is its own one-record batch. */
    IMMEDIATE,
    /** Records accumulate until a record, byte or delay threshold is reached. */
    BATCH;

    public static SendPolicy parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "immediate":
                return IMMEDIATE;
            case "batch":
                return BATCH;
            default:
                throw new IllegalArgumentException("send policy must be immediate or batch, not '" + text + "'");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
