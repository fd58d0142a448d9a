package io.fcrp.impl.events;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of each FCRP event, by name and in a fixed order, as JMX notifications (their user
 * data) and EventAdmin events (their properties) carry them. Values are Strings, Integers and
 * Longs only, which every consumer keeps.
 */
public final class EventFigures {

    private EventFigures() {}

    public static Map<String, Object> stateChanged(ReplicaState from, ReplicaState to) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("from", from.name());
        figures.put("to", to.name());
        figures.put("fromCode", from.code());
        figures.put("toCode", to.code());
        return figures;
    }

    public static Map<String, Object> bootstrapStarted(boolean fresh, long recordsBehind) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("fresh", fresh ? 1 : 0);
        figures.put("recordsBehind", recordsBehind);
        return figures;
    }

    public static Map<String, Object> bootstrapFinished(BootstrapKind how, long entries, long durationMillis) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("how", how.label());
        figures.put("entries", entries);
        figures.put("durationMillis", durationMillis);
        return figures;
    }

    public static Map<String, Object> dataReplaced(
            String upstream, String reason, long entriesBefore, long entriesAfter) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("upstream", upstream);
        figures.put("reason", reason);
        figures.put("entriesBefore", entriesBefore);
        figures.put("entriesAfter", entriesAfter);
        return figures;
    }

    public static Map<String, Object> restartDetected(String upstream, ShardWatermarks primary, ShardWatermarks local) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("upstream", upstream);
        figures.put("primaryWatermarks", primary.toString());
        figures.put("localWatermarks", local.toString());
        return figures;
    }

    public static Map<String, Object> sessionDropped(String upstream, String reason) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("upstream", upstream);
        figures.put("reason", reason);
        return figures;
    }

    /** A replica session on a primary: its id, address and state. */
    public static Map<String, Object> session(ReplicaSessionInfo session) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sessionId", session.id());
        figures.put("replica", session.remoteAddress());
        figures.put("state", session.state().name());
        figures.put("stateCode", session.state().code());
        return figures;
    }

    public static Map<String, Object> disconnected(ReplicaSessionInfo session, String reason) {
        Map<String, Object> figures = session(session);
        figures.put("reason", reason);
        return figures;
    }

    public static Map<String, Object> snapshotStarted(ReplicaSessionInfo session) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sessionId", session.id());
        figures.put("replica", session.remoteAddress());
        return figures;
    }

    public static Map<String, Object> snapshotFinished(
            ReplicaSessionInfo session, long entries, long bytes, long durationMillis) {
        Map<String, Object> figures = snapshotStarted(session);
        figures.put("entries", entries);
        figures.put("bytes", bytes);
        figures.put("durationMillis", durationMillis);
        return figures;
    }
}
