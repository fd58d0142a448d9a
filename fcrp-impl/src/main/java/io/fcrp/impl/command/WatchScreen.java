package io.fcrp.impl.command;

import io.fcrp.api.LagPercentiles;
import io.fcrp.api.Metric;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.ServiceReference;

/**
 * One screen of {@code fcrp:watch}: every primary and replica (or one of them) with its state,
 * lag now and its percentiles over the last minute, records behind and rates since the previous
 * screen, then the replica sessions of the primaries shown.
 */
final class WatchScreen {

    private final Instances instances;
    private final Rates rates = new Rates();
    /** The one instance to show, or null for all. */
    private final String only;

    WatchScreen(Instances instances, String only) {
        this.instances = instances;
        this.only = only;
    }

    void print(PrintStream out, long nanoTime) {
        ShellTable table = new ShellTable().emptyTableText("no FCRP primary or replica is configured");
        table.column("Instance");
        table.column("Role");
        table.column("State");
        table.column("Address");
        table.column("Lag ms").alignRight();
        table.column("p50/p99/p999/max").alignRight();
        table.column("Behind").alignRight();
        table.column("Records/s").alignRight();
        table.column("Bytes/s").alignRight();
        table.column("Replicas").alignRight();
        ShellTable sessions = new ShellTable();
        int sessionRows = 0;
        sessions.column("Primary");
        sessions.column("Id").alignRight();
        sessions.column("Replica");
        sessions.column("State");
        sessions.column("Records behind").alignRight();
        sessions.column("Bytes behind").alignRight();
        sessions.column("Sent bytes/s").alignRight();
        for (Map.Entry<String, ServiceReference<PrimaryControl>> entry : shown(PrimaryControl.class)) {
            String name = entry.getKey();
            PrimaryStatus primary = instances.use(entry.getValue(), PrimaryControl::status);
            if (primary == null) {
                continue;
            }
            List<ReplicaSessionInfo> open = primary.sessions();
            double sentPerSecond = 0;
            sessionRows += open.size();
            for (ReplicaSessionInfo session : open) {
                double sent = rates.perSecond("session " + name + " " + session.id(), session.bytesSent(), nanoTime);
                sentPerSecond += Double.isNaN(sent) ? 0 : sent;
                sessions.addRow()
                        .addContent(
                                name,
                                session.id(),
                                session.remoteAddress(),
                                session.state(),
                                session.recordsBehind(),
                                session.bytesBehind(),
                                Rates.bytes(sent));
            }
            double published = rates.perSecond("published " + name, emitted(primary), nanoTime);
            double bytesOut = open.isEmpty() || Double.isNaN(published) ? Double.NaN : sentPerSecond;
            table.addRow()
                    .addContent(
                            name,
                            "primary",
                            StatusCommand.primaryState(primary),
                            StatusCommand.primaryAddress(primary),
                            "-",
                            "-",
                            primary.maxRecordsBehind(),
                            Rates.count(published),
                            Rates.bytes(bytesOut),
                            open.size());
        }
        for (Map.Entry<String, ServiceReference<ReplicaClient>> entry : shown(ReplicaClient.class)) {
            String name = entry.getKey();
            ReplicaStatus status = instances.use(entry.getValue(), ReplicaClient::status);
            if (status == null) {
                continue;
            }
            table.addRow()
                    .addContent(
                            name,
                            "replica",
                            replicaState(status),
                            status.upstream(),
                            status.lagMillis(),
                            lag(status.lagPercentiles()),
                            status.recordsBehind(),
                            Rates.count(rates.perSecond("applied " + name, status.applied(), nanoTime)),
                            Rates.bytes(rates.perSecond("received " + name, status.bytesReceived(), nanoTime)),
                            "-");
        }
        rates.next();
        table.print(out);
        if (sessionRows > 0) {
            out.println();
            sessions.print(out);
        }
    }

    private <T> Iterable<Map.Entry<String, ServiceReference<T>>> shown(Class<T> type) {
        Map<String, ServiceReference<T>> all = instances.of(type);
        return only == null
                ? all.entrySet()
                : all.entrySet().stream()
                        .filter(entry -> entry.getKey().equals(only))
                        .collect(Collectors.toList());
    }

    /** Mutations the primary published so far; NaN while it has no stream (no store, so no shards). */
    private static double emitted(PrimaryStatus primary) {
        return primary.shardCount() == 0 ? Double.NaN : primary.metrics().get(Metric.EMITTED_MUTATIONS);
    }

    /** The state, and for how long when it is not streaming: {@code BACKING_OFF 12 s}. */
    static String replicaState(ReplicaStatus status) {
        return status.state() == ReplicaState.STREAMING
                ? status.state().toString()
                : status.state() + " " + status.millisNotStreaming() / 1000 + " s";
    }

    /** {@code 1/4/9/12}. */
    static String lag(LagPercentiles lag) {
        return lag.p50() + "/" + lag.p99() + "/" + lag.p999() + "/" + lag.max();
    }
}
