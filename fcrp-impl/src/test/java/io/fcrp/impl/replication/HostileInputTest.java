package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.ProtocolException;
import io.fcrp.impl.protocol.ZstdCodec;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile input against a running primary, sent through a raw socket: each gets
 * the outcome of spec §2.5/§6.1 (an Error frame then close, or a close without a byte), and
 * neither a replica connected before the attack nor one connecting after it notices anything.
 */
class HostileInputTest extends ReplicationTestBase {

    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);
    private static final long CONNECT_TIMEOUT_MS = 400;
    /** TV-1: Hello from a fresh replica, no token, since = [0]. */
    private static final byte[] TV1 = hex("4643525001010000130000001300000001010000000001010000000000000000000000");
    /** TV-9: Ack with watermarks [3, 0]. */
    private static final byte[] TV9 = hex("464352500106000014000000140000000200000003000000000000000000000000000000");
    /** TV-5: Error "invalid auth token". */
    private static final byte[] TV5 =
            hex("4643525001070000160000001600000012000000696e76616c6964206175746820746f6b656e");

    private PrimaryNode primary;
    private ReplicaClientImpl before;

    @BeforeEach
    void startPrimaryWithAReplica() throws Exception {
        primary = cluster.primary(
                "hostile", c -> c.connectTimeoutMs(CONNECT_TIMEOUT_MS).maxReplicas(4));
        fill(primary.store(), "key:", 2000, 24);
        before = cluster.replica("before", primary);
        awaitConverged(primary, before);
        awaitState(before, ReplicaState.STREAMING);
    }

    /** Outcome: the primary closes without sending a byte; read() returns -1. */
    static final String CLOSED = "closed";
    /** Outcome: as {@link #CLOSED}, but unread attack bytes may turn the close into a reset. */
    static final String CLOSED_OR_RESET = "closed or reset";

    /** One attack: bytes to send, whether to half-close after them, and the expected outcome. */
    static Arguments attack(String name, byte[] bytes, boolean halfClose, String outcome) {
        return Arguments.of(name, bytes, halfClose, outcome);
    }

    static String error(String message) {
        return "error:" + message;
    }

    static Stream<Arguments> attacks() throws Exception {
        byte[] helloPayload = Arrays.copyOfRange(TV1, 16, TV1.length);
        List<Arguments> list = new ArrayList<>();
        // header-level failures: the header alone is sent (spec §10 negative cases), nothing is left unread
        list.add(attack("bad magic", header("FCRQ", 1, 1, 0, 0, 0, 0), false, CLOSED));
        list.add(attack("version 2 in the header", header("FCRP", 2, 1, 0, 0, 0, 0), false, CLOSED));
        list.add(attack("unknown kind 8", header("FCRP", 1, 8, 0, 0, 0, 0), false, CLOSED));
        list.add(attack("kind 0", header("FCRP", 1, 0, 0, 0, 0, 0), false, CLOSED));
        list.add(attack("unsupported flag bit 1", header("FCRP", 1, 1, 0x02, 0, 19, 19), false, CLOSED));
        list.add(attack("all flag bits set", header("FCRP", 1, 1, 0xFF, 0, 19, 19), false, CLOSED));
        list.add(attack("reserved byte set", header("FCRP", 1, 1, 0, 0x01, 19, 19), false, CLOSED));
        list.add(attack(
                "uncompressed_len differs on an uncompressed frame",
                header("FCRP", 1, 1, 0, 0, 19, 20),
                false,
                CLOSED));
        list.add(
                attack("payload_len 268435457", header("FCRP", 1, 1, 0, 0, 268_435_457L, 268_435_457L), false, CLOSED));
        list.add(attack(
                "payload_len 0xFFFFFFFF", header("FCRP", 1, 1, 0, 0, 0xFFFF_FFFFL, 0xFFFF_FFFFL), false, CLOSED));
        list.add(attack(
                "payload_len 2 MiB, above the Hello cap", header("FCRP", 1, 1, 0, 0, 2 << 20, 2 << 20), false, CLOSED));
        list.add(attack(
                "zstd Hello declaring uncompressed_len 200 MiB",
                compressed(helloPayload, 200 << 20),
                false,
                CLOSED_OR_RESET));
        // incomplete frames
        list.add(attack("truncated header, then close", Arrays.copyOf(TV1, 10), true, CLOSED));
        list.add(attack("truncated payload, then close", Arrays.copyOf(TV1, 24), true, CLOSED));
        list.add(attack("truncated payload, kept open past the Hello deadline", Arrays.copyOf(TV1, 24), false, CLOSED));
        list.add(attack("nothing, then close", new byte[0], true, CLOSED));
        // complete frames the handshake refuses with an Error frame (spec §6.1 step 3)
        list.add(attack("TV-9 Ack as the first frame", TV9, false, error(Payloads.ERROR_EXPECTED_HELLO)));
        list.add(attack(
                "MutationBatch as the first frame",
                FrameCodec.encode(FrameKind.MUTATION_BATCH, new byte[] {0, 0, 0, 0}),
                false,
                error(Payloads.ERROR_EXPECTED_HELLO)));
        list.add(attack(
                "Error as the first frame",
                FrameCodec.encode(FrameKind.ERROR, Payloads.encodeError("hi")),
                false,
                error(Payloads.ERROR_EXPECTED_HELLO)));
        list.add(attack(
                "Hello with hello_version 2", with(TV1, 16, 2), false, error(Payloads.ERROR_UNSUPPORTED_VERSION)));
        list.add(attack(
                "Hello with hello_version 0 and a token",
                FrameCodec.encode(FrameKind.HELLO, new Hello(0, 1, "t", ShardWatermarks.of(0)).encode()),
                false,
                error(Payloads.ERROR_UNSUPPORTED_VERSION)));
        // complete frames whose payload does not decode: closed without an Error frame
        list.add(attack(
                "Hello with a trailing byte",
                FrameCodec.encode(FrameKind.HELLO, Arrays.copyOf(helloPayload, helloPayload.length + 1)),
                false,
                CLOSED));
        list.add(attack("Hello with role 3", with(TV1, 17, 3), false, CLOSED));
        list.add(attack(
                "Hello with a token that is not UTF-8",
                FrameCodec.encode(FrameKind.HELLO, hex("0101" + "02000000" + "c328" + "00")),
                false,
                CLOSED));
        list.add(attack(
                "Hello whose token length runs past the payload",
                FrameCodec.encode(FrameKind.HELLO, hex("0101" + "ffffff7f" + "00")),
                false,
                CLOSED));
        list.add(attack(
                "Hello whose watermark count runs past the payload",
                FrameCodec.encode(FrameKind.HELLO, hex("0101" + "00000000" + "01" + "ffffffff")),
                false,
                CLOSED));
        list.add(attack("empty Hello payload", FrameCodec.encode(FrameKind.HELLO, new byte[0]), false, CLOSED));
        list.add(attack(
                "zstd bomb: 16 MiB of zeros declared as 19 bytes", compressed(new byte[16 << 20], 19), false, CLOSED));
        list.add(attack(
                "corrupt zstd payload",
                concat(header("FCRP", 1, 1, 1, 0, 12, 19), hex("28b52ffd" + "deadbeefdeadbeef")),
                false,
                CLOSED));
        list.add(attack(
                "compressed flag on a payload that is not zstd",
                concat(header("FCRP", 1, 1, 1, 0, 19, 19), helloPayload),
                false,
                CLOSED));
        list.add(attack("random garbage", randomBytes(7, 4096), false, CLOSED_OR_RESET));
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void hostileInputIsRefusedAndHarmless(String name, byte[] bytes, boolean halfClose, String outcome)
            throws Exception {
        long rejected = primary.server().rejectedConnections();
        Exchange exchange = Exchange.run(primary.port(), bytes, halfClose);
        if (outcome.startsWith("error:")) {
            String error = outcome.substring("error:".length());
            assertArrayEquals(
                    FrameCodec.encode(FrameKind.ERROR, Payloads.encodeError(error)),
                    exchange.received,
                    name + ": expected exactly the Error frame, got "
                            + HexFormat.of().formatHex(exchange.received));
            assertEquals("eof", exchange.closedBy, name);
        } else {
            assertEquals(
                    0,
                    exchange.received.length,
                    name + ": expected no byte, got " + HexFormat.of().formatHex(exchange.received));
            if (outcome.equals(CLOSED)) {
                assertEquals("eof", exchange.closedBy, name);
            }
        }
        Poll.until("the refusal is counted", SHORT, () -> primary.server().rejectedConnections() > rejected);
        assertHarmless();
    }

    /** With a Hello deadline of a minute, a prompt close shows the primary did not wait for the payload. */
    @Test
    void anOversizedFrameIsRefusedBeforeItsPayloadArrives() throws Exception {
        PrimaryNode patient = cluster.primary("patient", c -> c.connectTimeoutMs(60_000));
        for (long length : new long[] {268_435_457L, 268_435_456L, 2 << 20}) {
            Exchange exchange = Exchange.run(patient.port(), header("FCRP", 1, 1, 0, 0, length, length), false);
            assertEquals(0, exchange.received.length);
            assertEquals("eof", exchange.closedBy, "payload_len " + length);
        }
        Poll.until("all three are counted", SHORT, () -> patient.server().rejectedConnections() == 3);
        ReplicaClientImpl replica = cluster.replica("patient-r", patient);
        awaitState(replica, ReplicaState.STREAMING);
    }

    @Test
    void bytesAfterTheHelloAreIgnored() throws Exception {
        try (Socket socket = connect(primary.port())) {
            socket.getOutputStream().write(concat(TV1, randomBytes(8, 1000)));
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(16);
            assertEquals(FrameKind.HELLO.code(), header[5], "acknowledged");
            int kind;
            do { // the snapshot follows: the junk after the Hello was not taken for a frame
                socket.setSoTimeout(10_000);
                in.readNBytes(ByteBuffer.wrap(header, 8, 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getInt());
                header = in.readNBytes(16);
                assertEquals(16, header.length, "the primary keeps the session");
                kind = header[5];
            } while (kind != FrameKind.SNAPSHOT_END.code());
        }
        assertHarmless();
    }

    @Test
    void aCompressedHelloIsAccepted() throws Exception {
        byte[] helloPayload = Arrays.copyOfRange(TV1, 16, TV1.length);
        try (Socket socket = connect(primary.port())) {
            socket.getOutputStream().write(compressed(helloPayload, helloPayload.length));
            byte[] header = socket.getInputStream().readNBytes(16);
            assertEquals(16, header.length);
            assertEquals(FrameKind.HELLO.code(), header[5], "acknowledged");
        }
        assertHarmless();
    }

    @Test
    void aHelloWithoutTheTokenGetsTv5() throws Exception {
        PrimaryNode guarded = cluster.primary("guarded", c -> c.authToken("secret"));
        Exchange exchange = Exchange.run(guarded.port(), TV1, false);
        assertArrayEquals(TV5, exchange.received);
        assertEquals("eof", exchange.closedBy);
        assertEquals(1, guarded.server().rejectedConnections());
    }

    @Test
    void idleConnectionsAreClosedAtTheirHelloDeadline() throws Exception {
        long rejected = primary.server().rejectedConnections();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                idle.add(connect(primary.port()));
            }
            long started = System.nanoTime();
            for (Socket socket : idle) {
                Exchange exchange = Exchange.await(socket);
                assertEquals(0, exchange.received.length);
                assertEquals("eof", exchange.closedBy);
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < CLOSE_DEADLINE.toMillis(), "closed after " + tookMs + " ms");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        // all ten waited for their Hello, beyond max.replicas (4) without taking a replica slot, until the deadline
        Poll.until(
                "all ten are counted as rejected",
                SHORT,
                () -> primary.server().rejectedConnections() == rejected + 10,
                () -> primary.server().rejectedConnections() - rejected);
        Poll.until(
                "only the replica's session remains",
                SHORT,
                () -> primary.server().sessions().size() == 1,
                () -> primary.server().sessions());
        assertHarmless();
    }

    /** The replica connected before is unaffected; a new one connects, bootstraps and converges. */
    private void assertHarmless() throws Exception {
        randomOps(primary.store(), "key:", 5, 500, 2500);
        awaitConverged(primary, before);
        assertEquals(0, before.status().reconnects(), describe(before));
        assertEquals(ReplicaState.STREAMING, before.state());
        ReplicaClientImpl after = cluster.replica("after", primary);
        awaitConverged(primary, after);
        randomOps(primary.store(), "key:", 6, 500, 2500);
        awaitConverged(primary, after);
        awaitConverged(primary, before);
        cluster.stop(after);
    }

    // ---------------------------------------------------------------- raw bytes

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** What came back on one raw connection, and how it ended: "eof" or "reset". */
    private static final class Exchange {
        final byte[] received;
        final String closedBy;

        private Exchange(byte[] received, String closedBy) {
            this.received = received;
            this.closedBy = closedBy;
        }

        static Exchange run(int port, byte[] bytes, boolean halfClose) throws IOException {
            try (Socket socket = connect(port)) {
                try {
                    socket.getOutputStream().write(bytes);
                    if (halfClose) {
                        socket.shutdownOutput();
                    }
                } catch (SocketException e) {
                    // the primary may already have closed (and reset) while we were still writing
                }
                return await(socket);
            }
        }

        /** Reads until the primary closes; fails when it is still open at the deadline. */
        static Exchange await(Socket socket) throws IOException {
            long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    fail("the primary did not close the connection within " + CLOSE_DEADLINE.toMillis() + " ms; got "
                            + HexFormat.of().formatHex(received.toByteArray()));
                }
                socket.setSoTimeout((int) remainingMs);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (SocketException e) {
                    return new Exchange(received.toByteArray(), "reset");
                }
                if (n < 0) {
                    return new Exchange(received.toByteArray(), "eof");
                }
                received.write(buffer, 0, n);
                if (received.size() > 1 << 20) {
                    return new Exchange(received.toByteArray(), "still sending");
                }
            }
        }
    }

    private static byte[] header(
            String magic, int version, int kind, int flags, int reserved, long payloadLength, long uncompressedLength) {
        ByteBuffer buffer = ByteBuffer.allocate(FrameHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) version)
                .put((byte) kind)
                .put((byte) flags)
                .put((byte) reserved)
                .putInt((int) payloadLength)
                .putInt((int) uncompressedLength);
        return buffer.array();
    }

    /** A Hello frame whose payload is {@code payload} compressed, declaring {@code declared} uncompressed bytes. */
    private static byte[] compressed(byte[] payload, int declared) throws ProtocolException {
        byte[] frame = ZstdCodec.compress(payload, 0, payload.length, 3, FrameHeader.LENGTH);
        byte[] head = header("FCRP", 1, 1, 1, 0, frame.length - FrameHeader.LENGTH, declared);
        System.arraycopy(head, 0, frame, 0, FrameHeader.LENGTH);
        return frame;
    }

    private static byte[] with(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static byte[] randomBytes(long seed, int length) {
        byte[] out = new byte[length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }
}
