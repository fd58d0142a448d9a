package io.fcrp.impl.cli;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.store.StoreDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code --until-*} options of {@code fcrp replica}; the replica stops as soon as any one of
 * the given conditions holds. Checked by polling, so the expensive checks (counting live keys,
 * digesting the store) only run when something can have changed.
 */
final class ReplicaStopCondition {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final long untilKeys;
    private final long untilQuietNanos;
    private final String untilDigest;

    private ShardWatermarks lastWatermarks;
    private long lastChangeNanos;
    private ShardWatermarks digestedWatermarks;
    private long nextDigestNanos;

    /** Negative numbers and a null digest mean "not given". */
    ReplicaStopCondition(long untilKeys, long untilQuietMs, String untilDigest) {
        this.untilKeys = untilKeys;
        this.untilQuietNanos = untilQuietMs < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(untilQuietMs);
        this.untilDigest = untilDigest;
    }

    static ReplicaStopCondition from(Arguments parsed) throws UsageException {
        String digest = parsed.text("--until-digest");
        if (digest != null && !SHA256_HEX.matcher(digest).matches()) {
            throw new UsageException("--until-digest needs 64 hex digits (a SHA-256), not '" + digest + "'");
        }
        return new ReplicaStopCondition(
                parsed.longValue("--until-keys", -1, 0, Long.MAX_VALUE),
                parsed.longValue("--until-quiet-ms", -1, 0, Long.MAX_VALUE / 1_000_000),
                digest);
    }

    /** True when at least one {@code --until-*} option was given. */
    boolean isSet() {
        return untilKeys >= 0 || untilQuietNanos >= 0 || untilDigest != null;
    }

    /** What the replica waits for, for messages. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (untilKeys >= 0) {
            parts.add(untilKeys + " live keys");
        }
        if (untilDigest != null) {
            parts.add("digest " + untilDigest.toLowerCase());
        }
        if (untilQuietNanos >= 0) {
            parts.add(TimeUnit.NANOSECONDS.toMillis(untilQuietNanos) + " ms without new watermarks while streaming");
        }
        return String.join(" or ", parts);
    }

    /** Checks the conditions at {@code nowNanos} (System.nanoTime). */
    boolean reached(ReplicaClientImpl replica, long nowNanos) {
        ReplicaStore store = replica.replicaStore();
        ShardWatermarks watermarks = store.watermarks();
        if (!watermarks.equals(lastWatermarks)) {
            lastWatermarks = watermarks;
            lastChangeNanos = nowNanos;
        }
        if (untilQuietNanos >= 0
                && replica.state() == ReplicaState.STREAMING
                && nowNanos - lastChangeNanos >= untilQuietNanos) {
            return true;
        }
        if (untilKeys >= 0 && store.size() >= untilKeys && liveKeys(store) >= untilKeys) {
            return true;
        }
        return untilDigest != null && digestMatches(store, watermarks, nowNanos);
    }

    /** Digests only after the watermarks moved, and never more than half the time. */
    private boolean digestMatches(ReplicaStore store, ShardWatermarks watermarks, long nowNanos) {
        if (watermarks.equals(digestedWatermarks) || nowNanos < nextDigestNanos) {
            return false;
        }
        long started = System.nanoTime();
        StoreDigest digest = StoreDigest.of(store);
        long took = System.nanoTime() - started;
        digestedWatermarks = watermarks;
        nextDigestNanos = System.nanoTime() + took;
        return digest.hex().equalsIgnoreCase(untilDigest);
    }

    private static long liveKeys(ReplicaStore store) {
        long[] count = {0};
        store.forEach(entry -> count[0]++);
        return count[0];
    }
}
