package io.fcrp.impl.cli;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.SnapshotSaver;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.replica.ReplicaProperties;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.tls.TlsRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fcrp replica}: replicates from a primary into an in-memory store until an
 * {@code --until-*} condition holds, the time limit passes, {@code quit}/end of stdin (with
 * {@code --stdin-commands}) or SIGTERM; then prints one JSON line ({@link ReplicaReport}).
 * Running out of time is a failure only when an {@code --until-*} condition was given.
 */
public final class ReplicaCommand implements Command {

    private static final String USAGE = String.join(
            "\n",
            "usage: fcrp replica --of HOST:PORT [--token-file F] [--until-keys N] [--until-quiet-ms MS]",
            "                    [--until-digest HEX] [--timeout S] [--follow] [--digest] [--stdin-commands]",
            "                    [--store-max-bytes B] [--progress-ms MS] [--idle-timeout-ms MS]",
            "                    [--max-frame-bytes B] [--tcp-keepalive IDLE_S,INTERVAL_S,COUNT] [--verbose]",
            "                    [--persistence none|snapshot --data-dir DIR [--persistence-interval S]",
            "                     [--on-corrupt refuse|start-empty]]",
            "                    [--tls --tls-truststore F [--tls-truststore-password-file F]",
            "                     [--tls-keystore F --tls-keystore-password-file F | --tls-certificate F",
            "                      --tls-key F [--tls-key-password-file F]] [--tls-pin-sha256 HEX[,HEX]]]",
            "  Replicates into an in-memory store and stops as soon as one --until-* condition holds:",
            "    --until-keys N      N live keys replicated",
            "    --until-digest HEX  the store digest equals HEX",
            "    --until-quiet-ms MS streaming, and the watermarks did not move for MS ms",
            "  or after --timeout S seconds (default 30, 0 = none): a failure (exit 1) when an --until-*",
            "  condition was given, otherwise the normal end of following. SIGTERM also stops it.",
            "  --follow prints one line per applied mutation. The last stdout line is always one JSON",
            "  object: keys, watermarks, bootstrap, frames by kind and digest (--digest is accepted; the",
            "  digest is always included).",
            "  --stdin-commands answers stdin lines: digest -> DIGEST <hex> <keys>, watermarks ->",
            "  WATERMARKS <w0,...>, status -> STATUS state=<state> lastError=<text>; quit or the end of",
            "  stdin stops the replica. --store-max-bytes caps the store's off-heap memory (default 0:",
            "  the JVM's direct memory).",
            "  --progress-ms MS prints 'PROGRESS <unix us> <sum of applied watermarks>' every MS ms (the",
            "  sum grows by one per applied mutation; unsigned, modulo 2^64), for benchmarks.",
            "  --idle-timeout-ms MS reconnects when nothing arrives for MS ms (default 0: after 4",
            "  heartbeat periods once the primary sends heartbeats; TCP keep-alive otherwise).",
            "  --max-frame-bytes B refuses larger frames (default 0: an eighth of the maximum heap).",
            "  --tcp-keepalive sets the keep-alive timers (default 5,2,3: a dead link fails in 11 s).",
            PersistenceOptions.USAGE,
            TlsOptions.USAGE,
            "  The primary's certificate must name the host of --of, unless --tls-pin-sha256 pins it.",
            "  A reloaded replica resumes from the primary's backlog (or bootstraps afresh, its data readable",
            "  until the new data is complete).");

    private static final long DEFAULT_TIMEOUT_MS = 30_000;
    private static final long POLL_MS = 10;
    private static final long MAX_PROGRESS_MS = 60_000;
    /** How long a SIGTERM waits for the JSON line before the JVM goes down anyway. */
    private static final long TERMINATION_GRACE_MS = 10_000;

    private final ShutdownHooks shutdownHooks;

    public ReplicaCommand(ShutdownHooks shutdownHooks) {
        this.shutdownHooks = shutdownHooks;
    }

