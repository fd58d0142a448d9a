package io.fcrp.impl.primary;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fcrp.api.CatchUp;
import io.fcrp.api.EncodedBatch;
import io.fcrp.api.FrameSubscription;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.SessionState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.Snapshot;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.impl.net.ChannelIO;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;

/**
 * One replica connection on the primary, run by its own thread (the only writer of the socket):
 * handshake (spec §6.1 steps 2–4), subscribe, bootstrap from the backlog or a snapshot, then
 * forward live batches. A gap in its live queue is filled from the backlog; when the backlog no
 * longer covers it, the replica is dropped.
 */
final class ReplicaSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    /** A Hello is tiny; anything larger than this is refused before it is read. */
    private static final int MAX_HELLO_BYTES = 1024 * 1024;
    private static final int MAX_FRAMES_PER_WRITE = 64;
    private static final long MAX_BYTES_PER_WRITE = 4L * 1024 * 1024;
    private static final long POLL_MILLIS = 100;

    private final long id;
    private final SocketChannel channel;
    private final String remoteAddress;
    private final long connectedSinceMs = System.currentTimeMillis();
    private final ReplicationServerImpl server;
    private final ReplicationPrimary primary;
    private final SnapshotProvider snapshots;
    private final PrimaryConfig config;
    private final long[] sent;
    private volatile ChannelIO io;
    private volatile SessionState state = SessionState.HANDSHAKE;
    private volatile FrameSubscription subscription;
    private volatile ShardWatermarks sentView;
    private volatile long framesSent;
    private volatile long bytesSent;
    private volatile boolean closing;

    ReplicaSession(long id, SocketChannel channel, String remoteAddress, ReplicationServerImpl server,
            ReplicationPrimary primary, SnapshotProvider snapshots, PrimaryConfig config) {
        this.id = id;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.server = server;
        this.primary = primary;
        this.snapshots = snapshots;
        this.config = config;
        this.sent = new long[primary.shardCount()];
        this.sentView = ShardWatermarks.zeros(sent.length);
    }

    long id() {
        return id;
    }

    ReplicaSessionInfo info() {
        FrameSubscription queue = subscription;
        return new ReplicaSessionInfo(id, remoteAddress, state, connectedSinceMs, framesSent, bytesSent,
                queue == null ? 0 : queue.queuedBytes(), queue == null ? 0 : queue.queuedBatches(), sentView);
    }

    /** Ends the session from another thread. */
    void close() {
        closing = true;
        ChannelIO current = io;
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
        try (ChannelIO channelIO = new ChannelIO(channel)) {
            io = channelIO;
            if (closing) {
                return;
            }
            Hello hello = handshake(channelIO);
            if (hello == null) {
                reason = "handshake refused";
                return;
            }
            handshaken = true;
            server.sessionConnected(this);
            subscription = primary.subscribe(config.subscriberQueueBytes(), config.subscriberChannelCapacity());
            bootstrap(channelIO, hello);
            state = SessionState.LIVE;
            reason = forwardLive(channelIO);
        } catch (DroppedException e) {
            reason = e.getMessage();
            server.replicaDropped();
            LOG.warn("dropping replica {} (session {}): {}", remoteAddress, id, reason);
        } catch (ProtocolException e) {
            reason = "protocol error: " + e.getMessage();
            server.connectionRejected();
            LOG.warn("closing replica connection {}: {}", remoteAddress, e.getMessage());
        } catch (SocketTimeoutException e) {
            reason = handshaken ? "write timed out after " + config.writeTimeoutMs() + " ms"
                    : "no Hello within " + config.connectTimeoutMs() + " ms";
            if (!handshaken) {
                server.connectionRejected();
            }
            LOG.warn("closing replica connection {}: {}", remoteAddress, reason);
        } catch (ClosedChannelException e) {
            reason = closing ? "closed by the primary" : "connection closed";
        } catch (IOException | RuntimeException e) {
            reason = closing ? "closed by the primary" : "connection lost: " + e.getMessage();
            if (!closing) {
                LOG.info("replica {} (session {}) disconnected: {}", remoteAddress, id, e.toString());
            }
        } finally {
            state = SessionState.CLOSED;
            FrameSubscription queue = subscription;
            if (queue != null) {
                queue.close();
            }
            server.sessionEnded(this, handshaken, reason);
        }
    }

    /** Reads and checks the Hello, answering an Error frame where spec §6.1 step 3 says so; null when refused. */
    private Hello handshake(ChannelIO channelIO) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        FrameReader reader = new FrameReader(channelIO.inputUntil(deadline), MAX_HELLO_BYTES);
        Frame frame = reader.next();
        if (frame == null) {
            server.connectionRejected();
            return null;
        }
        if (frame.kind() != FrameKind.HELLO) {
            return refuse(channelIO, Payloads.ERROR_EXPECTED_HELLO, "sent " + frame.kind().displayName() + " before Hello");
        }
        Hello hello = Hello.decode(frame.reader());
        if (hello.version() != FrameHeader.VERSION) {
            return refuse(channelIO, Payloads.ERROR_UNSUPPORTED_VERSION, "requested FCRP version " + hello.version());
        }
        if (!TokenCheck.accepts(config.authToken(), hello.token())) {
            return refuse(channelIO, Payloads.ERROR_INVALID_TOKEN, "sent an invalid auth token");
        }
        writeFrames(channelIO, List.of(FrameCodec.encode(FrameKind.HELLO,
                Hello.acknowledgement(primary.currentWatermarks()).encode())));
        return hello;
    }

    private Hello refuse(ChannelIO channelIO, String error, String logged) throws IOException {
        server.connectionRejected();
        LOG.warn("refusing replica {}: it {}", remoteAddress, logged);
        writeFrames(channelIO, List.of(FrameCodec.encode(FrameKind.ERROR, Payloads.encodeError(error))));
        return null;
    }

    private void bootstrap(ChannelIO channelIO, Hello hello) throws IOException {
        ShardWatermarks since = hello.since() != null ? hello.since() : ShardWatermarks.zeros(sent.length);
        CatchUp catchUp = primary.catchUp(since);
        if (catchUp.needsSnapshot()) {
            state = SessionState.SNAPSHOT;
            server.bootstrapBySnapshot();
            Snapshot snapshot = snapshots.snapshot();
            SnapshotStreamer streamer = new SnapshotStreamer(config.snapshotChunkBytes(), config.compression(),
                    config.zstdLevel());
            streamer.stream(snapshot, frame -> writeFrames(channelIO, List.of(frame)));
            markSent(snapshot.watermarks());
        } else {
            state = SessionState.CATCH_UP;
            server.bootstrapByBacklog();
            markSent(since);
            writeBatches(channelIO, catchUp.batches());
        }
    }

    /** Forwards live batches until the session ends; returns why it ended. */
    private String forwardLive(ChannelIO channelIO) throws IOException {
        List<EncodedBatch> pending = new ArrayList<>(MAX_FRAMES_PER_WRITE);
        while (!closing) {
            if (subscription.takeGap()) {
                fillGapFromBacklog(channelIO);
            }
            EncodedBatch batch;
            try {
                batch = subscription.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            if (batch == null) {
                if (channelIO.peerClosed()) {
                    return "replica closed the connection";
                }
                continue;
            }
            long bytes = 0;
            pending.clear();
            while (batch != null) {
                pending.add(batch);
                bytes += batch.frame().length;
                batch = pending.size() < MAX_FRAMES_PER_WRITE && bytes < MAX_BYTES_PER_WRITE ? subscription.poll() : null;
            }
            writeBatches(channelIO, pending);
        }
        return "closed by the primary";
    }

    private void fillGapFromBacklog(ChannelIO channelIO) throws IOException {
        ShardWatermarks from = ShardWatermarks.of(sent);
        CatchUp catchUp = primary.catchUp(from);
        if (catchUp.needsSnapshot()) {
            throw new DroppedException("its live queue overflowed and the backlog no longer holds what it misses "
                    + "after " + from);
        }
        LOG.info("replica {} fell behind its live queue; serving {} batches from the backlog", remoteAddress,
                catchUp.batches().size());
        writeBatches(channelIO, catchUp.batches());
    }

    /** Writes the batches this replica has not been sent yet, in one gathering write. */
    private void writeBatches(ChannelIO channelIO, List<EncodedBatch> batches) throws IOException {
        List<byte[]> frames = new ArrayList<>(batches.size());
        for (EncodedBatch batch : batches) {
            if (Long.compareUnsigned(batch.lastSequence(), sent[batch.shardId()]) > 0) {
                frames.add(batch.frame());
                sent[batch.shardId()] = batch.lastSequence();
            }
        }
        if (!frames.isEmpty()) {
            for (int start = 0; start < frames.size(); start += MAX_FRAMES_PER_WRITE) {
                writeFrames(channelIO, frames.subList(start, Math.min(frames.size(), start + MAX_FRAMES_PER_WRITE)));
            }
            sentView = ShardWatermarks.of(sent);
        }
    }

    private void writeFrames(ChannelIO channelIO, List<byte[]> frames) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[frames.size()];
        long bytes = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.wrap(frames.get(i));
            bytes += frames.get(i).length;
        }
        channelIO.write(buffers, config.writeTimeoutMs());
        framesSent += buffers.length;
        bytesSent += bytes;
    }

    private void markSent(ShardWatermarks watermarks) {
        for (int shard = 0; shard < sent.length; shard++) {
            sent[shard] = watermarks.get(shard);
        }
        sentView = ShardWatermarks.of(sent);
    }

    /** The replica cannot be served any further without a new bootstrap. */
    private static final class DroppedException extends IOException {
        private static final long serialVersionUID = 1L;

        DroppedException(String message) {
            super(message);
        }
    }
}
