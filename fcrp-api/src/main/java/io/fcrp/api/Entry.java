package io.fcrp.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored key with its value and absolute expiry, and for a governed entry (one a
 * {@code shardmap} 0.6–0.7 primary replicated with governance metadata) that metadata.
 *
 * <p>The arrays are held as given, not copied: entries carry bulk data, and every producer (a
 * store read, a snapshot chunk decoded) already hands over arrays of its own. Equality and hash
 * code compare the arrays' contents.
 *
 * @param key the key bytes
 * @param value the value bytes
 * @param expireAtMs absolute expiry in Unix milliseconds (unsigned), or {@link #NO_EXPIRY}
 * @param governance the governance metadata of a governed entry, or null for a plain one
 */
public record Entry(byte[] key, byte[] value, long expireAtMs, byte[] governance) {

    /** The expiry sentinel meaning "never expires" (u64::MAX on the wire). */
    public static final long NO_EXPIRY = -1L;

    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A plain entry. */
    public Entry(byte[] key, byte[] value, long expireAtMs) {
        this(key, value, expireAtMs, null);
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
        return other instanceof Entry that
                && expireAtMs == that.expireAtMs
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value)
                && Arrays.equals(governance, that.governance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), expireAtMs, Arrays.hashCode(governance));
    }

    @Override
    public String toString() {
        return "Entry[key=" + key.length + " bytes, value=" + value.length + " bytes, expireAtMs="
                + (hasExpiry() ? Long.toUnsignedString(expireAtMs) : "none") + "]";
    }
}
