package io.fcrp.impl.primary;

import java.util.Locale;

/** When the primary turns pending records into a MutationBatch frame. */
public enum SendPolicy {
    /** Every mutation is its own one-record batch. */
    IMMEDIATE,
    /** Records accumulate until a record, byte or delay threshold is reached. */
    BATCH;

    /** The configuration spelling, {@code immediate} or {@code batch}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