    @Override
    public String name() {
        return "replica";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        ReplicaConfig config;
        PersistenceConfig persistence;
        ReplicaStopCondition condition;
        long timeoutMs;
        boolean follow;
        boolean stdinCommands;
        long progressMs;
        try {
            Arguments parsed = TlsOptions.declare(PersistenceOptions.declare(new ArgumentParser()), TlsRole.REPLICA)
                    .option("--of")
                    .option("--token-file")
                    .option("--until-keys")
                    .option("--until-quiet-ms")
                    .option("--until-digest")
                    .option("--timeout")
                    .flag("--follow")
                    .flag("--digest")
                    .flag("--stdin-commands")
                    .option("--store-max-bytes")
                    .option("--progress-ms")
                    .option("--idle-timeout-ms")
                    .option("--max-frame-bytes")
                    .option("--tcp-keepalive")
                    .flag("--verbose")
                    .parse(args);
            config = config(parsed);
            persistence = PersistenceOptions.from(parsed);
            condition = ReplicaStopCondition.from(parsed);
            timeoutMs = parsed.secondsAsMillis("--timeout", DEFAULT_TIMEOUT_MS);
            follow = parsed.flag("--follow");
            stdinCommands = parsed.flag("--stdin-commands");
            progressMs = parsed.longValue("--progress-ms", 0, 1, MAX_PROGRESS_MS);
        } catch (UsageException e) {
            return Fcrp.usageError(err, "replica", e.getMessage(), USAGE);
        }

        ReplicaStore store;
        try {
            store = StoreFiles.loadReplica(
                    "cli", config.localShards(), new MemoryBudget("cli", config.storeMaxBytes()), persistence);
        } catch (IOException e) {
            err.println("fcrp replica: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        SnapshotSaver saver = StoreFiles.replicaSaver("cli", store, persistence);
        StopSignal stop = new StopSignal();
        CountDownLatch reported = new CountDownLatch(1);
        ReplicaClientImpl replica =
                ReplicaClientImpl.startWith("cli", config, store, follow ? new FollowPrinter(out) : null);
        ShutdownHooks.Registration hook = shutdownHooks.register("fcrp-replica-shutdown", () -> {
            stop.raise(StopSignal.Reason.TERMINATED);
            awaitQuietly(reported, TERMINATION_GRACE_MS);
        });
        ReplicaConsole console = stdinCommands ? ReplicaConsole.start(replica, stop, in, out, err) : null;
        ProgressPrinter progress = progressMs > 0 ? ProgressPrinter.start(replica, out, progressMs) : null;
        StopSignal.Reason reason = StopSignal.Reason.TERMINATED;
        try {
            reason = awaitStop(replica, condition, timeoutMs, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            replica.shutdown();
            saver.close();
            if (console != null) {
                console.close();
            }
            if (progress != null) {
                closeQuietly(progress);
            }
            String lastError = replica.status().lastError();
            out.println(ReplicaReport.json(replica));
            out.flush();
            if (reason == StopSignal.Reason.TIMEOUT && condition.isSet()) {
                err.println("fcrp replica: timed out after " + seconds(timeoutMs) + " s waiting for "
                        + condition.describe() + " from " + config.upstream() + "; last error: "
                        + (lastError == null ? "none" : lastError));
                err.flush();
            }
            store.close();
            reported.countDown();
            hook.cancel();
        }
        return reason == StopSignal.Reason.TIMEOUT && condition.isSet() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static StopSignal.Reason awaitStop(
            ReplicaClientImpl replica, ReplicaStopCondition condition, long timeoutMs, StopSignal stop)
            throws InterruptedException {
        long deadline = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (condition.isSet() && condition.reached(replica, now)) {
                return StopSignal.Reason.REACHED;
            }
            long remainingMs = timeoutMs > 0 ? TimeUnit.NANOSECONDS.toMillis(deadline - now) : POLL_MS;
            if (remainingMs <= 0) {
                return StopSignal.Reason.TIMEOUT;
            }
            if (stop.await(Math.min(POLL_MS, remainingMs))) {
                return stop.reason();
            }
        }
    }

    private static ReplicaConfig config(Arguments parsed) throws UsageException {
        parsed.required("--of");
        ReplicaConfig.Builder builder = ReplicaConfig.builder()
                .upstream(parsed.value("--of", ReplicaProperties.REPLICA_OF))
                .authToken(parsed.token("--token-file"))
                .storeMaxBytes(parsed.value("--store-max-bytes", ReplicaProperties.STORE_MAX_BYTES))
                .tls(TlsOptions.from(parsed, TlsRole.REPLICA));
        try {
            builder.idleTimeoutMs(parsed.value("--idle-timeout-ms", ReplicaProperties.IDLE_TIMEOUT_MS))
                    .maxFrameBytes(parsed.value("--max-frame-bytes", ReplicaProperties.MAX_FRAME_BYTES));
            if (parsed.has("--tcp-keepalive")) {
                int[] timers = parsed.intList("--tcp-keepalive", 3);
                builder.keepAlive(KeepAlive.of(timers[0], timers[1], timers[2]));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static void closeQuietly(ProgressPrinter progress) {
        try {
            progress.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
