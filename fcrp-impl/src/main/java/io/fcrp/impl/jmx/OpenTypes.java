package io.fcrp.impl.jmx;

import java.util.Date;
import java.util.List;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationMetrics;

/** The open types of the FCRP MBeans: the replica session table, the metrics record, the data replacement. */
public final class OpenTypes {

    static final String[] SESSION_ITEMS = {"id", "address", "state", "connectedSince", "framesSent", "bytesSent",
        "queuedBytes", "queuedBatches"};
    private static final String[] SESSION_DESCRIPTIONS = {
        "Session id, for disconnectReplica",
        "host:port of the replica",
        "HANDSHAKE, SNAPSHOT, CATCH_UP, LIVE or CLOSED",
        "When the connection was accepted",
        "Frames written to the replica",
        "Bytes written to the replica",
        "Bytes of live batches waiting to be written to the replica",
        "Live batches waiting to be written to the replica"};
    private static final OpenType<?>[] SESSION_TYPES = {SimpleType.LONG, SimpleType.STRING, SimpleType.STRING,
        SimpleType.DATE, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.INTEGER};

    /** One replica session. */
    public static final CompositeType SESSION;
    /** The replica sessions of a primary, indexed by id. */
    public static final TabularType SESSIONS;
    /** Every {@link Metric} under its reference name. */
    public static final CompositeType METRICS;
    static final String[] REPLACEMENT_ITEMS = {"upstream", "reason", "entriesBefore", "entriesAfter"};
    /** The user data of a data-replaced notification. */
    public static final CompositeType REPLACEMENT;

    static {
        try {
            SESSION = new CompositeType("io.fcrp.ReplicaSession", "A replica session of a primary", SESSION_ITEMS,
                    SESSION_DESCRIPTIONS, SESSION_TYPES);
            SESSIONS = new TabularType("io.fcrp.ReplicaSessions", "The replica sessions of a primary", SESSION,
                    new String[] {"id"});
            Metric[] metrics = Metric.values();
            String[] names = new String[metrics.length];
            OpenType<?>[] types = new OpenType<?>[metrics.length];
            for (int i = 0; i < metrics.length; i++) {
                names[i] = metrics[i].referenceName();
                types[i] = SimpleType.LONG;
            }
            METRICS = new CompositeType("io.fcrp.ReplicationMetrics",
                    "Replication metrics under the reference implementation's names", names, names, types);
            REPLACEMENT = new CompositeType("io.fcrp.DataReplacement", "A bulk replacement of a replica's data",
                    REPLACEMENT_ITEMS, new String[] {"The primary the new data came from", "Why it was replaced",
                        "Entries before", "Entries after"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OpenTypes() {
    }

    /** A row of the session table. */
    public static CompositeData session(ReplicaSessionInfo info) {
        try {
            return new CompositeDataSupport(SESSION, SESSION_ITEMS, new Object[] {info.id(), info.remoteAddress(),
                info.state().name(), new Date(info.connectedSinceMs()), info.framesSent(), info.bytesSent(),
                info.queuedBytes(), info.queuedBatches()});
        } catch (OpenDataException e) {
            throw new IllegalStateException("session " + info.id() + " does not fit its open type", e);
        }
    }

    /** The user data of a data-replaced notification. */
    public static CompositeData replacement(String upstream, String reason, long entriesBefore, long entriesAfter) {
        try {
            return new CompositeDataSupport(REPLACEMENT, REPLACEMENT_ITEMS, new Object[] {upstream, reason,
                entriesBefore, entriesAfter});
        } catch (OpenDataException e) {
            throw new IllegalStateException("a data replacement does not fit its open type", e);
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

    /** The metrics record; all zeros when {@code metrics} is null. */
    public static CompositeData metrics(ReplicationMetrics metrics) {
        Metric[] all = Metric.values();
        String[] names = new String[all.length];
        Object[] values = new Object[all.length];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].referenceName();
            values[i] = metrics == null ? 0L : metrics.get(all[i]);
        }
        try {
            return new CompositeDataSupport(METRICS, names, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("metrics do not fit their open type", e);
        }
    }
}
