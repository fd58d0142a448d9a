package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.tls.TlsSocket;
import io.fcrp.testkit.Poll;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A TLS session ends cleanly, as a plaintext one ends with its FIN: when the primary disconnects
 * a replica or shuts down, the replica reads close_notify and then the end of the stream; a
 * connection cut without it is reported as such.
 */
class TlsShutdownTest extends TlsTestBase {

    @Test
    void aDisconnectedReplicaReadsCloseNotify() throws Exception {
        PrimaryNode primary = tlsPrimary("disconnecting");
        endsCleanly(
                primary,
                primary.port(),
                () -> primary.server()
                        .disconnect(primary.server().sessions().get(0).id()));
    }

    @Test
    void aPrimaryThatShutsDownSendsCloseNotify() throws Exception {
        PrimaryNode primary = tlsPrimary("stopping");
        endsCleanly(primary, primary.port(), () -> primary.server().shutdown());
    }

    @Test
    void aConnectionCutWithoutCloseNotifySaysSo() throws Exception {
        PrimaryNode primary = tlsPrimary("cut");
        TcpProxy proxy = cluster.track(TcpProxy.to(primary.port()));
        try (Socket socket = connect(proxy.port())) {
            FrameReader reader = handshaken(socket, proxy.port());
            Poll.until(
                    "the session is open",
                    SHORT,
                    () -> primary.server().sessions().size() == 1);
            proxy.close();
            EOFException cut = assertThrows(EOFException.class, () -> readToEnd(reader));
            assertTrue(cut.getMessage().contains("ended without close_notify"), cut.getMessage());
        }
    }

    private PrimaryNode tlsPrimary(String name) throws IOException {
        // a roomy handshake deadline: a JVM's first TLS handshake through the proxy may take longer than the default
        return cluster.primary(
                name, c -> c.tls(primaryTls().primary()).heartbeatIntervalMs(0).connectTimeoutMs(10_000));
    }

    /** A replica's connection ends with close_notify (the reader's null), not with an exception. */
    private void endsCleanly(PrimaryNode primary, int port, Runnable end) throws IOException {
        try (Socket socket = connect(port)) {
            FrameReader reader = handshaken(socket, port);
            Poll.until(
                    "the session is open",
                    SHORT,
                    () -> primary.server().sessions().size() == 1);
            end.run();
            readToEnd(reader); // an exception here would be a connection cut without close_notify
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** TLS with the replica's certificate, a Hello, and its acknowledgement read. */
    private static FrameReader handshaken(Socket socket, int port) throws IOException {
        TlsSocket tls = TlsSocket.handshake(socket, replicaTls().replica(), "127.0.0.1", port);
        tls.output()
                .write(FrameCodec.encode(
                        FrameKind.HELLO,
                        Hello.request(null, ShardWatermarks.zeros(1)).encode()));
        FrameReader reader = new FrameReader(tls.input(), 1 << 20);
        assertEquals(FrameKind.HELLO, reader.next().kind());
        return reader;
    }

    /** Reads frames until the stream ends cleanly. */
    private static void readToEnd(FrameReader reader) throws IOException {
        while (reader.next() != null) {
            // what the session still sent
        }
    }
}
