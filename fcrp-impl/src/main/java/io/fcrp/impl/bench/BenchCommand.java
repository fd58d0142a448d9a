package io.fcrp.impl.bench;

import io.fcrp.api.MutationOp;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.StoreMemory;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.store.EmbeddedStore;
import io.fcrp.impl.store.MutationSink;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code fcrp bench}: replication throughput end to end over loopback TCP, snapshot bootstrap
 * speed and store memory per entry, each printed as one line of figures.
 */
public final class BenchCommand {

    /** How far (in record bytes) the writers may be ahead of the replica. */
    private static final long MAX_IN_FLIGHT_BYTES = 32L * 1024 * 1024;

    private final PrintStream out;
    private final int writers;
    private final long mutations64;
    private final long mutations1k;
    private final int snapshotKeys;
    private final Compression compression;
    private final long backlogBytes;

    private BenchCommand(
            PrintStream out,
            int writers,
            long mutations64,
            long mutations1k,
            int snapshotKeys,
            Compression compression,
            long backlogBytes) {
        this.out = out;
        this.writers = writers;
        this.mutations64 = mutations64;
        this.mutations1k = mutations1k;
        this.snapshotKeys = snapshotKeys;
        this.compression = compression;
        this.backlogBytes = backlogBytes;
    }

    /**
     * Usage: {@code bench [--writers N] [--mutations N] [--snapshot-keys N] [--compression none|zstd]
     * [--backlog-bytes B] [--sections replication,snapshot,memory]}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        int writers = 1;
        String sections = "replication,snapshot,memory";
        long mutations = 5_000_000;
        int snapshotKeys = 1_000_000;
        long backlogBytes = 16L * 1024 * 1024;
        Compression compression = Compression.NONE;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--writers":
                    writers = Integer.parseInt(require(value, args[i]));
                    break;
                case "--mutations":
                    mutations = Long.parseLong(require(value, args[i]));
                    break;
                case "--snapshot-keys":
                    snapshotKeys = Integer.parseInt(require(value, args[i]));
                    break;
                case "--compression":
                    compression = Compression.parse(require(value, args[i]));
                    break;
                case "--backlog-bytes":
                    backlogBytes = Long.parseLong(require(value, args[i]));
                    break;
                case "--sections":
                    sections = require(value, args[i]);
                    break;
                default:
                    err.println("unknown bench option " + args[i]
                            + "; usage: fcrp bench [--writers N] [--mutations N] [--snapshot-keys N] [--compression none|zstd]"
                            + " [--backlog-bytes B] [--sections replication,snapshot,memory]");
                    return 2;
            }
            i++;
        }
        BenchCommand bench = new BenchCommand(
                out, writers, mutations, Math.max(1, mutations / 5), snapshotKeys, compression, backlogBytes);
        bench.printEnvironment();
        List<String> chosen = List.of(sections.split(","));
        if (chosen.contains("replication")) {
            bench.replicationThroughput(64, bench.mutations64);
            bench.replicationThroughput(1024, bench.mutations1k);
        }
        if (chosen.contains("snapshot")) {
            bench.snapshotBootstrap(bench.snapshotKeys, 64);
            bench.snapshotBootstrap(Math.max(1, bench.snapshotKeys / 4), 1024);
        }
        if (chosen.contains("memory")) {
            bench.memoryPerEntry();
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private void printEnvironment() {
        out.printf(
                Locale.ROOT,
                "environment: %d cores, java %s, max heap %d MiB, writers %d, compression %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                writers,
                compression.configName());
    }

    /** Writers update random keys of a filled store on the primary; a replica on loopback counts them applied. */
    private void replicationThroughput(int valueSize, long total) throws IOException, InterruptedException {
        int keySpace = 1_000_000;
        byte[][] keys = keys(keySpace);
        byte[] value = new byte[valueSize];
        new SplittableRandom(7).nextBytes(value);
        PrimaryConfig config = PrimaryConfig.builder()
                .bindAddress("127.0.0.1:0")
                .compression(compression)
                .backlogBytes(backlogBytes)
                .build();
        try (PrimaryNode primary = PrimaryNode.start("bench", config)) {
            // steady state: every key exists on both sides before the measured updates start
            for (byte[] key : keys) {
                primary.store().set(key, value);
            }
            primary.batcher().flush();
            ShardWatermarks filled = primary.batcher().currentWatermarks();
            ReplicaClientImpl replica = ReplicaClientImpl.start(
                    "bench",
                    ReplicaConfig.builder()
                            .upstream("127.0.0.1:" + primary.port())
                            .build());
            try {
                await(
                        () -> replica.state() == ReplicaState.STREAMING
                                && !filled.anyAbove(replica.replicaStore().watermarks()),
                        60,
                        "replica holding the keys");
                long maxInFlight = Math.max(4096, MAX_IN_FLIGHT_BYTES / (valueSize + 64));
                long cpuBefore = processCpuNanos();
                long started = System.nanoTime();
                Thread[] threads = new Thread[writers];
                for (int w = 0; w < writers; w++) {
                    long share = total / writers + (w < total % writers ? 1 : 0);
                    int seed = w;
                    threads[w] = new Thread(
                            () -> {
                                SplittableRandom random = new SplittableRandom(seed);
                                EmbeddedStore store = primary.store();
                                for (long i = 0; i < share; i++) {
                                    store.set(keys[random.nextInt(keySpace)], value);
                                    if ((i & 0xFFF) == 0) {
                                        // measure the sustainable rate: never run further ahead of the replica than it
                                        // can buffer
                                        awaitReplica(replica, filled, (i + 1) * writers - maxInFlight);
                                    }
                                }
                            },
                            "bench-writer-" + w);
                    threads[w].start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                long written = System.nanoTime() - started;
                primary.batcher().flush();
                ShardWatermarks target = primary.batcher().currentWatermarks();
                await(() -> !target.anyAbove(replica.replicaStore().watermarks()), 300, "replica caught up");
                long elapsed = System.nanoTime() - started;
                long cpu = processCpuNanos() - cpuBefore;
                double seconds = elapsed / 1e9;
                if (primary.server().droppedReplicas() > 0) {
                    out.printf(
                            Locale.ROOT,
                            "  (the replica was dropped %d times and bootstrapped again)%n",
                            primary.server().droppedReplicas());
                }
                out.printf(
                        Locale.ROOT,
                        "replication %5d B values: %,d mutations in %.2f s = %,.0f replicated mutations/s "
                                + "(%.1f MB/s of values; writers alone %,.0f/s; %.0f ns of CPU per mutation, both sides; "
                                + "last lag %d ms)%n",
                        valueSize,
                        total,
                        seconds,
                        total / seconds,
                        total * (double) valueSize / seconds / 1e6,
                        total / (written / 1e9),
                        cpu / (double) total,
                        replica.status().lagMillis());
            } finally {
                replica.close();
            }
        }
    }

    /** A primary with N keys and a backlog too small to serve a new replica: the replica loads a snapshot. */
    private void snapshotBootstrap(int keyCount, int valueSize) throws IOException, InterruptedException {
        byte[][] keys = keys(keyCount);
        byte[] value = new byte[valueSize];
        new SplittableRandom(11).nextBytes(value);
        PrimaryConfig config = PrimaryConfig.builder()
                .bindAddress("127.0.0.1:0")
                .compression(compression)
                .backlogBytes(1024 * 1024)
                .build();
        try (PrimaryNode primary = PrimaryNode.start("bench-snapshot", config)) {
            for (byte[] key : keys) {
                primary.store().set(key, value);
            }
            primary.batcher().flush();
            long bytes = primary.store().keyValueBytes();
            ShardWatermarks target = primary.batcher().currentWatermarks();
            long started = System.nanoTime();
            ReplicaClientImpl replica = ReplicaClientImpl.start(
                    "bench-snapshot",
                    ReplicaConfig.builder()
                            .upstream("127.0.0.1:" + primary.port())
                            .build());
            try {
                await(
                        () -> replica.state() == ReplicaState.STREAMING
                                && !target.anyAbove(replica.replicaStore().watermarks()),
                        300,
                        "snapshot loaded");
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "snapshot bootstrap, %5d B values: %,d entries (%.1f MB of keys and values) in %.2f s = "
                                + "%,.0f entries/s, %.0f MB/s (bootstrap: %s)%n",
                        valueSize,
                        keyCount,
                        bytes / 1e6,
                        seconds,
                        keyCount / seconds,
                        bytes / 1e6 / seconds,
                        replica.lastBootstrap().label());
            } finally {
                replica.close();
            }
        }
    }

