package io.fcrp.impl.replication;

import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.FrameKind;
import io.fcrp.impl.protocol.Hello;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.LittleEndian;
import io.fcrp.impl.protocol.MutationBatchCodec;
import io.fcrp.impl.protocol.ZstdCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scripts for {@link TcpProxy#scripted}: a primary that answers the Hello claiming watermark
 * {@link #CLAIMED_WATERMARK} in shard 0 (so the replica never counts as caught up and its
 * {@code LastError} stays visible), sends one frame and then waits for the replica to go.
 */
final class MisbehavingPrimary {

    static final long CLAIMED_WATERMARK = 1000;

    private MisbehavingPrimary() {}

    /**
     * One valid MutationBatch of a few bytes, zstd-compressed, whose header declares 256 MiB: a
     * receiver that allocates the declared size needs 256 MiB of heap for it.
     */
    static void sendsAFrameDeclaring256MiB(Socket replica) throws IOException {
        byte[] payload = MutationBatchCodec.encode(List.of());
        byte[] compressed = ZstdCodec.compress(payload, 0, payload.length, 3, FrameHeader.LENGTH);
        FrameHeader.write(
                compressed,
                0,
                FrameKind.MUTATION_BATCH,
                true,
                compressed.length - FrameHeader.LENGTH,
                FrameHeader.MAX_PAYLOAD);
        serve(replica, compressed);
    }

    /** One batch with one Set (shard 0, sequence 5) of {@code key}. */
    static void sendsOneRecord(Socket replica, String key) throws IOException {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        Mutation set = new Mutation(
                0, 5, System.currentTimeMillis(), MutationOp.SET, KeyHash.of(keyBytes), keyBytes, new byte[] {1}, -1L);
        serve(replica, FrameCodec.encode(FrameKind.MUTATION_BATCH, MutationBatchCodec.encode(List.of(set))));
    }

    private static void serve(Socket replica, byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(replica.getInputStream());
        byte[] header = new byte[FrameHeader.LENGTH];
        in.readFully(header);
        in.readFully(new byte[LittleEndian.getInt(header, 8)]);
        OutputStream out = replica.getOutputStream();
        out.write(FrameCodec.encode(
                FrameKind.HELLO,
                Hello.acknowledgement(ShardWatermarks.of(new long[] {CLAIMED_WATERMARK}))
                        .encode()));
        out.write(frame);
        out.flush();
        while (in.read() >= 0) {
            // until the replica hangs up
        }
    }
}
