package io.fcrp.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A writable store whose every mutation is replicated. Expiry instants are absolute Unix
 * milliseconds; {@link Entry#NO_EXPIRY} means none. The store copies the keys and values it is
 * given (off the Java heap); a write that its memory cannot hold throws a
 * {@link StoreFullException} and changes nothing.
 */
@ProviderType
public interface KeyValueStore extends KeyValueView {

    /** Stores {@code value} under {@code key} without expiry. */
    void set(byte[] key, byte[] value);

    /** Stores {@code value} under {@code key}, expiring at {@code expireAtMs}. */
    void set(byte[] key, byte[] value, long expireAtMs);

    /** Removes {@code key}; true when a live entry was removed. */
    boolean delete(byte[] key);

    /**
     * Sets the absolute expiry of {@code key}, or removes it when {@code expireAtMs} is
     * {@link Entry#NO_EXPIRY}; true when a live entry was changed.
     */
    boolean expireAt(byte[] key, long expireAtMs);

    /** Removes the expiry of {@code key}; true when a live entry was changed. */
    default boolean persist(byte[] key) {
        return expireAt(key, Entry.NO_EXPIRY);
    }
}
