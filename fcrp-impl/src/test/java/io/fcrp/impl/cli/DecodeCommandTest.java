package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fcrp decode} on the spec's test vectors (§10) and on malformed streams. */
class DecodeCommandTest {

    // spec §10: TV-1 Hello, TV-3 Hello with token "secret", TV-5 Error, TV-6 MutationBatch (Set + Del),
    // TV-7 MutationBatch (Expire), TV-12 SnapshotChunk with one entry, TV-13 zstd-compressed TV-6
    private static final String TV1 = "4643525001010000130000001300000001010000000001010000000000000000000000";
    private static final String TV3 =
            "4643525001010000190000001900000001010600000073656372657401010000000000000000000000";
    private static final String TV5 = "4643525001070000160000001600000012000000696e76616c6964206175746820746f6b656e";
    private static final String TV6 =
            "46435250010500007a0000007a000000020000000000000001000000000000000068e5cf8b010000015aab25f6b50369bebe00000000000000ffffffffffffffff0500000003000000616c7068616f6e650000000002000000000000000168e5cf8b0100000241f6df977ffffa282800000000000000ffffffffffffffff040000000000000062657461";
    private static final String TV7 =
            "46435250010500004000000040000000010000000300000009000000000000000068e5cf8b01000003aa7471fa05e6c19f9f000000000000006052e6cf8b0100000700000000000000757365723a3432";
    private static final String TV12 =
            "464352500103000033000000330000000300000000000000010200000001000000000000000200000000000000010000000100000001000000ffffffffffffffff6b76";
    private static final String TV13 =
            "4643525001050100580000007a00000028b52ffd207a7d020074030200010068e5cf8b010000015aab25f6b50369bebe00ff0500000003000000616c7068616f6e650241f6df977ffffa282804006265746109003207011d81c8808402800a0bf2054600b90da00d";

    private static final List<String> TV1_TV6_TV12_LINES = List.of(
            "Hello offset=0 flags=0x00 payload_len=19 uncompressed_len=19 version=1 role=1 token=absent since=[0]",
            "MutationBatch offset=35 flags=0x00 payload_len=122 uncompressed_len=122 count=2",
            "  shard=0 seq=1 ts=1700000000000 op=SET hash=be6903b5f625ab5a tag=190 expire=none key=alpha value_len=3",
            "  shard=0 seq=2 ts=1700000000001 op=DEL hash=28faff7f97dff641 tag=40 expire=none key=beta value_len=0",
            "SnapshotChunk offset=173 flags=0x00 payload_len=51 uncompressed_len=51 index=3 last=true "
                    + "watermarks=[1,2] entries=1",
            "  key=k value_len=1 expire=none");

    @TempDir
    Path dir;

    @Test
    void decodesTestVectorsFromStdin() {
        Result result = decode(bytes(TV1 + TV6 + TV12), "-");
        assertEquals(0, result.exitCode, result.stderr);
        assertEquals(TV1_TV6_TV12_LINES, result.stdoutLines());
        assertEquals("", result.stderr);
    }

    @Test
    void decodesTestVectorsFromAFile() throws Exception {
        Path capture = dir.resolve("capture.bin");
        Files.write(capture, bytes(TV1 + TV6 + TV12));
        Result result = decode(new byte[0], capture.toString());
        assertEquals(0, result.exitCode, result.stderr);
        assertEquals(TV1_TV6_TV12_LINES, result.stdoutLines());
    }

    @Test
    void readsStdinWithoutAnOperand() {
        Result result = decode(bytes(TV1), null);
        assertEquals(0, result.exitCode, result.stderr);
        assertEquals(TV1_TV6_TV12_LINES.subList(0, 1), result.stdoutLines());
    }

    @Test
    void decodesErrorExpireTokenAndCompressedFrames() {
        Result result = decode(bytes(TV5 + TV7 + TV3 + TV13), "-");
        assertEquals(0, result.exitCode, result.stderr);
        assertEquals(
                List.of(
                        "Error offset=0 flags=0x00 payload_len=22 uncompressed_len=22 message=invalid auth token",
                        "MutationBatch offset=38 flags=0x00 payload_len=64 uncompressed_len=64 count=1",
                        "  shard=3 seq=9 ts=1700000000000 op=EXPIRE hash=9fc1e605fa7174aa tag=159 expire=1700000060000 "
                                + "key=user:42 value_len=0",
                        "Hello offset=118 flags=0x00 payload_len=25 uncompressed_len=25 version=1 role=1 token=present "
                                + "since=[0]",
                        "MutationBatch offset=159 flags=0x01 payload_len=88 uncompressed_len=122 count=2",
                        TV1_TV6_TV12_LINES.get(2),
                        TV1_TV6_TV12_LINES.get(3)),
                result.stdoutLines());
        assertFalse(result.stdout.contains("secret"), "the token itself must never be printed");
    }

    @Test
    void emptyStreamIsClean() {
        Result result = decode(new byte[0], "-");
        assertEquals(0, result.exitCode);
        assertEquals("", result.stdout);
    }

    @Test
    void truncatedPayloadNamesTheFrameOffset() {
        byte[] stream = bytes(TV1 + TV6 + TV12);
        Result result = decode(Arrays.copyOf(stream, stream.length - 5), "-");
        assertEquals(1, result.exitCode);
        assertEquals(TV1_TV6_TV12_LINES.subList(0, 4), result.stdoutLines(), "frames before the bad one are printed");
        assertTrue(result.stderr.contains("byte offset 173"), result.stderr);
        assertTrue(result.stderr.contains("FCRP stream closed mid-payload"), result.stderr);
    }

    @Test
    void truncatedHeaderNamesTheFrameOffset() {
        byte[] stream = bytes(TV1 + TV6);
        Result result = decode(Arrays.copyOf(stream, 35 + 10), "-");
        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("byte offset 35"), result.stderr);
        assertTrue(result.stderr.contains("FCRP stream closed mid-header"), result.stderr);
    }

    @Test
    void badMagicIsReportedAtItsFrame() {
        byte[] stream = bytes(TV1 + TV6);
        stream[35 + 3] = 0x51; // "FCRQ"
        Result result = decode(stream, "-");
        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("byte offset 35: FCRP magic mismatch"), result.stderr);
    }

    @Test
    void malformedPayloadIsReportedAtItsFrame() {
        // spec §10 negative case: TV-1's payload plus one trailing byte
        byte[] stream = bytes(TV12 + "4643525001010000140000001400000001010000000001010000000000000000000000" + "00");
        Result result = decode(stream, "-");
        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("byte offset 67: FCRP payload contains trailing bytes"), result.stderr);
    }

    @Test
    void corruptZstdPayloadIsReportedAtItsFrame() {
        byte[] stream = bytes(TV1 + TV13);
        stream[35 + 16] = 0; // breaks the zstd magic
        Result result = decode(stream, "-");
        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("byte offset 35: FCRP zstd decompression failed"), result.stderr);
    }

    @Test
    void unreadableFileIsAUsageError() {
        Result result = decode(new byte[0], dir.resolve("missing.bin").toString());
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("cannot open"), result.stderr);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static Result decode(byte[] stdin, String operand) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = operand == null ? new String[] {"decode"} : new String[] {"decode", operand};
        int code = Fcrp.run(
                args,
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ShutdownHooks.none());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        List<String> stdoutLines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }
    }
}
