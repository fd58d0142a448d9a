package io.fcrp.api;

import java.util.Arrays;

/**
 * One stored key with its value and absolute expiry, and for a governed entry (one a
 * {@code shardmap} 0.6–0.7 primary replicated with governance metadata) that metadata.
 */
public final class Entry {

    /** The expiry sentinel meaning "never expires" (u64::MAX on the wire). */
    public static final long NO_EXPIRY = -1L;

    private final byte[] key;
    private final byte[] value;
    private final long expireAtMs;
    private final byte[] governance;

    public Entry(byte[] key, byte[] value, long expireAtMs) {
        this(key, value, expireAtMs, null);
    }

    /** An entry with governance metadata ({@code null}: a plain entry). */
    public Entry(byte[] key, byte[] value, long expireAtMs, byte[] governance) {
        this.key = key;
        this.value = value;
        this.expireAtMs = expireAtMs;
        this.governance = governance;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    /** Absolute expiry in Unix milliseconds, or {@link #NO_EXPIRY}. */
    public long expireAtMs() {
        return expireAtMs;
    }

    /** The governance metadata of a governed entry, or null for a plain one. */
    public byte[] governance() {
        return governance;
    }

    public boolean isGoverned() {
        return governance != null;
    }

    public boolean hasExpiry() {
        return expireAtMs != NO_EXPIRY;
    }

    /** True when the entry has an expiry at or before {@code nowMs}. */
    public boolean isExpiredAt(long nowMs) {
        return expireAtMs != NO_EXPIRY && Long.compareUnsigned(expireAtMs, nowMs) <= 0;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Entry)) {
            return false;
        }
        Entry that = (Entry) other;
        return expireAtMs == that.expireAtMs && Arrays.equals(key, that.key) && Arrays.equals(value, that.value)
                && Arrays.equals(governance, that.governance);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(value)) + Long.hashCode(expireAtMs);
    }

    @Override
    public String toString() {
        return "Entry[key=" + key.length + " bytes, value=" + value.length + " bytes, expireAtMs="
                + (hasExpiry() ? Long.toUnsignedString(expireAtMs) : "none") + "]";
    }
}
