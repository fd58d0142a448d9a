package io.fcrp.impl.primary;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fcrp.api.SessionListener;

import io.fcrp.impl.store.EmbeddedStore;

/**
 * A complete primary: embedded store, batcher and TCP server wired together, with a
 * time-derived sequence base (design.md). Closing it releases every socket and thread.
 */
public final class PrimaryNode implements AutoCloseable {

    private final String name;
    private final EmbeddedPrimary embedded;
    private volatile ReplicationServerImpl server;
    private volatile PrimaryConfig config;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    private PrimaryNode(String name, PrimaryConfig config, EmbeddedPrimary embedded, ReplicationServerImpl server) {
        this.name = name;
        this.config = config;
        this.embedded = embedded;
        this.server = server;
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
        try {
            return new PrimaryNode(name, config, embedded,
                    ReplicationServerImpl.start(name, config, embedded.batcher(), embedded.store()));
        } catch (IOException | RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    /**
     * Applies new settings without losing data: batching, compression and backlog in place; a new
     * bind address closes the old listener (and its sessions) and opens the new one.
     *
     * @throws IOException when the new address cannot be bound (the old server is then still running)
     * @throws IllegalArgumentException when the shard count differs
     */
    public synchronized void reconfigure(PrimaryConfig next) throws IOException {
        if (next.shardCount() != config.shardCount()) {
            throw new IllegalArgumentException("shard.count cannot change while the store holds data ("
                    + config.shardCount() + " → " + next.shardCount() + "): delete and recreate the primary");
        }
        if (!next.bindAddress().equals(config.bindAddress())) {
            ReplicationServerImpl moved = ReplicationServerImpl.start(name, next, batcher(), store());
            listeners.forEach(moved::addSessionListener);
            ReplicationServerImpl old = server;
            server = moved;
            old.shutdown();
        } else {
            server.reconfigure(next);
        }
        batcher().reconfigure(next);
        config = next;
    }

    /** Hears of the sessions of this primary's server, also across a moved bind address. */
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
        server.addSessionListener(listener);
    }

    public void removeSessionListener(SessionListener listener) {
        listeners.remove(listener);
        server.removeSessionListener(listener);
    }

    public PrimaryConfig config() {
        return config;
    }

    public EmbeddedStore store() {
        return embedded.store();
    }

    public Batcher batcher() {
        return embedded.batcher();
    }

    public ReplicationServerImpl server() {
        return server;
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        return server.localAddress().getPort();
    }

    @Override
    public void close() {
        server.shutdown();
        embedded.close();
    }
}
