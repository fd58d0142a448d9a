package io.fcrp.impl.command;

import io.fcrp.api.Metric;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.StoreMemory;
import io.fcrp.impl.control.RejectedConfiguration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.ServiceReference;

/** {@code fcrp:status [instance]}: every primary and replica in one table, or the details of one. */
@Service
@Command(
        scope = "fcrp",
        name = "status",
        description = "Shows the FCRP primaries and replicas of this container, or the details of one of them.")
public final class StatusCommand extends FcrpCommandSupport {

    @Argument(
            index = 0,
            name = "instance",
            required = false,
            description = "A primary or replica name: shows its details instead of the overview.")
    @Completion(AnyInstanceCompleter.class)
    String instance;

    @Option(
            name = "-w",
            aliases = "--watermarks",
            description = "In the details, every shard's watermark instead of their summary.")
    boolean everyWatermark;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        Map<String, ServiceReference<PrimaryControl>> primaries = instances.of(PrimaryControl.class);
        Map<String, ServiceReference<ReplicaClient>> replicas = instances.of(ReplicaClient.class);
        if (instance != null) {
            if (primaries.containsKey(instance)) {
                instances.use(primaries.get(instance), primary -> {
                    primaryDetails(
                            instance,
                            primary.status(),
                            entries(instances, instance),
                            rejectionOf(instances, instance),
                            everyWatermark);
                    return null;
                });
            } else if (replicas.containsKey(instance)) {
                instances.use(replicas.get(instance), replica -> {
                    replicaDetails(replica, rejectionOf(instances, instance), everyWatermark);
                    return null;
                });
            } else {
                throw instances.unknown("primary or replica", instance);
            }
            return null;
        }
        ShellTable table = new ShellTable().emptyTableText("no FCRP primary or replica is configured");
        table.column("Instance");
        table.column("Role");
        table.column("State");
        table.column("Address");
        table.column("Entries").alignRight();
        table.column("Memory used").alignRight();
        table.column("Replicas").alignRight();
        table.column("Lag ms").alignRight();
        primaries.forEach((name, reference) -> instances.use(reference, primary -> {
            PrimaryStatus status = primary.status();
            table.addRow()
                    .addContent(
                            name,
                            "primary",
                            primaryState(status),
                            primaryAddress(status),
                            entries(instances, name),
                            status.storeMemory().heldBytes() == 0
                                    ? "-"
                                    : mebibytes(status.storeMemory().usedBytes()),
                            status.sessions().size(),
                            "-");
            return null;
        }));
        replicas.forEach((name, reference) -> instances.use(reference, replica -> {
            ReplicaStatus status = replica.status();
            table.addRow()
                    .addContent(
                            name,
                            "replica",
                            status.state(),
                            status.upstream(),
                            replica.store().size(),
                            mebibytes(replica.store().memory().usedBytes()),
                            "-",
                            status.lagMillis() < 0 ? "-" : status.lagMillis());
            return null;
        }));
        table.print(System.out);
        rejections(instances);
        return null;
    }

    /** The last rejected configuration of each PID, if any: what an operator's change did not do. */
    private static void rejections(Instances instances) {
        List<RejectedConfiguration> rejected = instances.values(RejectedConfiguration.class);
        if (rejected.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Rejected configurations (the last of each):");
        ShellTable table = new ShellTable();
        table.column("Configuration");
        table.column("Rejected at");
        table.column("Reason").maxSize(60).wrap();
        table.column("Now").maxSize(40).wrap();
        rejected.stream()
                .sorted(Comparator.comparing(RejectedConfiguration::pid))
                .forEach(rejection -> table.addRow()
                        .addContent(
                                rejection.pid(),
                                time(rejection.rejectedAtMs()),
                                rejection.reason(),
                                rejection.consequence()));
        table.print(System.out);
    }

    static String primaryState(PrimaryStatus primary) {
        if (primary.serving()) {
            return "serving";
        }
        return primary.shardCount() == 0 ? "waiting for its store" : "not serving";
    }

    /** Where it listens, or while it does not, where it would. */
    static String primaryAddress(PrimaryStatus primary) {
        return primary.serving() ? primary.listenAddress() : primary.bindAddress();
    }

    private static Object entries(Instances instances, String name) {
        ServiceReference<SnapshotProvider> reference =
                instances.of(SnapshotProvider.class).get(name);
        Object entries = reference == null
                ? null
                : instances.use(reference, provider -> provider.stats().entryCount());
        return entries == null ? "-" : entries;
    }

    /** The last rejected change of the configuration {@code name} runs from; null when there is none. */
    private static RejectedConfiguration rejectionOf(Instances instances, String name) {
        return instances.values(RejectedConfiguration.class).stream()
                .filter(rejection -> name.equals(rejection.instance()))
                .findFirst()
                .orElse(null);
    }

    private static void primaryDetails(
            String name,
            PrimaryStatus primary,
            Object entries,
            RejectedConfiguration rejection,
            boolean everyWatermark) {
        ShellTable table = details();
        row(table, "Instance", name);
        row(table, "Role", "primary");
        row(table, "State", primaryState(primary));
        row(table, "Store", primary.store().label());
        row(table, "Bind address", primary.bindAddress());
        row(table, "Listen address", primary.listenAddress());
        row(table, "Entries", entries);
        if (primary.storeMemory().heldBytes() > 0) {
            memory(table, primary.storeMemory());
        }
        row(table, "Shards", primary.shardCount());
        row(table, "Watermarks", watermarks(primary.watermarks(), everyWatermark));
        row(table, "Replicas", primary.sessions().size() + " (" + primary.liveReplicas() + " live)");
        row(table, "Most records behind", primary.maxRecordsBehind());
        row(table, "Most bytes behind", primary.maxBytesBehind());
        row(table, "Backlog bytes", primary.backlog().retainedBytes());
        row(table, "Backlog batches", primary.backlog().retainedBatches());
        row(table, "Backlog seconds", String.format("%.3f", primary.backlog().coveredSeconds()));
        row(table, "Dropped replicas", primary.droppedReplicas());
        row(table, "Rejected connections", primary.rejectedConnections());
        rejected(table, rejection);
        metrics(table, primary.metrics());
        table.print(System.out);
    }

    /** The primary's metrics under the reference's names, in alphabetical order as JMX lists them. */
    private static void metrics(ShellTable table, ReplicationMetrics metrics) {
        Arrays.stream(Metric.values())
                .filter(metric -> !metric.replicaSide())
                .sorted(Comparator.comparing(Metric::referenceName))
                .forEach(metric -> row(table, metric.referenceName(), metrics.get(metric)));
    }

    private static void replicaDetails(ReplicaClient replica, RejectedConfiguration rejection, boolean everyWatermark) {
        ReplicaStatus status = replica.status();
        ShellTable table = details();
        row(table, "Role", "replica");
        row(table, "State", status.state());
        row(table, "Upstream", status.upstream());
        row(table, "Entries", replica.store().size());
        row(table, "Governed entries", replica.store().governedCount());
        memory(table, replica.store().memory());
        row(table, "Local watermarks", watermarks(status.localWatermarks(), everyWatermark));
        row(table, "Primary watermarks", watermarks(status.primaryWatermarks(), everyWatermark));
        row(table, "Shards behind", status.localWatermarks().shardsBelow(status.primaryWatermarks()));
        row(table, "Records behind", status.recordsBehind());
        row(table, "Lag ms", status.lagMillis());
        row(
                table,
                "Lag ms p50/p99/p999/max",
                WatchScreen.lag(status.lagPercentiles()) + " (last minute, "
                        + status.lagPercentiles().samples() + " samples)");
        row(table, "Ms since last frame", status.millisSinceLastFrame());
        row(table, "Ms not streaming", status.millisNotStreaming());
        row(table, "Applied records", status.applied());
        row(table, "Skipped records", status.skipped());
        row(table, "Reconnects", status.reconnects());
        row(table, "Snapshots loaded", status.snapshotsLoaded());
        row(table, "Last bootstrap", status.bootstrap().label());
        row(table, "Watermark regressions", status.watermarkRegressions());
        row(table, "Data replacements", status.dataReplacements());
        row(table, "Bytes received", status.bytesReceived());
        row(table, "Last error", status.lastError() == null ? "" : status.lastError());
        rejected(table, rejection);
        table.print(System.out);
    }

    private static void rejected(ShellTable table, RejectedConfiguration rejection) {
        if (rejection != null) {
            row(
                    table,
                    "Rejected change",
                    time(rejection.rejectedAtMs()) + " " + rejection.pid() + ": " + rejection.reason() + "; "
                            + rejection.consequence());
        }
    }

    /** The store's off-heap memory, in bytes. */
    private static void memory(ShellTable table, StoreMemory memory) {
        row(table, "Store bytes used", memory.usedBytes());
        row(table, "Store bytes free", memory.freeBytes());
        row(table, "Store bytes held", memory.heldBytes());
        row(
                table,
                "Store bytes limit",
                memory.limitBytes() == 0 ? "none (the JVM's direct memory)" : memory.limitBytes());
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static ShellTable details() {
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value").maxSize(90).wrap();
        return table;
    }

    private static void row(ShellTable table, String property, Object value) {
        table.addRow().addContent(property, value);
    }
}
