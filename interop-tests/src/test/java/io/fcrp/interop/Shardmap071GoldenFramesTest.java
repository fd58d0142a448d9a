package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcrp.impl.cli.Fcrp;
import io.fcrp.impl.cli.ShutdownHooks;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden frames from the {@code shardmap} 0.7.1 encoder: its governance dialect (a MutationBatch
 * with op-4 records, GOV2 snapshot chunks with governed and plain entries, an empty GOV2 chunk;
 * {@code interop/vectors-governance.json}) and every v1 input of {@code interop/vectors.json}.
 */
class Shardmap071GoldenFramesTest {

    private static final String GOV2_MARKER_HEX = "474f5632";

    private static List<JsonNode> governanceVectors;
    private static Map<String, String> governanceFrames;
    private static List<JsonNode> v1Vectors;
    private static Map<String, String> v1Frames;

    @BeforeAll
    static void shardmap071EncodesEveryVector() throws Exception {
        governanceVectors = GoldenFrames.vectors("fcrp.governanceVectors");
        governanceFrames = GoldenFrames.encode(ReferenceCrate.SHARDMAP_0_7_1, "fcrp.governanceVectors");
        v1Vectors = GoldenFrames.vectors("fcrp.vectors");
        v1Frames = GoldenFrames.encode(ReferenceCrate.SHARDMAP_0_7_1, "fcrp.vectors");
        assertEquals(governanceVectors.size(), governanceFrames.size(), "one frame per governance vector");
        assertEquals(v1Vectors.size(), v1Frames.size(), "one frame per v1 vector");
    }

    @Test
    void javaDecoderReadsOp4RecordsAndGov2ChunksFieldForField() throws Exception {
        assertJavaDecoderReads(governanceVectors, governanceFrames);
        assertTrue(
                governanceFrames.get("gov_chunk_empty").endsWith(GOV2_MARKER_HEX),
                "0.7.1 writes the GOV2 marker even in a chunk without entries");
    }

    @Test
    void javaDecoderReadsEveryV1VectorAsShardmap071EncodesIt() throws Exception {
        assertJavaDecoderReads(v1Vectors, v1Frames);
    }

    /** 0.7.1 changed only the snapshot chunk layout of plain data: every other frame is v1 byte for byte. */
    @Test
    void shardmap071WritesTheV1BytesForEveryFrameButSnapshotChunks() throws Exception {
        for (JsonNode vector : v1Vectors) {
            String name = vector.get("name").asText();
            String java = VectorCodec.hex(VectorCodec.encode(vector));
            if (vector.get("kind").asText().equals("SnapshotChunk")) {
                assertNotEquals(java, v1Frames.get(name), name + ": 0.7.1 writes the GOV2 layout");
            } else {
                assertEquals(java, v1Frames.get(name), name);
            }
        }
    }

    /** What a 0.7.1 replica needs from a Java primary: it reads every v1 frame, legacy chunks included. */
    @Test
    void shardmap071DecoderReadsEveryJavaFrame() throws Exception {
        GoldenFramesInteropTest.assertReferenceDecoderReadsTheJavaFrames(ReferenceCrate.SHARDMAP_0_7_1, v1Vectors);
    }

    /** Why the Java primary never sends the dialect: a 0.1–0.5 peer refuses every frame of it. */
    @Test
    void shardmap010DecoderRefusesOp4AndGov2Frames() throws Exception {
        List<JsonNode> answers = GoldenFrames.decode(ReferenceCrate.SHARDMAP_0_1_0, governanceFrames);
        Map<String, String> errors = new LinkedHashMap<>();
        answers.forEach(answer ->
                errors.put(answer.get("name").asText(), answer.path("error").asText(null)));
        assertEquals(
                Map.of(
                        "gov_batch", "unsupported FCRP mutation op: 4",
                        "gov_batch_zstd", "unsupported FCRP mutation op: 4",
                        "gov_chunk", "FCRP payload is truncated",
                        "gov_chunk_zstd", "FCRP payload is truncated",
                        "gov_chunk_empty", "FCRP payload contains trailing bytes"),
                errors);
    }

    @Test
    void fcrpDecodePrintsTheGovernanceLengthOfOp4RecordsAndGov2Entries() throws Exception {
        byte[] stream = VectorCodec.unhex(governanceFrames.get("gov_batch")
                + governanceFrames.get("gov_chunk")
                + governanceFrames.get("gov_chunk_empty"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Fcrp.run(
                new String[] {"decode"},
                new ByteArrayInputStream(stream),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ShutdownHooks.none());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "MutationBatch offset=0 flags=0x00 payload_len=418 uncompressed_len=418 count=6",
                        "  shard=2 seq=7 ts=1700000000000 op=SET hash=c770e83c087fd337 tag=199 expire=none key=private"
                                + " value_len=11 governance_len=21",
                        "  shard=2 seq=8 ts=1700000000001 op=SET hash=9ab784753b6cbb82 tag=154 expire=none key=public"
                                + " value_len=4",
                        "  shard=0 seq=1 ts=1700000000002 op=SET hash=c6f1c8185375d7c1 tag=198 expire=1700000060000 key=lease"
                                + " value_len=4 governance_len=8",
                        "  shard=1 seq=3 ts=1700000000003 op=SET hash=a700ee390eb67ba2 tag=167 expire=none key=marked"
                                + " value_len=1 governance_len=0",
                        "  shard=1 seq=4 ts=1700000000004 op=DEL hash=fa6a93b57693f438 tag=250 expire=none key=gone"
                                + " value_len=0",
                        "  shard=3 seq=9 ts=1700000000005 op=EXPIRE hash=c770e83c087fd337 tag=199 expire=1700000120000"
                                + " key=private value_len=0",
                        "SnapshotChunk offset=434 flags=0x00 payload_len=236 uncompressed_len=236 index=0 last=false"
                                + " watermarks=[4,9,3,9] entries=5",
                        "  key=private value_len=11 expire=none governance_len=21",
                        "  key=public value_len=4 expire=none",
                        "  key=lease value_len=4 expire=1700000060000 governance_len=8",
                        "  key=marked value_len=1 expire=none governance_len=0",
                        "  key=session value_len=3 expire=1700000005000",
                        "SnapshotChunk offset=686 flags=0x00 payload_len=37 uncompressed_len=37 index=0 last=true"
                                + " watermarks=[0,0] entries=0"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static void assertJavaDecoderReads(List<JsonNode> vectors, Map<String, String> frames) throws Exception {
        for (JsonNode vector : vectors) {
            String name = vector.get("name").asText();
            byte[] frame = VectorCodec.unhex(frames.get(name));
            assertEquals(
                    VectorCodec.describe(vector),
                    VectorCodec.describe(FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD)),
                    name);
        }
    }
}
