package io.fcrp.impl.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a primary, for link faults in one JVM. It forwards both
 * ways until {@link #blackHole()}: from then on every open connection stops forwarding without
 * closing (nothing is read any more, so the sender's buffers fill as on a link that drops every
 * packet), and new connections are accepted and never served. {@link #heal()} lets new connections
 * through again. The first connections can be handed to a {@link Script} instead: a primary that
 * misbehaves on purpose.
 */
final class TcpProxy implements AutoCloseable {

    /** Serves one client connection in place of the primary; the proxy closes the socket afterwards. */
    @FunctionalInterface
    interface Script {
        void serve(Socket client) throws IOException;
    }

    private final int targetPort;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Link> links = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final Script script;
    private volatile int scriptedConnections;
    private volatile boolean forwarding = true;

    private TcpProxy(int targetPort, Script script, int scriptedConnections) throws IOException {
        this.targetPort = targetPort;
        this.script = script;
        this.scriptedConnections = scriptedConnections;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that forwards every connection to {@code targetPort}. */
    static TcpProxy to(int targetPort) throws IOException {
        return new TcpProxy(targetPort, null, 0);
    }

    /**
     * A proxy whose first {@code connections} connections are served by {@code script}, the others
     * forwarded; {@link #forwardFromNowOn()} ends the script early.
     */
    static TcpProxy scripted(int targetPort, int connections, Script script) throws IOException {
        return new TcpProxy(targetPort, script, connections);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections accepted from now on are forwarded, not scripted. */
    void forwardFromNowOn() {
        scriptedConnections = 0;
    }

    /** Every link dies silently: no byte is forwarded any more, nothing is closed. */
    synchronized void blackHole() {
        forwarding = false;
        for (Link link : links) {
            link.dead = true;
        }
    }

    /** New connections are forwarded again; those that died stay dead, as their peers gave up on them. */
    void heal() {
        forwarding = true;
    }

    @Override
    public void close() throws Exception {
        closed.countDown();
        listener.close();
        List<Thread> toJoin;
        synchronized (this) {
            for (Link link : links) {
                link.close();
            }
            toJoin = new ArrayList<>(threads);
        }
        acceptor.join(TimeUnit.SECONDS.toMillis(5));
        for (Thread thread : toJoin) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            int number = accepted.incrementAndGet();
            try {
                open(client, number <= scriptedConnections);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private synchronized void open(Socket client, boolean scripted) throws IOException {
        if (closed.getCount() == 0) {
            closeQuietly(client);
            return;
        }
        if (scripted) {
            Link link = new Link(client, null);
            links.add(link);
            start("test-proxy-script", () -> {
                try {
                    script.serve(client);
                } catch (IOException e) {
                    // the client went away; nothing to report
                } finally {
                    link.close();
                }
            });
            return;
        }
        if (!forwarding) {
            Link link = new Link(client, null);
            link.dead = true; // accepted by the kernel, never served
            links.add(link);
            return;
        }
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        Link link = new Link(client, server);
        links.add(link);
        start("test-proxy-up", () -> pump(link, client, server));
        start("test-proxy-down", () -> pump(link, server, client));
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Copies until either side ends; once the link is dead, it reads no more and closes nothing. */
    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while (!link.dead && (read = in.read(buffer)) >= 0) {
                if (link.dead) {
                    break;
                }
                out.write(buffer, 0, read);
            }
            if (!link.dead) {
                link.close();
                return;
            }
        } catch (IOException e) {
            if (!link.dead) {
                link.close();
                return;
            }
        }
        awaitClose();
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** One client connection and, when forwarded, its connection to the primary. */
    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean dead;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
        }
    }
}
