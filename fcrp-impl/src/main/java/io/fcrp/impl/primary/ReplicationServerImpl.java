package io.fcrp.impl.primary;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SessionListener;
import io.fcrp.api.SessionState;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.tls.TlsChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's TCP endpoint: one accept thread that handles handshakes ({@link HandshakeGate}),
 * one thread per authenticated replica session. {@code max_replicas} counts authenticated sessions
 * only: a connection with a valid Hello beyond it is closed without a byte sent (spec §6.1 step 1).
 */
public final class ReplicationServerImpl implements ReplicationServer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServerImpl.class);
    private static final long JOIN_MILLIS = 5000;

    private final String name;
    private volatile PrimaryConfig config;
    private final Batcher primary;
    private final SnapshotProvider snapshots;
    private final InetSocketAddress localAddress;
    private final HandshakeGate gate;
    private final Thread acceptor;
    private final Map<Long, ReplicaSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Thread> sessionThreads = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextSessionId = new AtomicLong(1);
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong backlogBootstraps = new AtomicLong();
    private final AtomicLong snapshotBootstraps = new AtomicLong();
    private volatile boolean running = true;

    private ReplicationServerImpl(
            String name,
            PrimaryConfig config,
            Batcher primary,
            SnapshotProvider snapshots,
            ServerSocketChannel listener)
            throws IOException {
        this.name = name;
        this.config = config;
        this.primary = primary;
        this.snapshots = snapshots;
        this.localAddress = (InetSocketAddress) listener.getLocalAddress();
        this.gate = new HandshakeGate(name, listener, new GateAdmission());
        this.acceptor = new Thread(gate, "fcrp-primary-" + name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code config.bindAddress()} and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static ReplicationServerImpl start(
            String name, PrimaryConfig config, Batcher primary, SnapshotProvider snapshots) throws IOException {
        if (primary.shardCount() < 1) {
            throw new IllegalArgumentException("the replication primary reports no shards");
        }
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(config.bindAddress().toSocketAddress(), 128);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException(
                    "replication primary " + name + " failed to bind " + config.bindAddress() + ": " + e.getMessage(),
                    e);
        }
        ReplicationServerImpl server;
        try {
            server = new ReplicationServerImpl(name, config, primary, snapshots, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        server.acceptor.start();
        LOG.info("replication primary {} listening on {} ({})", name, server.localAddress, describeTransport(config));
        return server;
    }

    /**
     * Applies new settings to connections accepted from now on (token, TLS, limits, timeouts,
     * snapshot chunking, compression of snapshots); open sessions keep the settings they started with.
     *
     * @throws IllegalArgumentException when the bind address differs (that needs a new server)
     */
    public void reconfigure(PrimaryConfig next) {
        if (!next.bindAddress().equals(config.bindAddress())) {
            throw new IllegalArgumentException("bind.addr cannot change on a running server (" + config.bindAddress()
                    + " → " + next.bindAddress() + ")");
        }
        if (next.shardCount() != config.shardCount()) {
            throw new IllegalArgumentException("shard.count cannot change on a running server");
        }
        if (next.tls() != config.tls()) {
            LOG.info("replication primary {}: connections accepted from now on get {}", name, describeTransport(next));
        }
        config = next;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** True while connections are accepted: not shut down, and the accept thread is alive. */
    @Override
    public boolean isRunning() {
        return running && acceptor.isAlive();
    }

    @Override
    public List<ReplicaSessionInfo> sessions() {
        List<ReplicaSessionInfo> infos = new ArrayList<>();
        for (ReplicaSession session : sessions.values()) {
            infos.add(session.info());
        }
        infos.sort((a, b) -> Long.compare(a.id(), b.id()));
        return infos;
    }

    /** Connections that have not sent their Hello yet; they are no sessions and take no replica slot. */
    public int pendingHandshakes() {
        return gate.pending();
    }

    @Override
    public boolean disconnect(long sessionId) {
        ReplicaSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        LOG.info("disconnecting replica session {} on request", sessionId);
        session.close();
        return true;
    }

    @Override
    public ReplicationMetrics metrics() {
        long[] values = new long[Metric.values().length];
        primary.metrics().asMap().forEach((metric, value) -> values[metric.ordinal()] = value);
        values[Metric.DROPS.ordinal()] += dropped.get();
        values[Metric.CATCH_UP_BACKLOG_COUNT.ordinal()] = backlogBootstraps.get();
        values[Metric.CATCH_UP_SNAPSHOT_COUNT.ordinal()] = snapshotBootstraps.get();
        return new ReplicationMetrics(values);
    }

    @Override
    public long droppedReplicas() {
        return dropped.get();
    }

    @Override
    public long rejectedConnections() {
        return rejected.get();
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        gate.close();
        join(acceptor);
        for (ReplicaSession session : sessions.values()) {
            session.close();
        }
        for (Thread thread : sessionThreads.values()) {
            join(thread);
        }
        LOG.info("replication primary {} stopped", name);
    }

    void sessionConnected(ReplicaSession session) {
        ReplicaSessionInfo info = session.info();
        LOG.info(
                "replica {} connected to primary {} (session {}, {})",
                info.remoteAddress(),
                name,
                info.id(),
                info.state() == SessionState.SNAPSHOT ? "sending a snapshot" : "resuming from the backlog");
        tell(listener -> listener.connected(info));
    }

    void snapshotStarted(ReplicaSession session) {
        ReplicaSessionInfo info = session.info();
        tell(listener -> listener.snapshotStarted(info));
    }

    void snapshotFinished(ReplicaSession session, long entries, long bytes, long durationMillis) {
        ReplicaSessionInfo info = session.info();
        LOG.debug(
                "replica {} (session {}) was sent a snapshot of {} entries, {} bytes in {} ms",
                info.remoteAddress(),
                info.id(),
                entries,
                bytes,
                durationMillis);
        tell(listener -> listener.snapshotFinished(info, entries, bytes, durationMillis));
    }

    void sessionEnded(ReplicaSession session, boolean wasConnected, String reason) {
        sessions.remove(session.id());
        sessionThreads.remove(session.id());
        if (!wasConnected) {
            return;
        }
        ReplicaSessionInfo info = session.info();
        LOG.info("replica {} left primary {} (session {}): {}", info.remoteAddress(), name, info.id(), reason);
        tell(listener -> listener.disconnected(info, reason));
    }

    private void tell(Consumer<SessionListener> event) {
        for (SessionListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("session listener failed", e);
            }
        }
    }

    void replicaDropped() {
        dropped.incrementAndGet();
    }

    void bootstrapByBacklog() {
        backlogBootstraps.incrementAndGet();
    }

    void bootstrapBySnapshot() {
        snapshotBootstraps.incrementAndGet();
    }

    /** Starts a session for a connection with a valid Hello, within {@code max.replicas}. */
    private void startSession(SocketChannel channel, TlsChannel tls, String remote, Hello hello) {
        PrimaryConfig current = config;
        if (!running) {
            closeQuietly(channel, tls);
            return;
        }
        if (sessions.size() >= current.maxReplicas()) {
            rejected.incrementAndGet();
            LOG.warn("rejecting replica {}: max.replicas {} reached", remote, current.maxReplicas());
            closeQuietly(channel, tls);
            return;
        }
        long id = nextSessionId.getAndIncrement();
        ReplicaSession session = new ReplicaSession(id, channel, tls, remote, hello, this, primary, snapshots, current);
        LOG.debug("replica {} (session {}) passed the handshake; its watermarks are {}", remote, id, hello.since());
        Thread thread = new Thread(session, "fcrp-primary-" + name + "-session-" + id);
        thread.setDaemon(true);
        sessions.put(id, session);
        sessionThreads.put(id, thread);
        try {
            thread.start();
        } catch (Throwable e) { // no thread for it (out of memory or threads): it must not count as served
            sessions.remove(id);
            sessionThreads.remove(id);
            closeQuietly(channel, tls);
            throw e;
        }
    }

    /** Closes a connection no session took; a TLS one with close_notify. */
    private static void closeQuietly(SocketChannel channel, TlsChannel tls) {
        if (tls != null) {
            tls.close();
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static String describeTransport(PrimaryConfig config) {
        return config.tls() == null ? "plaintext FCRP v1" : config.tls().toString();
    }

    private void join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("thread {} did not stop within {} ms", thread.getName(), JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the handshake gate sees of this server. */
    private final class GateAdmission implements HandshakeGate.Admission {

        @Override
        public PrimaryConfig config() {
            return config;
        }

        @Override
        public void admit(SocketChannel channel, TlsChannel tls, String remote, Hello hello) {
            startSession(channel, tls, remote, hello);
        }

        @Override
        public void refused() {
            rejected.incrementAndGet();
        }
    }
}
