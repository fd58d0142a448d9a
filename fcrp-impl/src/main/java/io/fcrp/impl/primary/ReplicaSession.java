package io.fcrp.impl.primary;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.Snapshot;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.impl.net.ChannelIO;
import io.fcrp.impl.net.Disconnects;
import io.fcrp.impl.net.Transport;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.store.DirectBuffers;
import io.fcrp.impl.tls.TlsChannel;
import io.fcrp.impl.tls.TlsTransport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica connection on the primary after a valid Hello ({@link HandshakeGate}), run by its
 * own thread (the only writer of the socket): acknowledge the Hello (spec §6.1 step 4), subscribe,
 * bootstrap from the backlog or a snapshot, then forward live batches, with heartbeats while the
 * link is idle ({@link Heartbeats}). Batches are copied from the backlog's off-heap logs into an
 * off-heap send buffer and written from there; a replica that fell behind is served from the
 * backlog as long as it holds what the replica misses, and dropped when it no longer does.
 */
final class ReplicaSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    /** What a replica may send (answers to heartbeats) is tiny; a larger frame is not read. */
    private static final int MAX_REPLICA_FRAME_BYTES = 1024 * 1024;
    /** The send buffer; a larger frame gets a buffer of its own for as long as it is written. */
    private static final int SEND_BUFFER_BYTES = 1024 * 1024;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long id;
    private final SocketChannel channel;
    /** The connection's TLS after its handshake, or null for plaintext. */
    private final TlsChannel tls;

    private final String remoteAddress;
    private final Hello hello;
    private final long connectedSinceMs = System.currentTimeMillis();
    private final ReplicationServerImpl server;
    private final Batcher primary;
    private final SnapshotProvider snapshots;
    private final PrimaryConfig config;
    private final long[] sent;
    private final ByteBuffer[] single = new ByteBuffer[1];
    private final Heartbeats heartbeats;
    /** Frames from the replica; null once it sent something that is no frame, which is then ignored. */
    private FrameReader replicaFrames;

    private volatile Transport io;
    private volatile SessionState state = SessionState.HANDSHAKE;
    private volatile Subscription subscription;
    private volatile ShardWatermarks sentView;
    private volatile long framesSent;
    private volatile long bytesSent;
    /** Bytes of the write in progress, which count as behind until written. */
    private volatile long writing;
    /** False until the session knows where the replica stands (its watermarks or its snapshot's). */
    private volatile boolean positioned;

    private volatile boolean closing;
    private ByteBuffer sendBuffer;
    /** Set while the replica is behind its limits, so that falling behind is logged once per episode. */
    private boolean behind;

    ReplicaSession(
            long id,
            SocketChannel channel,
            TlsChannel tls,
            String remoteAddress,
            Hello hello,
            ReplicationServerImpl server,
            Batcher primary,
            SnapshotProvider snapshots,
            PrimaryConfig config) {
        this.id = id;
        this.channel = channel;
        this.tls = tls;
        this.remoteAddress = remoteAddress;
        this.hello = hello;
        this.server = server;
        this.primary = primary;
        this.snapshots = snapshots;
        this.config = config;
        this.sent = new long[primary.shardCount()];
        this.sentView = ShardWatermarks.zeros(sent.length);
        this.heartbeats = new Heartbeats(config.heartbeatIntervalMs(), System.nanoTime());
    }

    long id() {
        return id;
    }

    ReplicaSessionInfo info() {
        Subscription current = subscription;
        long queued = current == null ? 0 : current.bytesBehind();
        ReplicaSessionInfo.Builder info = ReplicaSessionInfo.builder(id)
                .remoteAddress(remoteAddress)
                .state(state)
                .connectedSinceMs(connectedSinceMs)
                .framesSent(framesSent)
                .bytesSent(bytesSent)
                .queuedBytes(queued)
                .queuedBatches(current == null ? 0 : (int) Math.min(Integer.MAX_VALUE, current.batchesBehind()))
                .sentWatermarks(sentView);
        if (positioned) {
            info.bytesBehind(queued + writing).recordsBehind(sentView.distanceTo(primary.publishedWatermarks()));
        }
        return info.build();
    }

    /** Ends the session from another thread. */
    void close() {
        closing = true;
        Transport current = io;
        if (current != null) {
            current.close();
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the session thread notices the closed channel either way
            }
        }
    }

    @Override
    public void run() {
        String reason = "closed";
        boolean handshaken = false;
        try (Transport channelIO = open()) {
            io = channelIO;
            replicaFrames = new FrameReader(channelIO.input(), MAX_REPLICA_FRAME_BYTES);
            if (closing) {
                return;
            }
            byte[] ack = FrameCodec.encode(
                    FrameKind.HELLO,
                    Hello.acknowledgement(primary.currentWatermarks()).encode());
            writeFrame(channelIO, ack, ack.length);
            handshaken = true;
            subscription = primary.subscribe(config.subscriberQueueBytes(), config.subscriberChannelCapacity());
            bootstrap(channelIO, hello);
            reason = forward(channelIO);
        } catch (DroppedException e) {
            reason = e.getMessage();
            server.replicaDropped();
            LOG.warn("dropping replica {} (session {}): {}", remoteAddress, id, reason);
        } catch (SocketTimeoutException e) {
            reason = "write timed out after " + config.writeTimeoutMs() + " ms";
            LOG.warn("closing replica connection {}: {}", remoteAddress, reason);
        } catch (ClosedChannelException e) {
            reason = closing ? "closed by the primary" : "connection closed";
        } catch (IOException e) {
            reason = closing ? "closed by the primary" : "connection lost: " + Disconnects.describe(e);
            if (!closing) {
                LOG.info("replica {} (session {}) disconnected: {}", remoteAddress, id, Disconnects.describe(e));
            }
        } catch (RuntimeException | Error e) { // a bug or exhausted memory: end this session, never the primary
            reason = "internal error: " + e;
            LOG.error("replica session {} ({}) failed", id, remoteAddress, e);
        } finally {
            state = SessionState.CLOSED;
            Subscription current = subscription;
            if (current != null) {
                current.close();
            }
            if (sendBuffer != null) {
                DirectBuffers.free(sendBuffer);
                sendBuffer = null;
            }
            server.sessionEnded(this, handshaken, reason);
        }
    }

    private Transport open() throws IOException {
        try {
            ChannelIO plain = new ChannelIO(channel);
            return tls == null ? plain : new TlsTransport(plain, tls);
        } catch (IOException | RuntimeException e) {
            if (tls != null) {
                tls.close(); // frees its buffers
            }
            throw e;
        }
    }

    /**
     * Positions the subscription after the replica's watermarks when the backlog holds all it
     * misses (spec §7); otherwise streams a snapshot and positions it after the snapshot's. The
     * server hears of the session once that is decided, so it sees how it bootstraps.
     */
    private void bootstrap(Transport channelIO, Hello hello) throws IOException {
        ShardWatermarks since = hello.since() != null ? hello.since() : ShardWatermarks.zeros(sent.length);
        if (subscription.resumeAfter(since)) {
            markSent(since);
            state = SessionState.CATCH_UP;
            server.bootstrapByBacklog();
            LOG.debug(
                    "replica {} (session {}) resumes from its watermarks {} out of the backlog",
                    remoteAddress,
                    id,
                    since);
            server.sessionConnected(this);
            return;
        }
        state = SessionState.SNAPSHOT;
        server.bootstrapBySnapshot();
        LOG.debug(
                "replica {} (session {}): the backlog cannot prove it holds everything after {}; sending a snapshot",
                remoteAddress,
                id,
                since);
        try (Snapshot snapshot = snapshots.snapshot()) {
            markSent(snapshot.watermarks());
            server.sessionConnected(this);
            server.snapshotStarted(this);
            long started = System.nanoTime();
            long bytesBefore = bytesSent;
            SnapshotStreamer streamer =
                    new SnapshotStreamer(config.snapshotChunkBytes(), config.compression(), config.zstdLevel());
            streamer.stream(snapshot, (frame, length) -> writeFrame(channelIO, frame, length));
            server.snapshotFinished(
                    this,
                    snapshot.size(),
                    bytesSent - bytesBefore,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            if (!subscription.resumeAfter(snapshot.watermarks())) {
                throw new DroppedException("the backlog no longer holds what was published while its snapshot "
                        + "was sent (after " + snapshot.watermarks() + ")");
            }
        }
        state = SessionState.CATCH_UP;
    }

    /** Forwards published batches until the session ends; returns why it ended. */
    private String forward(Transport channelIO) throws IOException {
        while (!closing) {
            ByteBuffer buffer = sendBuffer();
            int frames = subscription.copyTo(buffer, sent);
            if (frames < 0) {
                throw new DroppedException("it fell behind and the backlog no longer holds what it misses after "
                        + ShardWatermarks.of(sent));
            }
            if (subscription.takeOverflow() && !behind) {
                behind = true;
                LOG.info(
                        "replica {} fell more than {} bytes or {} batches behind in a shard; it is served from "
                                + "the backlog while that holds what it misses",
                        remoteAddress,
                        config.subscriberQueueBytes(),
                        config.subscriberChannelCapacity());
            }
            if (frames > 0) {
                write(channelIO, buffer.flip(), frames);
                if (buffer.capacity() > SEND_BUFFER_BYTES) {
                    replaceSendBuffer(SEND_BUFFER_BYTES); // it grew for one large frame
                }
                continue;
            }
            int larger = subscription.nextFrameLength();
            if (larger > buffer.capacity()) {
                replaceSendBuffer(larger);
                continue;
            }
            if (!subscription.hasPending()) {
                behind = false;
                if (state == SessionState.CATCH_UP) {
                    state = SessionState.LIVE;
                }
            }
            subscription.awaitPublished(Math.min(POLL_NANOS, heartbeats.nanosUntilDue(System.nanoTime())));
            if (!subscription.hasPending()) {
                String gone = whileIdle(channelIO);
                if (gone != null) {
                    return gone;
                }
            }
        }
        return "closed by the primary";
    }

    /**
     * On an idle link: reads what the replica sent and sends a heartbeat when one is due; returns
     * why the session ends when the replica is gone, else null.
     */
    private String whileIdle(Transport channelIO) throws IOException {
        if (replicaClosed(channelIO)) {
            return "replica closed the connection";
        }
        long now = System.nanoTime();
        if (heartbeats.nanosUntilDue(now) > 0) {
            return null;
        }
        if (heartbeats.replicaGone()) {
            String reason = "it answered none of its last " + Heartbeats.MISSED_BEFORE_GONE + " heartbeats ("
                    + heartbeats.silenceMillis() + " ms)";
            LOG.warn("closing replica connection {}: {}", remoteAddress, reason);
            return reason;
        }
        byte[] heartbeat = FrameCodec.encode(FrameKind.ACK, Payloads.encodeWatermarks(primary.publishedWatermarks()));
        writeFrame(channelIO, heartbeat, heartbeat.length);
        heartbeats.sent(now);
        return null;
    }

    /**
     * Reads what the replica sent (spec §6.1 step 4: nothing a replica sends changes what it is
     * served): a Java replica's answers to heartbeats. True once the replica has closed its side.
     */
    private boolean replicaClosed(Transport channelIO) throws IOException {
        while (replicaFrames != null) {
            Frame frame;
            try {
                frame = replicaFrames.next();
            } catch (SocketTimeoutException nothingMore) {
                return false;
            } catch (ProtocolException e) {
                LOG.info(
                        "replica {} sent bytes that are no FCRP frame ({}); ignoring what it sends",
                        remoteAddress,
                        e.getMessage());
                replicaFrames = null;
                break;
            }
            if (frame == null) {
                return true;
            }
            if (frame.kind() == FrameKind.ACK) {
                heartbeats.answered();
            }
        }
        return channelIO.peerClosed();
    }

    /** The send buffer, emptied. */
    private ByteBuffer sendBuffer() {
        if (sendBuffer == null) {
            sendBuffer = allocate(SEND_BUFFER_BYTES);
        }
        return sendBuffer.clear();
    }

    private void replaceSendBuffer(int capacity) {
        DirectBuffers.free(sendBuffer);
        sendBuffer = null;
        sendBuffer = allocate(capacity);
    }

    private static ByteBuffer allocate(int bytes) {
        ByteBuffer buffer = DirectBuffers.allocate(bytes);
        if (buffer == null) {
            throw new IllegalStateException("no direct memory left for a send buffer of " + bytes + " bytes");
        }
        return buffer;
    }

    private void write(Transport channelIO, ByteBuffer buffer, int frames) throws IOException {
        int bytes = buffer.remaining();
        single[0] = buffer;
        writing = bytes;
        channelIO.write(single, config.writeTimeoutMs());
        writing = 0;
        single[0] = null;
        heartbeats.wrote(System.nanoTime());
        framesSent += frames;
        bytesSent += bytes;
        sentView = ShardWatermarks.of(sent);
    }

    private void writeFrame(Transport channelIO, byte[] frame, int length) throws IOException {
        write(channelIO, ByteBuffer.wrap(frame, 0, length), 1);
    }

    private void markSent(ShardWatermarks watermarks) {
        for (int shard = 0; shard < sent.length; shard++) {
            sent[shard] = watermarks.get(shard);
        }
        sentView = ShardWatermarks.of(sent);
        positioned = true;
    }

    /** The replica cannot be served any further without a new bootstrap. */
    private static final class DroppedException extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedException(String message) {
            super(message);
        }
    }
}
