package io.fcrp.api;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to a store. Expired entries are invisible. Returned arrays are copies that the
 * caller owns. A governed entry (replicated with governance metadata by a {@code shardmap} 0.6–0.7
 * primary) is hidden from plain reads, as the reference hides it (fail closed): only
 * {@link #getWithGovernance} returns it, with its metadata.
 */
@ProviderType
public interface KeyValueView {

    /** The live value of {@code key}, or null when absent, expired or governed. */
    byte[] get(byte[] key);

    /** The live plain entry of {@code key} with its expiry, or null when absent, expired or governed. */
    Entry getEntry(byte[] key);

    /**
     * The live entry of {@code key}, governed or not, with its governance metadata
     * ({@link Entry#governance()}, null for a plain entry); null when absent or expired.
     */
    Entry getWithGovernance(byte[] key);

    /** Number of entries held, governed ones and expired ones not yet swept included. */
    long size();

    /** Number of governed entries held (hidden from plain reads). */
    long governedCount();

    /** Visits every live plain entry, shard by shard, in no particular order. */
    void forEach(Consumer<Entry> action);

    /** The store's off-heap memory now: its limit, what it holds and how much of that live entries use. */
    StoreMemory memory();
}
