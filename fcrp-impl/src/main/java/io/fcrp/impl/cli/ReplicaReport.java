package io.fcrp.impl.cli;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import java.util.Map;

/**
 * The one JSON line {@code fcrp replica} ends with: live keys, watermarks, how the last session
 * bootstrapped, frames received by kind and the store digest. Written by hand, no JSON library.
 */
final class ReplicaReport {

    private ReplicaReport() {}

    static String json(ReplicaClientImpl replica) {
        StoreDigest digest = StoreDigest.of(replica.replicaStore());
        ShardWatermarks watermarks = replica.replicaStore().watermarks();
        StringBuilder json = new StringBuilder(256);
        json.append("{\"keys\": ").append(digest.liveKeys());
        json.append(", \"watermarks\": [");
        for (int shard = 0; shard < watermarks.size(); shard++) {
            json.append(shard > 0 ? ", " : "").append(Long.toUnsignedString(watermarks.get(shard)));
        }
        json.append("], \"bootstrap\": ").append(string(replica.lastBootstrap().label()));
        json.append(", \"frames\": {");
        Map<FrameKind, Long> frames = replica.framesReceived();
        boolean first = true;
        for (FrameKind kind : FrameKind.values()) {
            json.append(first ? "" : ", ")
                    .append(string(kind.displayName()))
                    .append(": ")
                    .append(frames.getOrDefault(kind, 0L));
            first = false;
        }
        json.append("}, \"digest\": ").append(string(digest.hex())).append('}');
        return json.toString();
    }

    /** A JSON string literal. */
    static String string(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
