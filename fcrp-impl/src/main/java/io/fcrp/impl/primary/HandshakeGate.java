package io.fcrp.impl.primary;

import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.tls.TlsChannel;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's accept thread: it accepts connections and reads and checks their Hello (spec §6.1
 * steps 2 and 3) on one selector, so a connection that has not authenticated costs a socket and a
 * small buffer, never a thread or a replica slot. At most {@code max.pending.handshakes} wait for
 * their Hello at once, each until {@code connect.timeout.ms}; beyond that the oldest handshake of
 * the busiest address gives way ({@link PendingHandshakes}). A Hello that is already there when the
 * connection is accepted, as a replica's is, is handled at once. A connection with a valid Hello
 * goes to the {@link Admission}.
 */
final class HandshakeGate implements Runnable {

    /** Where connections with a valid Hello go, and who counts the refused ones. */
    interface Admission {
        /** The settings for a connection accepted now. */
        PrimaryConfig config();

        /**
         * {@code channel} sent a valid Hello (through {@code tls}, null for plaintext); the
         * admission owns both from now on.
         */
        void admit(SocketChannel channel, TlsChannel tls, String remote, Hello hello);

        /** A connection was refused: a bad or late Hello, or one that gave way to newer ones. */
        void refused();
    }

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);
    /** Connections accepted per round, so that pending Hellos are read in between. */
    private static final int ACCEPTS_PER_ROUND = 64;

    private static final long FAILURE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String name;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Admission admission;
    private final PendingHandshakes<PendingConnection> pending = new PendingHandshakes<>();
    private volatile boolean open = true;
    private volatile int pendingCount;

    HandshakeGate(String name, ServerSocketChannel listener, Admission admission) throws IOException {
        this.name = name;
        this.listener = listener;
        this.admission = admission;
        listener.configureBlocking(false);
        selector = Selector.open();
        try {
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /** Connections waiting for their Hello now. */
    int pending() {
        return pendingCount;
    }

    /** Stops the thread; it closes the pending connections and releases the listener's port. */
    void close() {
        open = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (open) {
                try {
                    round();
                } catch (ClosedChannelException | ClosedSelectorException e) {
                    if (open) {
                        LOG.error("the listener of primary {} was closed: it accepts no more replicas", name, e);
                    }
                    return;
                } catch (Throwable e) { // not even running out of memory may end accepting for good
                    LOG.error("primary {} failed while accepting replicas; it carries on", name, e);
                    LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
                }
            }
        } finally {
            for (PendingConnection connection : pending.clear()) {
                connection.close();
            }
            pendingCount = 0;
            try {
                listener.close();
                selector.close(); // completes closing the listener, so the port is free once we are gone
            } catch (IOException e) {
                LOG.warn("closing the listener of primary {} failed: {}", name, e.getMessage());
            }
        }
    }

    private void round() throws IOException {
        long wait = pending.nanosUntilNextDeadline(System.nanoTime());
        if (wait < 0) {
            selector.select();
        } else if (wait == 0) {
            selector.selectNow();
        } else {
            selector.select(TimeUnit.NANOSECONDS.toMillis(wait + TimeUnit.MILLISECONDS.toNanos(1) - 1));
        }
        Set<SelectionKey> ready = selector.selectedKeys();
        for (SelectionKey key : ready) {
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                acceptWaiting();
            } else if (key.isReadable() || key.isWritable()) {
                proceed((PendingConnection) key.attachment());
            }
        }
        ready.clear();
        for (PendingConnection late : pending.expire(System.nanoTime())) {
            LOG.warn(
                    "closing replica connection {}: no {} within {} ms",
                    late.remote,
                    late.awaited(),
                    admission.config().connectTimeoutMs());
            refused(late);
        }
        pendingCount = pending.size();
    }

    private void acceptWaiting() throws IOException {
        for (int accepted = 0; accepted < ACCEPTS_PER_ROUND && open; accepted++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                LOG.warn("primary {} failed to accept a connection: {}", name, e.getMessage());
                LockSupport.parkNanos(FAILURE_PAUSE_NANOS); // e.g. out of file descriptors
                return;
            }
            if (channel == null) {
                return;
            }
            arrived(channel);
        }
    }

    private void arrived(SocketChannel channel) {
        PrimaryConfig config = admission.config();
        PendingConnection connection = new PendingConnection(channel, config.tls());
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            config.keepAlive().applyTo(channel);
        } catch (IOException e) {
            LOG.debug("dropping connection {}: {}", connection.remote, e.getMessage());
            connection.close();
            return;
        }
        if (proceed(connection)) {
            return;
        }
        try {
            connection.key = channel.register(selector, connection.interestOps(), connection);
        } catch (ClosedChannelException e) { // only the connection, not the listener: never ends accepting
            connection.close();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        for (PendingConnection crowded :
                pending.add(connection, connection.host, deadline, config.maxPendingHandshakes())) {
            LOG.debug(
                    "closing replica connection {}: {} handshakes are pending (max.pending.handshakes), the most "
                            + "from {}; its Hello is the oldest",
                    crowded.remote,
                    config.maxPendingHandshakes(),
                    crowded.host);
            refused(crowded);
        }
    }

    /** Reads what the connection has sent; true once its handshake is over, passed or refused. */
    private boolean proceed(PendingConnection connection) {
        Frame frame;
        try {
            frame = connection.next();
        } catch (SocketTimeoutException notYet) {
            if (connection.key != null && connection.key.isValid()) {
                connection.key.interestOps(connection.interestOps());
            }
            return false;
        } catch (RefusedConnection e) {
            refuse(connection, e.answer(), e.getMessage());
            return true;
        } catch (ProtocolException e) {
            LOG.warn("closing replica connection {}: {}", connection.remote, e.getMessage());
            refused(connection);
            return true;
        } catch (IOException e) {
            LOG.debug("replica connection {} failed before its Hello: {}", connection.remote, e.getMessage());
            forget(connection);
            connection.close();
            return true;
        }
        if (frame == null) {
            refused(connection); // closed before sending anything
            return true;
        }
        forget(connection);
        check(connection, frame);
        return true;
    }

    /** Spec §6.1 step 3: an Error frame for the three refusals, a silent close for an undecodable Hello. */
    private void check(PendingConnection connection, Frame frame) {
        if (frame.kind() != FrameKind.HELLO) {
            refuse(
                    connection,
                    Payloads.ERROR_EXPECTED_HELLO,
                    "it sent " + frame.kind().displayName() + " before Hello");
            return;
        }
        Hello hello;
        try {
            hello = Hello.decode(frame.reader());
        } catch (ProtocolException e) {
            LOG.warn("closing replica connection {}: {}", connection.remote, e.getMessage());
            refused(connection);
            return;
        }
        if (hello.version() != FrameHeader.VERSION) {
            refuse(connection, Payloads.ERROR_UNSUPPORTED_VERSION, "it requested FCRP version " + hello.version());
        } else if (!TokenCheck.accepts(admission.config().authToken(), hello.token())) {
            refuse(connection, Payloads.ERROR_INVALID_TOKEN, "it sent an invalid auth token");
        } else {
            admission.admit(connection.channel, connection.tls(), connection.remote, hello);
        }
    }

    /** Logs why, answers with the Error frame ({@code error}, null for none) and closes. */
    private void refuse(PendingConnection connection, String error, String reason) {
        LOG.warn("refusing replica {}: {}", connection.remote, reason);
        if (error != null) {
            try {
                connection.answer(error);
            } catch (IOException e) {
                LOG.debug("the Error frame for {} was not sent: {}", connection.remote, e.getMessage());
            }
        }
        refused(connection);
    }

    private void refused(PendingConnection connection) {
        admission.refused(); // counted before the client can see the connection close
        forget(connection);
        connection.close();
    }

    /** Takes the connection off the pending list and the selector. */
    private void forget(PendingConnection connection) {
        pending.remove(connection);
        if (connection.key != null) {
            connection.key.cancel();
        }
    }
}
