package io.fcrp.interop;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A proxy on 127.0.0.1 for one connection that forwards both ways and records the kind of every
 * frame the primary sends, so a test can see what a reference replica was given and in what order.
 */
final class FrameTap implements AutoCloseable {

    private static final int HEADER = 16;

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Integer> kinds = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private FrameTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        start("interop-tap-accept", this::acceptOne);
    }

    static FrameTap to(int targetPort) throws IOException {
        return new FrameTap(targetPort);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The kind codes of the frames the primary sent so far, in order. */
    synchronized List<Integer> kinds() {
        return new ArrayList<>(kinds);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        synchronized (this) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private void acceptOne() {
        try {
            Socket replica = listener.accept();
            Socket primary = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            synchronized (this) {
                sockets.add(replica);
                sockets.add(primary);
            }
            start("interop-tap-up", () -> copy(replica, primary));
            start("interop-tap-down", () -> copyFrames(primary, replica));
        } catch (IOException e) {
            // closed before a replica came
        }
    }

    private void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side closed
        }
    }

    private void copyFrames(Socket from, Socket to) {
        try {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            byte[] header = new byte[HEADER];
            while (true) {
                in.readFully(header);
                int payload = (header[8] & 0xFF)
                        | (header[9] & 0xFF) << 8
                        | (header[10] & 0xFF) << 16
                        | (header[11] & 0xFF) << 24;
                byte[] frame = new byte[HEADER + payload];
                System.arraycopy(header, 0, frame, 0, HEADER);
                in.readFully(frame, HEADER, payload);
                synchronized (this) {
                    kinds.add(header[5] & 0xFF);
                }
                out.write(frame); // one write per frame, as the primary does
            }
        } catch (EOFException e) {
            // the primary closed
        } catch (IOException e) {
            // either side closed
        }
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }
}
