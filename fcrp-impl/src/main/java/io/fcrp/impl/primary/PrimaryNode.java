package io.fcrp.impl.primary;

import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.SessionListener;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.StoreKind;
import io.fcrp.api.StoreMemory;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.store.EmbeddedStore;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A primary: its embedded store and batcher (or none, when an application owns the store) and the
 * TCP server that serves a mutation stream and its snapshots. The one place that starts, moves,
 * reconfigures and stops the server; the command-line tool, the tests and the OSGi component all
 * drive it. Closing it releases every socket and thread.
 */
public final class PrimaryNode implements AutoCloseable {

    private final String name;
    /** The embedded store and its batcher; null when the store is an application's. */
    private final EmbeddedPrimary embedded;

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile PrimaryConfig config;
    private volatile ReplicationServerImpl server;
    private volatile Batcher served;
    private SnapshotProvider servedSnapshots;

    private PrimaryNode(String name, PrimaryConfig config, EmbeddedPrimary embedded) {
        this.name = name;
        this.config = config;
        this.embedded = embedded;
    }

    /** Starts a primary named {@code name} (used in thread names and logs) with an empty store. */
    public static PrimaryNode start(String name, PrimaryConfig config) throws IOException {
        return start(name, config, EmbeddedPrimary.create(name, config));
    }

