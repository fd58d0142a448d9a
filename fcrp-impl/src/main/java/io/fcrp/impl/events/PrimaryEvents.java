package io.fcrp.impl.events;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionListener;

/** Turns a primary's replica sessions and snapshots into events on the {@code io/fcrp/primary/*} topics. */
public final class PrimaryEvents implements SessionListener {

    public static final String REPLICA_CONNECTED = "io/fcrp/primary/REPLICA_CONNECTED";
    public static final String REPLICA_DISCONNECTED = "io/fcrp/primary/REPLICA_DISCONNECTED";
    public static final String SNAPSHOT_STARTED = "io/fcrp/primary/SNAPSHOT_STARTED";
    public static final String SNAPSHOT_FINISHED = "io/fcrp/primary/SNAPSHOT_FINISHED";

    private final EventSink sink;

    public PrimaryEvents(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void connected(ReplicaSessionInfo session) {
        sink.post(REPLICA_CONNECTED, EventFigures.session(session));
    }

    @Override
    public void disconnected(ReplicaSessionInfo session, String reason) {
        sink.post(REPLICA_DISCONNECTED, EventFigures.disconnected(session, reason));
    }

    @Override
    public void snapshotStarted(ReplicaSessionInfo session) {
        sink.post(SNAPSHOT_STARTED, EventFigures.snapshotStarted(session));
    }

    @Override
    public void snapshotFinished(ReplicaSessionInfo session, long entries, long bytes, long durationMillis) {
        sink.post(SNAPSHOT_FINISHED, EventFigures.snapshotFinished(session, entries, bytes, durationMillis));
    }
}
