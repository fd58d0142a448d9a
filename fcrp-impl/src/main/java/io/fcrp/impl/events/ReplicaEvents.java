package io.fcrp.impl.events;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.replica.ReplicaEventListener;

/** Turns what happens to a replica client into events on the {@code io/fcrp/replica/*} topics. */
public final class ReplicaEvents implements ReplicaEventListener {

    public static final String STATE_CHANGED = "io/fcrp/replica/STATE_CHANGED";
    public static final String BOOTSTRAP_STARTED = "io/fcrp/replica/BOOTSTRAP_STARTED";
    public static final String BOOTSTRAP_FINISHED = "io/fcrp/replica/BOOTSTRAP_FINISHED";
    public static final String DATA_REPLACED = "io/fcrp/replica/DATA_REPLACED";
    public static final String RESTART_DETECTED = "io/fcrp/replica/RESTART_DETECTED";
    public static final String SESSION_DROPPED = "io/fcrp/replica/SESSION_DROPPED";

    private final EventSink sink;
    private final String upstream;

    /** @param upstream the primary the client follows */
    public ReplicaEvents(EventSink sink, String upstream) {
        this.sink = sink;
        this.upstream = upstream;
    }

    @Override
    public void stateChanged(ReplicaState from, ReplicaState to) {
        sink.post(STATE_CHANGED, EventFigures.stateChanged(from, to));
    }

    @Override
    public void bootstrapStarted(boolean fresh, long recordsBehind) {
        sink.post(BOOTSTRAP_STARTED, EventFigures.bootstrapStarted(fresh, recordsBehind));
    }

    @Override
    public void bootstrapFinished(BootstrapKind how, long entries, long durationMillis) {
        sink.post(BOOTSTRAP_FINISHED, EventFigures.bootstrapFinished(how, entries, durationMillis));
    }

    @Override
    public void dataReplaced(String from, String reason, long entriesBefore, long entriesAfter) {
        sink.post(DATA_REPLACED, EventFigures.dataReplaced(from, reason, entriesBefore, entriesAfter));
    }

    @Override
    public void restartDetected(ShardWatermarks primary, ShardWatermarks local) {
        sink.post(RESTART_DETECTED, EventFigures.restartDetected(upstream, primary, local));
    }

    @Override
    public void sessionDropped(String reason) {
        sink.post(SESSION_DROPPED, EventFigures.sessionDropped(upstream, reason));
    }
}
