package io.fcrp.impl.jmx;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationMetrics;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/** The open types of the FCRP MBeans: the replica session table, the metrics record, notification user data. */
public final class OpenTypes {

    static final String[] SESSION_ITEMS = {
        "id",
        "address",
        "state",
        "stateCode",
        "connectedSince",
        "framesSent",
        "bytesSent",
        "queuedBytes",
        "queuedBatches",
        "bytesBehind",
        "recordsBehind"
    };
    private static final String[] SESSION_DESCRIPTIONS = {
        "Session id, for disconnectReplica",
        "host:port of the replica",
        "HANDSHAKE, SNAPSHOT, CATCH_UP, LIVE or CLOSED",
        "The state as a number: 0 CLOSED, 1 HANDSHAKE, 2 SNAPSHOT, 3 CATCH_UP, 4 LIVE",
        "When the connection was accepted",
        "Frames written to the replica",
        "Bytes written to the replica",
        "Bytes of published batches the session has not taken from the backlog yet",
        "Published batches the session has not taken from the backlog yet",
        "Bytes published and not yet written to the replica; -1 while handshaking",
        "Records published and not yet written to the replica; -1 while handshaking"
    };
    private static final OpenType<?>[] SESSION_TYPES = {
        SimpleType.LONG,
        SimpleType.STRING,
        SimpleType.STRING,
        SimpleType.INTEGER,
        SimpleType.DATE,
        SimpleType.LONG,
        SimpleType.LONG,
        SimpleType.LONG,
        SimpleType.INTEGER,
        SimpleType.LONG,
        SimpleType.LONG
    };

    /** One replica session. */
    public static final CompositeType SESSION;
    /** The replica sessions of a primary, indexed by id. */
    public static final TabularType SESSIONS;
    /** The primary's {@link Metric}s (not the replica-side ones) under their reference names. */
    public static final CompositeType METRICS;

    private static final Metric[] PRIMARY_METRICS = Arrays.stream(Metric.values())
            .filter(metric -> !metric.replicaSide())
            .toArray(Metric[]::new);

    static {
        try {
            SESSION = new CompositeType(
                    "io.fcrp.ReplicaSession",
                    "A replica session of a primary",
                    SESSION_ITEMS,
                    SESSION_DESCRIPTIONS,
                    SESSION_TYPES);
            SESSIONS = new TabularType(
                    "io.fcrp.ReplicaSessions", "The replica sessions of a primary", SESSION, new String[] {"id"});
            String[] names =
                    Arrays.stream(PRIMARY_METRICS).map(Metric::referenceName).toArray(String[]::new);
            OpenType<?>[] types = new OpenType<?>[names.length];
            Arrays.fill(types, SimpleType.LONG);
            METRICS = new CompositeType(
                    "io.fcrp.ReplicationMetrics",
                    "Replication metrics under the reference implementation's names",
                    names,
                    names,
                    types);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OpenTypes() {}

    /** A row of the session table. */
    public static CompositeData session(ReplicaSessionInfo info) {
        try {
            return new CompositeDataSupport(SESSION, SESSION_ITEMS, new Object[] {
                info.id(),
                info.remoteAddress(),
                info.state().name(),
                info.state().code(),
                new Date(info.connectedSinceMs()),
                info.framesSent(),
                info.bytesSent(),
                info.queuedBytes(),
                info.queuedBatches(),
                info.bytesBehind(),
                info.recordsBehind()
            });
        } catch (OpenDataException e) {
            throw new IllegalStateException("session " + info.id() + " does not fit its open type", e);
        }
    }

    /** The session table. */
    public static TabularData sessions(List<ReplicaSessionInfo> infos) {
        TabularDataSupport table = new TabularDataSupport(SESSIONS);
        for (ReplicaSessionInfo info : infos) {
            table.put(session(info));
        }
        return table;
    }

    /** The metrics record: the primary-side metrics of {@code metrics}. */
    public static CompositeData metrics(ReplicationMetrics metrics) {
        String[] names = new String[PRIMARY_METRICS.length];
        Object[] values = new Object[PRIMARY_METRICS.length];
        for (int i = 0; i < PRIMARY_METRICS.length; i++) {
            names[i] = PRIMARY_METRICS[i].referenceName();
            values[i] = metrics.get(PRIMARY_METRICS[i]);
        }
        try {
            return new CompositeDataSupport(METRICS, names, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("metrics do not fit their open type", e);
        }
    }

    /**
     * A composite of simple values (String, Integer, Long, Double, Boolean) named {@code typeName},
     * in the map's order: the user data of a notification.
     */
    public static CompositeData composite(String typeName, Map<String, Object> figures) {
        String[] names = figures.keySet().toArray(new String[0]);
        OpenType<?>[] types = new OpenType<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            types[i] = simpleType(figures.get(names[i]));
        }
        try {
            return new CompositeDataSupport(new CompositeType(typeName, typeName, names, names, types), figures);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException(typeName + " figures do not fit an open type: " + figures, e);
        }
    }

    private static SimpleType<?> simpleType(Object value) {
        if (value instanceof Long) {
            return SimpleType.LONG;
        }
        if (value instanceof Integer) {
            return SimpleType.INTEGER;
        }
        if (value instanceof Double) {
            return SimpleType.DOUBLE;
        }
        if (value instanceof Boolean) {
            return SimpleType.BOOLEAN;
        }
        if (value instanceof String) {
            return SimpleType.STRING;
        }
        throw new IllegalArgumentException("no simple open type for " + value);
    }
}
