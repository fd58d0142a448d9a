package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.Entry;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.protocol.Frame;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.FrameReader;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.Payloads;
import io.fcrp.impl.protocol.SnapshotChunk;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.ReplicaStore;
import io.fcrp.impl.store.StoreDigest;
import io.fcrp.testkit.Poll;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica re-pointed to another address (a new {@code replica.of}, as the OSGi component does:
 * a new client over the same store) keeps serving its data while it cannot reach the new address
 * and replaces it only once a complete bootstrap from the new primary has arrived.
 */
class RepointedReplicaTest extends ReplicationTestBase {

    @Test
    void aRepointedReplicaKeepsItsDataWhileTheNewAddressIsUnreachable() throws Exception {
        ReplicaStore store = cluster.replicaStore("moved");
        String digestOfA = replicateFromA(store);
        long entries = store.size();
        int unreachable = freePort();

        try (LogCapture log = new LogCapture()) {
            ReplicaClientImpl moved = cluster.replica("moved", unreachable, store);
            Poll.until(
                    "the replica backs off after failing to connect a few times",
                    SHORT,
                    () -> moved.state() == ReplicaState.BACKING_OFF
                            && moved.status().reconnects() >= 3,
                    () -> describe(moved));
            assertEquals(digestOfA, StoreDigest.of(store).hex(), "the data is still there, unchanged");
            assertEquals(entries, moved.store().size());
            assertTrue(
                    moved.status().lastError().contains("127.0.0.1:" + unreachable),
                    moved.status().lastError());
            assertEquals(
                    1,
                    log.lines("WARN", "cannot reach the primary 127.0.0.1:" + unreachable)
                            .size(),
                    "one WARN naming the address, then quieter");

            try (MixObserver observer = new MixObserver(moved)) {
                PrimaryNode b = cluster.primary("b", c -> c.bindAddress("127.0.0.1:" + unreachable));
                fill(b.store(), "b:", 1500, 20);
                awaitConverged(b, moved);
                observer.assertNoMixNorGap();
                assertEquals(
                        StoreDigest.of(b.store()).hex(), StoreDigest.of(store).hex());
            }
            assertEquals(1, moved.status().dataReplacements(), describe(moved));
            assertEquals("127.0.0.1:" + unreachable, store.origin());
        }
    }

    @Test
    void aRepointedReplicaReplacesItsDataOnlyOnceTheNewPrimarysSnapshotIsComplete() throws Exception {
        ReplicaStore store = cluster.replicaStore("moved");
        String digestOfA = replicateFromA(store);
        ShardWatermarks atB = ShardWatermarks.of(new long[] {70, 80});

        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReplicaClientImpl moved = cluster.replica("moved", fake.getLocalPort(), store);
            try (Socket connection = fake.accept()) {
                FrameReader reader =
                        new FrameReader(new BufferedInputStream(connection.getInputStream()), FrameHeader.MAX_PAYLOAD);
                Frame hello = reader.next();
                assertNotNull(hello);
                assertEquals(
                        ShardWatermarks.zeros(1),
                        Hello.decode(hello.reader()).since(),
                        "data of another primary: it asks with zero watermarks");
                OutputStream out = connection.getOutputStream();
                out.write(FrameCodec.encode(
                        FrameKind.HELLO, Hello.acknowledgement(atB).encode()));
                out.write(FrameCodec.encode(FrameKind.SNAPSHOT_BEGIN, Payloads.encodeWatermarks(atB)));
                out.write(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, chunk(0, false, atB, 0, 100)));
                out.flush();
                Poll.until(
                        "the first chunk arrived",
                        SHORT,
                        () -> moved.framesReceived().get(FrameKind.SNAPSHOT_CHUNK) >= 1,
                        () -> describe(moved));
                assertEquals(ReplicaState.BOOTSTRAPPING, moved.state());
                assertEquals(digestOfA, StoreDigest.of(store).hex(), "half a snapshot replaces nothing");

                out.write(FrameCodec.encode(FrameKind.SNAPSHOT_CHUNK, chunk(1, true, atB, 100, 200)));
                out.write(FrameCodec.encode(FrameKind.SNAPSHOT_END, Payloads.encodeWatermarks(atB)));
                out.flush();
                Poll.until(
                        "the complete snapshot replaced the data",
                        SHORT,
                        () -> moved.state() == ReplicaState.STREAMING,
                        () -> describe(moved));
                assertEquals(200, store.size());
                assertTrue(keysOf(store).stream().allMatch(k -> k.startsWith("b:")), "nothing of A is left");
                assertEquals(atB, store.watermarks());
                assertEquals(1, moved.status().dataReplacements());
            }
        }
    }

    /** Replicates primary A's data ({@code a:} keys) into {@code store}; returns its digest. */
    private String replicateFromA(ReplicaStore store) throws Exception {
        PrimaryNode a = cluster.primary("a");
        fill(a.store(), "a:", 2000, 20);
        ReplicaClientImpl first = cluster.replica("moved", a.port(), store);
        awaitConverged(a, first);
        cluster.stop(first);
        assertNull(store.get(bytes("b:0")));
        return StoreDigest.of(store).hex();
    }

    private static byte[] chunk(long index, boolean last, ShardWatermarks watermarks, int from, int to) {
        List<Entry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            entries.add(new Entry(bytes("b:" + i), bytes("from B"), Entry.NO_EXPIRY));
        }
        return new SnapshotChunk(index, last, watermarks, entries).encode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
