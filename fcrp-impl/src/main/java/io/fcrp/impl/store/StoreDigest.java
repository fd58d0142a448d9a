package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueView;
import io.fcrp.impl.protocol.SnapshotChunk;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The digest that compares two stores (design.md): SHA-256 over all live entries sorted by key
 * bytes (unsigned lexicographic), each as u32 LE key length, key, u32 LE value length, value,
 * u64 LE expiry ({@code 0xFFFFFFFFFFFFFFFF} when none). A governed entry (spec §11.1) is followed by
 * the marker {@code GOV2}, u32 LE governance length and the governance bytes, so that a store
 * without governed entries keeps the digest it always had.
 */
public final class StoreDigest {

    private final String hex;
    private final long liveKeys;

    private StoreDigest(String hex, long liveKeys) {
        this.hex = hex;
        this.liveKeys = liveKeys;
    }

    public static StoreDigest of(KeyValueView store) {
        List<Entry> entries = new ArrayList<>();
        if (store instanceof MapBackedView view) {
            view.forEach(entries::add, true);
        } else {
            store.forEach(entries::add);
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer number = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry entry : entries) {
            sha.update(number.clear().putInt(entry.key().length).array(), 0, 4);
            sha.update(entry.key());
            sha.update(number.clear().putInt(entry.value().length).array(), 0, 4);
            sha.update(entry.value());
            sha.update(number.clear().putLong(entry.expireAtMs()).array(), 0, 8);
            if (entry.isGoverned()) {
                sha.update(
                        number.clear().putInt(SnapshotChunk.GOVERNANCE_MARKER).array(), 0, 4);
                sha.update(number.clear().putInt(entry.governance().length).array(), 0, 4);
                sha.update(entry.governance());
            }
        }
        return new StoreDigest(HexFormat.of().formatHex(sha.digest()), entries.size());
    }

    /** Lower-case hex SHA-256. */
    public String hex() {
        return hex;
    }

    /** Live entries digested. */
    public long liveKeys() {
        return liveKeys;
    }

    @Override
    public String toString() {
        return hex + " (" + liveKeys + " keys)";
    }
}