    /**
     * What a store of N entries costs beyond their key and value bytes: the process's resident
     * memory growth (off-heap blocks, heap hash tables and whatever the JVM needed for them) and,
     * from the store and the heap, where it goes.
     */
    private void memoryPerEntry() {
        int count = 1_000_000;
        byte[][] keys = keys(count);
        byte[] value = new byte[64];
        new SplittableRandom(13).nextBytes(value);
        long rssBefore = residentBytes();
        EmbeddedStore store = new EmbeddedStore("bench-memory", 16, 0, new DiscardingSink(), System::currentTimeMillis);
        try {
            for (byte[] key : keys) {
                store.set(key, value);
            }
            long rss = residentBytes() - rssBefore;
            StoreMemory memory = store.memory();
            double payload = store.keyValueBytes() / (double) count;
            out.printf(
                    Locale.ROOT,
                    "memory: %,d entries of %.1f key and value bytes: %.1f B per entry beyond them from the resident "
                            + "set (the store's off-heap memory: %.1f B held, of which %.1f B headers and alignment)%n",
                    count,
                    payload,
                    rss / (double) count - payload,
                    memory.heldBytes() / (double) count - payload,
                    memory.usedBytes() / (double) count - payload);
        } finally {
            store.close();
        }
    }

    /** The process's resident set size, from /proc (0 where there is none). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: report 0
        }
        return 0;
    }

    /**
     * Pauses a writer until the replica holds at least {@code mutations} sequences beyond
     * {@code start} (counted by watermarks, so a re-bootstrap by snapshot counts too).
     */
    private static void awaitReplica(ReplicaClientImpl replica, ShardWatermarks start, long mutations) {
        while (progress(replica.replicaStore().watermarks(), start) < mutations
                && replica.state() != ReplicaState.STOPPED) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    private static long progress(ShardWatermarks now, ShardWatermarks start) {
        long sum = 0;
        for (int shard = 0; shard < start.size(); shard++) {
            sum += now.get(shard) - start.get(shard);
        }
        return sum;
    }

    /** CPU time of the whole process: robust against other load on the machine, unlike wall time. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
                : 0;
    }

    private static byte[][] keys(int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
        }
        return keys;
    }

    private static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bench gave up waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /** A sink that only counts sequences, for measuring the store alone. */
    private static final class DiscardingSink implements MutationSink {
        @Override
        public void append(
                int shardId,
                long sequence,
                long timestampMs,
                MutationOp op,
                long keyHash,
                long expireAtMs,
                byte[] key,
                byte[] value) {
            // measuring memory: nothing is replicated
        }

        @Override
        public long publish(int shardId) {
            return 0;
        }
    }
}
