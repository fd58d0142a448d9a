package io.fcrp.impl.replication;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that hold handshakes open: each sends a valid Hello (or another greeting, such as a TLS
 * ClientHello) one byte per second, so it never completes within a Hello deadline, and connects
 * again at once when the primary closes it.
 */
final class SlowHelloClients implements AutoCloseable {

    private static final int BYTE_EVERY_MS = 1000;

    private final int port;
    private final byte[] hello;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> open = new ArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean stopped;

    private SlowHelloClients(int port, byte[] greeting) {
        this.port = port;
        this.hello = greeting.clone();
    }

    static SlowHelloClients start(int port, int clients) throws ProtocolException {
        return start(
                port,
                clients,
                FrameCodec.encode(
                        FrameKind.HELLO,
                        Hello.request(null, ShardWatermarks.zeros(1)).encode()));
    }

    /** Clients that drip {@code greeting} instead of a Hello. */
    static SlowHelloClients start(int port, int clients, byte[] greeting) {
        SlowHelloClients attack = new SlowHelloClients(port, greeting);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(attack::attack, "test-slow-hello-" + i);
            thread.setDaemon(true);
            attack.threads.add(thread);
            thread.start();
        }
        return attack;
    }

    /** Connections opened so far. */
    long connections() {
        return connections.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        synchronized (open) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void attack() {
        while (!stopped) {
            try (Socket socket = new Socket()) {
                synchronized (open) {
                    if (stopped) {
                        return;
                    }
                    open.add(socket);
                }
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    connections.incrementAndGet();
                    drip(socket);
                } finally {
                    synchronized (open) {
                        open.remove(socket);
                    }
                }
            } catch (IOException e) {
                // closed by the primary: connect again at once
            }
        }
    }

    /** One byte of the Hello per second until the primary closes the connection. */
    private void drip(Socket socket) throws IOException {
        socket.setSoTimeout(BYTE_EVERY_MS);
        for (int sent = 0; sent < hello.length && !stopped; sent++) {
            socket.getOutputStream().write(hello[sent]);
            try {
                if (socket.getInputStream().read() < 0) {
                    return; // closed: the waiting read notices at once
                }
            } catch (SocketTimeoutException nextByte) {
                // a second has passed
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the thread notices
        }
    }
}
