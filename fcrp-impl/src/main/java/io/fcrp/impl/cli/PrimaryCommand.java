package io.fcrp.impl.cli;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.PrimaryProperties;
import io.fcrp.impl.tls.TlsRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code fcrp primary}: serves an embedded store, optionally pre-filled with deterministic keys,
 * prints {@code READY <port>} once listening and then answers stdin commands
 * ({@link PrimaryConsole}) until {@code quit}, the end of stdin, or SIGTERM.
 */
public final class PrimaryCommand implements Command {

    private static final String USAGE = String.join(
            "\n",
            "usage: fcrp primary --bind HOST:PORT [--shards N] [--token-file F] [--compression none|zstd]",
            "                    [--keys N] [--value-size B] [--seed S] [--backlog-bytes B]",
            "                    [--send-policy immediate|batch] [--store-max-bytes B] [--heartbeat-ms MS]",
            "                    [--max-replicas N] [--max-pending-handshakes N]",
            "                    [--tcp-keepalive IDLE_S,INTERVAL_S,COUNT] [--verbose]",
            "                    [--persistence none|snapshot --data-dir DIR [--persistence-interval S]",
            "                     [--on-corrupt refuse|start-empty]]",
            "                    [--tls (--tls-keystore F --tls-keystore-password-file F | --tls-certificate F",
            "                     --tls-key F [--tls-key-password-file F]) [--tls-truststore F",
            "                     [--tls-truststore-password-file F]] [--tls-client-auth required|none]",
            "                     [--tls-pin-sha256 HEX[,HEX]]]",
            "  Serves an embedded store pre-filled with N keys key-<i> (values: B pseudo-random bytes",
            "  from seed S; defaults: " + PrimaryProperties.SHARD_COUNT.defaultValue()
                    + " shards, 0 keys, 64 bytes, seed 1; no pre-fill when the store was reloaded from DIR).",
            "  Port 0 picks a free port.",
            "  --store-max-bytes caps the store's off-heap memory (default 0: the JVM's direct memory).",
            "  --heartbeat-ms: heartbeat on an idle replica link (default 1000, 0 = none);",
            "  --max-replicas (default 16) counts authenticated replicas, --max-pending-handshakes",
            "  (default 16) connections still waiting for their Hello; --tcp-keepalive (default 5,2,3).",
            PersistenceOptions.USAGE,
            TlsOptions.USAGE,
            "  --tls-client-auth none lets replicas connect without a certificate (default required).",
            "  Prints 'READY <port>', then answers one line per stdin command:",
            "    load N            -> LOADED <n> WATERMARKS <w0,w1,...>",
            "    set K V | del K | expire K ABS_MS | persist K  -> OK",
            "    digest            -> DIGEST <hex> <live keys>",
            "    memory            -> MEMORY heap_used=<bytes> direct_used=<bytes> rss=<bytes>",
            "                         (after a full GC; rss -1 when /proc is missing)",
            "    overwrite COUNT VALUE_SIZE RATE SEED  (benchmark writer: COUNT Sets of random values on",
            "                         random pre-filled keys, RATE per second on a fixed schedule, 0 = flat out)",
            "                      -> OVERWRITE_STARTED <t0 unix us>, then",
            "                         OVERWROTE <count> <elapsed us> WATERMARKS <w0,w1,...>",
            "    quit              -> BYE (also stops at the end of stdin or on SIGTERM)");

    private final ShutdownHooks shutdownHooks;

    public PrimaryCommand(ShutdownHooks shutdownHooks) {
        this.shutdownHooks = shutdownHooks;
    }

    @Override
    public String name() {
        return "primary";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        PrimaryConfig config;
        PersistenceConfig persistence;
        long keys;
        int valueSize;
        long seed;
        try {
            Arguments parsed = TlsOptions.declare(PersistenceOptions.declare(new ArgumentParser()), TlsRole.PRIMARY)
                    .option("--bind")
                    .option("--shards")
                    .option("--token-file")
                    .option("--compression")
                    .option("--keys")
                    .option("--value-size")
                    .option("--seed")
                    .option("--backlog-bytes")
                    .option("--send-policy")
                    .option("--store-max-bytes")
                    .option("--heartbeat-ms")
                    .option("--max-replicas")
                    .option("--max-pending-handshakes")
                    .option("--tcp-keepalive")
                    .flag("--verbose")
                    .parse(args);
            config = config(parsed);
            persistence = PersistenceOptions.from(parsed);
            keys = parsed.longValue("--keys", 0, 0, Long.MAX_VALUE);
            valueSize = parsed.intValue("--value-size", 64, 0, 64 * 1024 * 1024);
            seed = parsed.longValue("--seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        } catch (UsageException e) {
            return Fcrp.usageError(err, "primary", e.getMessage(), USAGE);
        }

        PrimaryNode node;
        try {
            node = PrimaryNode.start("cli", config, StoreFiles.openPrimary("cli", config, persistence));
        } catch (IOException | RuntimeException e) {
            err.println("fcrp primary: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                node.close();
            }
        };
        ShutdownHooks.Registration hook = shutdownHooks.register("fcrp-primary-shutdown", close);
        try {
            SyntheticWorkload workload =
                    new SyntheticWorkload(node.store(), keys, valueSize, seed, System::currentTimeMillis);
            if (node.store().size() == 0) {
                workload.prefill();
            }
            node.batcher().flush();
            out.println("READY " + node.port());
            out.flush();
            boolean quit = serve(new PrimaryConsole(node, workload, keys, out), in);
            close.run();
            if (quit) {
                out.println("BYE");
                out.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("fcrp primary: reading stdin failed: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            close.run();
            hook.cancel();
        }
    }

    /** Answers commands until quit (true) or the end of stdin (false). */
    private static boolean serve(PrimaryConsole console, InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (!console.handle(line)) {
                return true;
            }
        }
        return false;
    }

    private static PrimaryConfig config(Arguments parsed) throws UsageException {
        parsed.required("--bind");
        PrimaryConfig.Builder builder = PrimaryConfig.builder()
                .bindAddress(parsed.value("--bind", PrimaryProperties.BIND_ADDR))
                .shardCount(parsed.value("--shards", PrimaryProperties.SHARD_COUNT))
                .authToken(parsed.token("--token-file"))
                .compression(parsed.value("--compression", PrimaryProperties.COMPRESSION))
                .sendPolicy(parsed.value("--send-policy", PrimaryProperties.SEND_POLICY))
                .backlogBytes(parsed.value("--backlog-bytes", PrimaryProperties.BACKLOG_BYTES))
                .storeMaxBytes(parsed.value("--store-max-bytes", PrimaryProperties.STORE_MAX_BYTES))
                .heartbeatIntervalMs(parsed.value("--heartbeat-ms", PrimaryProperties.HEARTBEAT_INTERVAL_MS))
                .maxReplicas(parsed.value("--max-replicas", PrimaryProperties.MAX_REPLICAS))
                .maxPendingHandshakes(
                        parsed.value("--max-pending-handshakes", PrimaryProperties.MAX_PENDING_HANDSHAKES))
                .tls(TlsOptions.from(parsed, TlsRole.PRIMARY));
        try {
            if (parsed.has("--tcp-keepalive")) {
                int[] timers = parsed.intList("--tcp-keepalive", 3);
                builder.keepAlive(KeepAlive.of(timers[0], timers[1], timers[2]));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
