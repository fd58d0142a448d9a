package io.fcrp.impl.cli;

import io.fcrp.api.Mutation;
import io.fcrp.impl.replica.AppliedMutationListener;
import java.io.PrintStream;

/**
 * {@code fcrp replica --follow}: one stdout line per applied record, e.g.
 * {@code SET shard=3 seq=42 key=key-7 value=64 bytes expire=none}.
 */
final class FollowPrinter implements AppliedMutationListener {

    private final PrintStream out;

    FollowPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void applied(Mutation mutation) {
        out.println(line(mutation));
    }

    static String line(Mutation mutation) {
        String common = " shard=" + Integer.toUnsignedString(mutation.shardId()) + " seq="
                + Long.toUnsignedString(mutation.sequence()) + " key=" + TextFormat.key(mutation.key());
        return switch (mutation.op()) {
            case SET ->
                "SET" + common + " value=" + mutation.value().length + " bytes expire="
                        + TextFormat.expiry(mutation.expireAtMs());
            case DEL -> "DEL" + common;
            default -> "EXPIRE" + common + " expire=" + TextFormat.expiry(mutation.expireAtMs());
        };
    }
}
