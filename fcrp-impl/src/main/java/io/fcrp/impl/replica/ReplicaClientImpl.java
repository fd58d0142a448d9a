package io.fcrp.impl.replica;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.StoreFullException;
import io.fcrp.impl.net.Disconnects;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolError;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.tls.TlsContext;
import io.fcrp.impl.tls.TlsException;
import io.fcrp.impl.tls.TlsSocket;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica client (spec §6.2): one thread connects, says Hello with its watermarks, applies what
 * the primary streams and reconnects after any failure with a bounded, jittered exponential
 * backoff. The data stays readable throughout and is only ever replaced by a complete new
 * bootstrap: when the replica must start afresh (a primary whose watermarks are below ours has
 * restarted, design.md; a data set from another primary; a resync) it asks with zero watermarks
 * and stages what arrives ({@link StreamApplier}), so it never holds a mix of old and new.
 * A dead link is noticed by TCP keep-alive, or sooner by missing heartbeats ({@link IdleWatch}),
 * which the replica answers; any failure of the thread, an {@link Error} included, is reported in
 * {@code LastError} and followed by a reconnect. With TLS ({@link TlsSocket}) the handshake comes
 * first, within the connect timeout; new TLS files apply to the connections made from then on.
 */
public final class ReplicaClientImpl implements ReplicaClient, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaClientImpl.class);
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** Reads wake up this often to release held records and check the idle timeout. */
    private static final int READ_TICK_MS = 100;
    /** Bytes of records held behind sequence gaps before they are applied across the gap. */
    private static final long MAX_HELD_BYTES = 64L * 1024 * 1024;

    private final String name;
    private final ReplicaConfig config;
    private final ReplicaStore store;
    private final AppliedMutationListener listener;
    private final ReplicaCounters counters = new ReplicaCounters();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong watermarkRegressions = new AtomicLong();
    private final AtomicLong dataReplacements = new AtomicLong();
    /** Why the next sessions bootstrap afresh (until one completes), or null while they resume from the watermarks. */
    private final AtomicReference<String> freshBootstrapReason = new AtomicReference<>();

    private final List<ReplicaEventListener> eventListeners = new CopyOnWriteArrayList<>();
    /** Failed sessions in a row that never streamed: the first is reported, then a summary every minute. */
    private final FailureStreak failures = new FailureStreak(System::currentTimeMillis);

    private final Object stateLock = new Object();
    /** When the replica last left STREAMING; its start until it first streams. */
    private volatile long notStreamingSinceMs = System.currentTimeMillis();

    private final Object wakeUp = new Object();
    private final Thread thread;
    private volatile ReplicaState state = ReplicaState.CONNECTING;
    private volatile Socket socket;
    /** TLS for the next connections, or null for plaintext. */
    private volatile TlsContext tls;

    private volatile StreamApplier applier;
    private volatile ShardWatermarks primaryWatermarks = ShardWatermarks.empty();
    private volatile String lastError;
    private volatile BootstrapKind lastBootstrap = BootstrapKind.NONE;
    private volatile boolean stopping;
    private volatile boolean skipBackoff;
    private final boolean ownsStore;

    private ReplicaClientImpl(
            String name,
            ReplicaConfig config,
            ReplicaStore store,
            boolean ownsStore,
            AppliedMutationListener listener) {
        this.name = name;
        this.config = config;
        this.listener = listener;
        this.store = store;
        this.ownsStore = ownsStore;
        this.tls = config.tls();
        this.thread = new Thread(this::run, "fcrp-replica-" + name);
        thread.setDaemon(true);
    }

    /** Starts replicating from {@code config.upstream()}. */
    public static ReplicaClientImpl start(String name, ReplicaConfig config) {
        return start(name, config, null);
    }

    /** Starts replicating; {@code listener} (may be null) hears of every applied record. */
    public static ReplicaClientImpl start(String name, ReplicaConfig config, AppliedMutationListener listener) {
        return start(new ReplicaClientImpl(
                name,
                config,
                new ReplicaStore(
                        name,
                        config.localShards(),
                        System::currentTimeMillis,
                        new MemoryBudget(name, config.storeMaxBytes())),
                true,
                listener));
    }

    /**
     * Starts replicating into {@code store}, which the caller owns (closes) and may hand to a later
     * client: its data and watermarks carry over, so that client catches up from the backlog.
     */
    public static ReplicaClientImpl startWith(String name, ReplicaConfig config, ReplicaStore store) {
        return startWith(name, config, store, null);
    }

    /** As {@link #startWith(String, ReplicaConfig, ReplicaStore)}; {@code listener} (may be null) hears of every applied record. */
    public static ReplicaClientImpl startWith(
            String name, ReplicaConfig config, ReplicaStore store, AppliedMutationListener listener) {
        return start(new ReplicaClientImpl(name, config, store, false, listener));
    }

    /**
     * As {@link #startWith(String, ReplicaConfig, ReplicaStore)}, but not started yet: event
     * listeners added before {@link #start()} hear of everything from the first connection on.
     */
    public static ReplicaClientImpl createWith(String name, ReplicaConfig config, ReplicaStore store) {
        return new ReplicaClientImpl(name, config, store, false, null);
    }

    /** Starts replicating; once only. */
    public void start() {
        thread.start();
    }

    private static ReplicaClientImpl start(ReplicaClientImpl client) {
        client.start();
        return client;
    }

    @Override
    public String upstream() {
        return config.upstream().toString();
    }

    @Override
    public ReplicaState state() {
        return state;
    }

    @Override
    public KeyValueView store() {
        return store;
    }

    /** The store with its watermarks, for tests and tools. */
    public ReplicaStore replicaStore() {
        return store;
    }

    @Override
    public ReplicaStatus status() {
        StreamApplier current = applier;
        ShardWatermarks primary = current != null ? current.primaryWatermarks() : primaryWatermarks;
        ReplicaState now = state;
        return ReplicaStatus.builder()
                .state(now)
                .upstream(upstream())
                .localWatermarks(store.watermarks())
                .primaryWatermarks(primary)
                .lagMillis(counters.lag.lagMillis())
                .lagPercentiles(counters.lag.percentiles())
                .millisSinceLastFrame(counters.lag.millisSinceLastFrame())
                .millisNotStreaming(
                        now == ReplicaState.STREAMING
                                ? 0
                                : Math.max(0, System.currentTimeMillis() - notStreamingSinceMs))
                .applied(counters.applied.get())
                .skipped(counters.skipped.get())
                .applyNanos(counters.applyNanos.get())
                .reconnects(reconnects.get())
                .snapshotsLoaded(counters.snapshotsLoaded.get())
                .bootstrap(lastBootstrap())
                .watermarkRegressions(watermarkRegressions.get())
                .dataReplacements(dataReplacements.get())
                .bytesReceived(counters.bytesReceived.get())
                .lastError(lastError)
                .build();
    }

    /** Hears what happens to this client from now on. */
    public void addEventListener(ReplicaEventListener listener) {
        eventListeners.add(listener);
    }

    /** Frames received so far, by the reference's kind names. */
    public Map<FrameKind, Long> framesReceived() {
        Map<FrameKind, Long> frames = new EnumMap<>(FrameKind.class);
        for (FrameKind kind : FrameKind.values()) {
            frames.put(kind, counters.framesByKind.get(kind.ordinal()));
        }
        return frames;
    }

    /** How the current or last session bootstrapped. */
    public BootstrapKind lastBootstrap() {
        StreamApplier current = applier;
        return current != null ? current.bootstrapKind() : lastBootstrap;
    }

    /** Nanoseconds spent applying batches. */
    public long applyNanos() {
        return counters.applyNanos.get();
    }

    /**
     * New TLS files (key, certificate, trust, pins) for the connections made from now on; the
     * current connection keeps its own. TLS cannot be turned on or off this way.
     */
    public void useTls(TlsContext next) {
        if ((next == null) != (tls == null)) {
            throw new IllegalArgumentException(
                    "TLS cannot be turned " + (next == null ? "off" : "on") + " on a running replica");
        }
        tls = next;
    }

    @Override
    public void reconnect() {
        skipBackoff = true;
        dropConnection();
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Bootstraps again with zero watermarks; the data stays readable until the new data is complete. */
    @Override
    public void resync() {
        freshBootstrapReason.set("a resync was requested");
        reconnect();
    }

    @Override
    public void shutdown() {
        if (stopping) {
            return;
        }
        stopping = true;
        dropConnection();
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
                if (thread.isAlive()) {
                    LOG.warn("replica {} thread did not stop within 5 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        moveTo(ReplicaState.STOPPED);
    }

    /** Stops replicating and frees the store's memory when this client created the store. */
    @Override
    public void close() {
        shutdown();
        if (ownsStore) {
            store.close();
        }
    }

    private void run() {
        while (!stopping) {
            try {
                replicate();
            } catch (Throwable e) { // outside a session, e.g. while discarding data: still never a silent death
                failUnexpectedly(e);
                moveTo(ReplicaState.BACKING_OFF);
                pause(config.reconnectBackoffMaxMs());
                reconnects.incrementAndGet();
            }
        }
        moveTo(ReplicaState.STOPPED);
    }

    /** Moves to {@code next}, telling the listeners of a change (in order, also when another thread stops the client). */
    private void moveTo(ReplicaState next) {
        synchronized (stateLock) {
            ReplicaState previous = state;
            if (previous == next) {
                return;
            }
            state = next;
            if (previous == ReplicaState.STREAMING) {
                notStreamingSinceMs = System.currentTimeMillis();
            }
            LOG.debug("replica {}: {} -> {}", name, previous, next);
            tell(listener -> listener.stateChanged(previous, next));
        }
    }

    private void tell(Consumer<ReplicaEventListener> event) {
        for (ReplicaEventListener listener : eventListeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("replica {}: an event listener failed", name, e);
            }
        }
    }

    /** Sessions one after the other, with the backoff in between, until stopped. */
    private void replicate() {
        long backoff = config.reconnectBackoffMs();
        boolean first = true;
        while (!stopping) {
            if (!first) {
                reconnects.incrementAndGet();
            }
            first = false;
            moveTo(ReplicaState.CONNECTING);
            boolean streamed = session();
            if (stopping) {
                break;
            }
            if (streamed) {
                backoff = config.reconnectBackoffMs();
            }
            if (skipBackoff) {
                skipBackoff = false;
                continue;
            }
            moveTo(ReplicaState.BACKING_OFF);
            long pause = jittered(backoff);
            LOG.debug("replica {}: next attempt to reach {} in {} ms", name, upstream(), pause);
            pause(pause);
            backoff = Math.min(config.reconnectBackoffMaxMs(), backoff * 2);
        }
    }

    /** One connection from connect to close; true when it got as far as streaming. */
    private boolean session() {
        StreamApplier current = null;
        boolean handshaken = false;
        String failure = null;
        try (Socket connection = new Socket()) {
            socket = connection;
            if (stopping) {
                return false;
            }
            connection.setTcpNoDelay(true);
            config.keepAlive().applyTo(connection);
            connection.setReceiveBufferSize(1024 * 1024);
            TlsContext secured = tls;
            if (secured != null) {
                TlsSocket.requireValidCertificate(secured);
            }
            connection.connect(
                    new InetSocketAddress(
                            config.upstream().host(), config.upstream().port()),
                    (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()));
            connection.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()));
            TlsSocket tlsSocket = secured == null
                    ? null
                    : TlsSocket.handshake(
                            connection,
                            secured,
                            config.upstream().host(),
                            config.upstream().port());
            InputStream fromPrimary = tlsSocket == null
                    ? new BufferedInputStream(connection.getInputStream(), READ_BUFFER_BYTES)
                    : tlsSocket.input();
            OutputStream toPrimary = tlsSocket == null ? connection.getOutputStream() : tlsSocket.output();
            boolean fresh = bootstrapsAfresh();
            ShardWatermarks since = fresh ? ShardWatermarks.zeros(1) : store.watermarks();
            LOG.debug(
                    "replica {}: connected to {}; Hello with {} watermarks {}",
                    name,
                    upstream(),
                    fresh ? "zero" : "its",
                    since);
            toPrimary.write(FrameCodec.encode(
                    FrameKind.HELLO, Hello.request(config.authToken(), since).encode()));
            FrameReader reader = new FrameReader(fromPrimary, config.maxFrameBytes());
            Hello ack = awaitAcknowledgement(reader);
            handshaken = true;
            long handshakeAtMs = System.currentTimeMillis();
            if (!fresh && ack.since() != null && since.anyAbove(ack.since())) {
                restartDetected(ack.since(), since);
                return false;
            }
            if (!fresh) {
                store.continueFrom(upstream());
            }
            connection.setSoTimeout(READ_TICK_MS);
            current = new StreamApplier(
                    store,
                    counters,
                    listener,
                    ack.since(),
                    config.gapWaitMs(),
                    MAX_HELD_BYTES,
                    fresh,
                    upstream(),
                    this::replaced);
            applier = current;
            long behind = fresh || ack.since() == null ? -1 : since.distanceTo(ack.since());
            LOG.debug(
                    "replica {}: the primary's watermarks are {}; {}",
                    name,
                    ack.since(),
                    fresh
                            ? "bootstrapping afresh (" + freshBootstrapReason.get() + ")"
                            : "resuming from the replica's watermarks, " + behind + " records behind");
            moveTo(ReplicaState.BOOTSTRAPPING);
            tell(listener -> listener.bootstrapStarted(fresh, behind));
            stream(reader, current, toPrimary, handshakeAtMs);
            return true;
        } catch (TlsException e) {
            failure = failed("TLS with the primary " + upstream() + " failed: " + e.getMessage(), true, current);
        } catch (EOFException e) {
            failure = failed(e.getMessage(), false, current);
        } catch (ProtocolException e) {
            failure = failed(e.getMessage() + limitHint(e), true, current);
        } catch (SocketTimeoutException e) {
            failure = failed(
                    state == ReplicaState.CONNECTING
                            ? "no answer from primary " + upstream() + " within " + config.connectTimeoutMs() + " ms"
                            : e.getMessage(),
                    true,
                    current);
        } catch (IOException e) {
            failure = failed(
                    stopping || skipBackoff
                            ? "connection closed on request"
                            : handshaken
                                    ? "the connection to primary " + upstream() + " was lost: "
                                            + Disconnects.describe(e)
                                    : "cannot reach the primary " + upstream() + ": " + Disconnects.describe(e),
                    !Disconnects.isPlainDisconnect(e),
                    current);
        } catch (StoreFullException e) {
            failure = failed(e.getMessage(), true, current);
        } catch (RuntimeException | Error e) { // a bug or exhausted memory: visible, and the replica starts over
            failure = failUnexpectedly(e);
        } finally {
            socket = null;
            if (current != null) {
                current.close();
                primaryWatermarks = current.primaryWatermarks();
                lastBootstrap = current.bootstrapKind();
            }
            applier = null;
            String reason = failure;
            if (handshaken && reason != null && !stopping) {
                tell(listener -> listener.sessionDropped(reason));
            }
        }
        return current != null && current.caughtUp();
    }

    /** The primary's watermarks are below the replica's: it restarted; the next session bootstraps afresh. */
    private void restartDetected(ShardWatermarks primary, ShardWatermarks local) {
        watermarkRegressions.incrementAndGet();
        freshBootstrapReason.compareAndSet(
                null, "the primary's watermarks " + primary + " were below the replica's " + local + " (it restarted)");
        LOG.warn(
                "replica {}: primary {} is behind this replica's data (its watermarks {} are below ours {}): "
                        + "it restarted; bootstrapping afresh, the current {} entries stay readable until the new "
                        + "data is complete",
                name,
                upstream(),
                primary,
                local,
                store.size());
        tell(listener -> listener.restartDetected(primary, local));
        skipBackoff = true;
    }

    /**
     * True when this session must bootstrap afresh: asked for (restart, resync), or the data came
     * from another primary than the one followed now, whose sequences mean nothing here.
     */
    private boolean bootstrapsAfresh() {
        String origin = store.origin();
        if (origin != null && !origin.equals(upstream())) {
            freshBootstrapReason.compareAndSet(
                    null, "the replica now follows " + upstream() + " and its data came from " + origin);
        }
        return freshBootstrapReason.get() != null;
    }

    /** A complete bootstrap replaced the store: loud when it held data (design.md). */
    private void replaced(String how, long entriesBefore, long entriesAfter) {
        String reason = freshBootstrapReason.getAndSet(null);
        if (entriesBefore == 0) {
            LOG.info("replica {} loaded {} entries from {} by {}", name, entriesAfter, upstream(), how);
            return;
        }
        if (reason == null) {
            reason = "the primary's backlog no longer held what the replica missed (the primary restarted without "
                    + "persistence, or the replica was away too long)";
        }
        dataReplacements.incrementAndGet();
        LOG.warn(
                "replica {}: its data was replaced in bulk by a {} from {}: {} entries before, {} after; {}",
                name,
                how,
                upstream(),
                entriesBefore,
                entriesAfter,
                reason);
        String why = reason;
        tell(listener -> listener.dataReplaced(upstream(), why, entriesBefore, entriesAfter));
    }

    private Hello awaitAcknowledgement(FrameReader reader) throws IOException {
        Frame frame;
        try {
            frame = reader.next();
        } catch (SocketException e) {
            Socket current = socket;
            if (current == null || current.isClosed()) {
                throw e; // we closed it ourselves (shutdown, reconnect)
            }
            frame = null; // a primary that closes without reading our Hello resets instead of closing cleanly
        }
        if (frame == null) {
            throw new EOFException("primary " + upstream() + " closed the connection during the handshake "
                    + "(max.replicas reached, or it is shutting down)");
        }
        counters.frameReceived(frame.kind(), frame.wireLength());
        if (frame.kind() == FrameKind.ERROR) {
            String message;
            try {
                message = Payloads.decodeError(frame.reader());
            } catch (ProtocolException e) {
                message = "unknown";
            }
            throw new ProtocolException(ProtocolError.UNEXPECTED_FRAME, "primary rejected handshake: " + message);
        }
        if (frame.kind() != FrameKind.HELLO) {
            throw new ProtocolException(
                    ProtocolError.UNEXPECTED_FRAME,
                    "expected Hello ack, got " + frame.kind().displayName());
        }
        try {
            return Hello.decode(frame.reader(), true);
        } catch (ProtocolException e) {
            // the reference replica does not read the acknowledgement; without it we only lose restart detection
            LOG.warn("replica {}: unreadable Hello acknowledgement from {} ({})", name, upstream(), e.getMessage());
            return Hello.acknowledgement(null);
        }
    }

    private void stream(FrameReader reader, StreamApplier current, OutputStream toPrimary, long handshakeAtMs)
            throws IOException {
        IdleWatch idle = new IdleWatch(config.idleTimeoutMs(), System.nanoTime());
        while (!stopping) {
            // checked before each read: a replica that is caught up at the handshake may receive nothing for long
            if (state == ReplicaState.BOOTSTRAPPING && current.caughtUp()) {
                streaming(current, System.currentTimeMillis() - handshakeAtMs);
            }
            Frame frame;
            try {
                frame = reader.next();
            } catch (SocketTimeoutException tick) {
                // the reader keeps a partly read frame; meanwhile release held records and check for idleness
                current.settleHolds();
                String silence = idle.silence(reader.bytesRead(), System.nanoTime());
                if (silence != null) {
                    throw new SocketTimeoutException(silence);
                }
                continue;
            }
            if (frame == null) {
                throw new EOFException("primary " + upstream() + " closed the connection");
            }
            idle.frameReceived(frame.kind(), System.nanoTime());
            counters.frameReceived(frame.kind(), frame.wireLength());
            current.apply(frame);
            if (frame.kind() == FrameKind.ACK) {
                answerHeartbeat(toPrimary);
            }
        }
    }

    /** The bootstrap of this session is complete. */
    private void streaming(StreamApplier current, long bootstrapMillis) {
        lastError = null;
        int failed = failures.succeeded();
        BootstrapKind how = current.bootstrapKind();
        LOG.info(
                "replica {} is streaming from {} (bootstrap: {}, {} ms{})",
                name,
                upstream(),
                how.label(),
                bootstrapMillis,
                failed == 0 ? "" : ", after " + failed + " failed attempts");
        moveTo(ReplicaState.STREAMING);
        tell(listener -> listener.bootstrapFinished(how, store.size(), bootstrapMillis));
    }

    /**
     * Answers a heartbeat with an Ack of the local watermarks, so the primary knows this replica
     * is alive. Only a primary that sends heartbeats gets answers: the reference never reads after
     * the handshake, and never sends an Ack (spec §12 Q9). The answer is tiny and sent once per
     * heartbeat, so it fits the socket's buffer unless the link is dead, which the silence then shows.
     */
    private void answerHeartbeat(OutputStream toPrimary) throws IOException {
        toPrimary.write(FrameCodec.encode(FrameKind.ACK, Payloads.encodeWatermarks(store.watermarks())));
    }

    /** How to get a frame above {@code max.frame.bytes} through, for an error that refuses one. */
    private String limitHint(ProtocolException e) {
        if (e.error() != ProtocolError.PAYLOAD_TOO_LARGE && e.error() != ProtocolError.UNCOMPRESSED_TOO_LARGE) {
            return "";
        }
        return "; max.frame.bytes is " + config.maxFrameBytes() + " (by default an eighth of the maximum heap): "
                + "a larger heap or max.frame.bytes lets it through";
    }

    /** Logs a failure that is no I/O or protocol error once, with its cause, and shows it in {@code LastError}. */
    private String failUnexpectedly(Throwable e) {
        String message = "internal error: " + e;
        if (stopping) {
            return message;
        }
        lastError = message;
        LOG.error("replica {}: session with {} failed; it reconnects", name, upstream(), e);
        return message;
    }

    /**
     * Reports why a session ended and shows it in {@code LastError}. The end of a session that
     * streamed is logged as it is (INFO, or WARN with {@code warn}); failures of sessions that
     * never streamed are a streak: the first at WARN, then DEBUG with a summary every minute.
     */
    private String failed(String message, boolean warn, StreamApplier session) {
        if (stopping) {
            return message;
        }
        lastError = message;
        if (session != null && session.caughtUp()) {
            if (warn) {
                LOG.warn("replica {}: {}", name, message);
            } else {
                LOG.info("replica {}: {}", name, message);
            }
            return message;
        }
        switch (failures.failed()) {
            case FIRST:
                LOG.warn(
                        "replica {}: {}; it keeps serving its {} entries and retries (backing off up to {} ms)",
                        name,
                        message,
                        store.size(),
                        config.reconnectBackoffMaxMs());
                break;
            case SUMMARY:
                LOG.warn(
                        "replica {}: still cannot reach {} after {} attempts, {} s: {}",
                        name,
                        upstream(),
                        failures.attempts(),
                        failures.seconds(),
                        message);
                break;
            default:
                LOG.debug("replica {}: {}", name, message);
        }
        return message;
    }

    private void dropConnection() {
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the replica thread sees the closed socket either way
            }
        }
    }

    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wakeUp) {
            long remaining;
            while (!stopping && !skipBackoff && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wakeUp, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static long jittered(long millis) {
        return Math.max(
                1, (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }
}