    /**
     * Starts serving {@code embedded} (e.g. loaded from its persistence file), which the node owns
     * from now on: closing the node closes it, after the server, so a last save never races a session.
     */
    public static PrimaryNode start(String name, PrimaryConfig config, EmbeddedPrimary embedded) throws IOException {
        PrimaryNode node = withEmbeddedStore(name, config, embedded);
        try {
            node.serve(node.batcher(), node.store());
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** A primary with an empty embedded store (a time-derived sequence base, design.md) that does not serve yet. */
    public static PrimaryNode withEmbeddedStore(String name, PrimaryConfig config) {
        return withEmbeddedStore(name, config, EmbeddedPrimary.create(name, config));
    }

    /** A primary owning {@code embedded} (e.g. loaded from its persistence file) that does not serve yet. */
    public static PrimaryNode withEmbeddedStore(String name, PrimaryConfig config, EmbeddedPrimary embedded) {
        return new PrimaryNode(name, config, embedded);
    }

    /** A primary that serves the store of an application once it is handed one ({@link #serve}). */
    public static PrimaryNode withoutStore(String name, PrimaryConfig config) {
        return new PrimaryNode(name, config, null);
    }

    /**
     * Fails as binding {@code address} would, without serving, so that a change that needs the
     * address can be refused before anything is stopped.
     */
    public static void requireBindable(HostPort address) throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(address.toSocketAddress());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves {@code stream} and {@code snapshots} from now on; a server of other ones stops first.
     *
     * @throws IOException when the bind address cannot be bound; nothing is served then
     */
    public synchronized void serve(Batcher stream, SnapshotProvider snapshots) throws IOException {
        if (server != null && stream == served && snapshots == servedSnapshots) {
            return;
        }
        stopServing();
        ReplicationServerImpl started = ReplicationServerImpl.start(name, config, stream, snapshots);
        listeners.forEach(started::addSessionListener);
        served = stream;
        servedSnapshots = snapshots;
        server = started;
    }

    /** Closes the port and every session; the store stays as it is. */
    public synchronized void stopServing() {
        ReplicationServerImpl running = server;
        if (running == null) {
            return;
        }
        server = null;
        served = null;
        servedSnapshots = null;
        running.shutdown();
        listeners.forEach(running::removeSessionListener);
    }

    /** Publishes what is pending, then stops serving as {@link #stopServing()} does. */
    public synchronized void drainAndStopServing() {
        Batcher stream = served;
        if (stream != null) {
            stream.flush();
        }
        stopServing();
    }

    /**
     * Applies new settings without losing data. A moved bind address is bound first and only then
     * is the old port closed with its sessions: when it cannot be bound nothing changes at all.
     * Batching, compression, backlog and the store's limit change in place; the token, limits and
     * timeouts apply to connections accepted from now on.
     *
     * @throws IOException when the new address cannot be bound (everything stays as it was)
     * @throws IllegalArgumentException when the embedded store's shard count would change
     */
    public synchronized void reconfigure(PrimaryConfig next) throws IOException {
        if (embedded != null && next.shardCount() != config.shardCount()) {
            throw new IllegalArgumentException("shard.count cannot change while the store holds data ("
                    + config.shardCount() + " → " + next.shardCount() + "): start a new primary");
        }
        ReplicationServerImpl running = server;
        if (running != null && !next.bindAddress().equals(config.bindAddress())) {
            ReplicationServerImpl moved = ReplicationServerImpl.start(name, next, served, servedSnapshots);
            listeners.forEach(moved::addSessionListener);
            server = moved;
            running.shutdown();
            listeners.forEach(running::removeSessionListener);
        } else if (running != null) {
            running.reconfigure(next);
        }
        if (embedded != null) {
            embedded.batcher().reconfigure(next);
            embedded.store().budget().limitBytes(next.storeMaxBytes());
        }
        config = next;
    }

    /** Hears of the sessions of this primary's servers, across restarts and moves. */
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
        ReplicationServerImpl running = server;
        if (running != null) {
            running.addSessionListener(listener);
        }
    }

    /** Stops telling {@code listener} of sessions. */
    public void removeSessionListener(SessionListener listener) {
        listeners.remove(listener);
        ReplicationServerImpl running = server;
        if (running != null) {
            running.removeSessionListener(listener);
        }
    }

    public PrimaryConfig config() {
        return config;
    }

    /** The embedded store and its batcher, or null when the store is an application's. */
    public EmbeddedPrimary embedded() {
        return embedded;
    }

    /** The embedded store, or null when the store is an application's. */
    public EmbeddedStore store() {
        return embedded == null ? null : embedded.store();
    }

    /** The embedded store's batcher, or null when the store is an application's. */
    public Batcher batcher() {
        return embedded == null ? null : embedded.batcher();
    }

    /** The mutation stream being served, or null when not serving. */
    public Batcher served() {
        return served;
    }

    /** The running server, or null when not serving. */
    public ReplicationServerImpl server() {
        return server;
    }

    /**
     * A reading of this primary. While it does not serve, its stream is {@code idle}: the one it
     * would serve (its own batcher, or an application's), or null while there is none.
     */
    public PrimaryStatus status(ReplicationPrimary idle) {
        ReplicationServerImpl running = server;
        Batcher stream = served;
        ReplicationPrimary primary = stream != null ? stream : idle;
        EmbeddedStore store = store();
        PrimaryStatus.Builder status = PrimaryStatus.builder()
                .store(embedded != null ? StoreKind.EMBEDDED : StoreKind.EXTERNAL)
                .bindAddress(config.bindAddress().toString())
                .storeMemory(store == null ? StoreMemory.none() : store.memory());
        if (primary != null) {
            status.shardCount(primary.shardCount())
                    .watermarks(primary.currentWatermarks())
                    .backlog(primary.backlogStats());
        }
        // the server's metrics add its own counts to its stream's
        status.metrics(
                running != null ? running.metrics() : primary != null ? primary.metrics() : ReplicationMetrics.zeros());
        if (running != null) {
            status.droppedReplicas(running.droppedReplicas()).rejectedConnections(running.rejectedConnections());
            if (running.isRunning()) {
                status.listenAddress(HostPort.of(running.localAddress()).toString())
                        .sessions(running.sessions());
            }
        }
        return status.build();
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        ReplicationServerImpl running = server;
        if (running == null) {
            throw new IllegalStateException("primary " + name + " is not serving");
        }
        return running.localAddress().getPort();
    }

    /** Stops serving, then stops the embedded store's threads. */
    @Override
    public synchronized void close() {
        stopServing();
        if (embedded != null) {
            embedded.close();
        }
    }
}
