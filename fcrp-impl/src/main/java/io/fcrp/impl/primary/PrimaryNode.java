package io.fcrp.impl.primary;

import java.io.IOException;

import io.fcrp.impl.store.EmbeddedStore;

/**
 * A complete primary: embedded store, batcher and TCP server wired together, with a
 * time-derived sequence base (design.md). Closing it releases every socket and thread.
 */
public final class PrimaryNode implements AutoCloseable {

    private final Batcher batcher;
    private final EmbeddedStore store;
    private final ReplicationServerImpl server;

    private PrimaryNode(Batcher batcher, EmbeddedStore store, ReplicationServerImpl server) {
        this.batcher = batcher;
        this.store = store;
        this.server = server;
    }

    /** Starts a primary named {@code name} (used in thread names and logs). */
    public static PrimaryNode start(String name, PrimaryConfig config) throws IOException {
        long base = EmbeddedStore.timeDerivedSequenceBase(System.currentTimeMillis());
        Batcher batcher = new Batcher(name, config, base);
        EmbeddedStore store = new EmbeddedStore(name, config.shardCount(), base, batcher, System::currentTimeMillis);
        try {
            return new PrimaryNode(batcher, store, ReplicationServerImpl.start(name, config, batcher, store));
        } catch (IOException | RuntimeException e) {
            store.close();
            batcher.close();
            throw e;
        }
    }

    public EmbeddedStore store() {
        return store;
    }

    public Batcher batcher() {
        return batcher;
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
        batcher.close();
        store.close();
    }
}
