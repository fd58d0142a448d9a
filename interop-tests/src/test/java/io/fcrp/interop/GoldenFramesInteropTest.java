package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.KeyHash;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden frames in both directions, for every input of {@code interop/vectors.json} and the
 * {@code shardmap} 0.1.0 peer: the Java encoder produces the reference encoder's bytes, the Java
 * decoder reads the reference's frames field for field, and the reference decoder reads the Java
 * encoder's frames field for field.
 */
class GoldenFramesInteropTest {

    private static List<JsonNode> vectors;
    private static Map<String, String> referenceFrames;

    @BeforeAll
    static void referenceEncodesEveryVector() throws Exception {
        vectors = GoldenFrames.vectors("fcrp.vectors");
        referenceFrames = GoldenFrames.encode(ReferenceCrate.SHARDMAP_0_1_0, "fcrp.vectors");
        assertEquals(vectors.size(), referenceFrames.size(), "one reference frame per vector");
        assertTrue(vectors.size() >= 40, "the vector list covers every kind and op");
    }

    @Test
    void javaEncoderProducesTheReferenceBytes() throws Exception {
        for (JsonNode vector : vectors) {
            String name = vector.get("name").asText();
            assertEquals(referenceFrames.get(name), VectorCodec.hex(VectorCodec.encode(vector)), name);
        }
    }

    @Test
    void javaDecoderReadsTheReferenceFrames() throws Exception {
        for (JsonNode vector : vectors) {
            String name = vector.get("name").asText();
            byte[] frame = VectorCodec.unhex(referenceFrames.get(name));
            assertEquals(
                    VectorCodec.describe(vector),
                    VectorCodec.describe(FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD)),
                    name);
        }
    }

    @Test
    void referenceDecoderReadsTheJavaFrames() throws Exception {
        assertReferenceDecoderReadsTheJavaFrames(ReferenceCrate.SHARDMAP_0_1_0, vectors);
    }

    /** {@code crate}'s decoder reads the Java encoder's frame of every vector field for field. */
    static void assertReferenceDecoderReadsTheJavaFrames(ReferenceCrate crate, List<JsonNode> vectors)
            throws Exception {
        Map<String, String> javaFrames = new LinkedHashMap<>();
        for (JsonNode vector : vectors) {
            javaFrames.put(vector.get("name").asText(), VectorCodec.hex(VectorCodec.encode(vector)));
        }
        List<JsonNode> decoded = GoldenFrames.decode(crate, javaFrames);
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode answer = decoded.get(i);
            String name = vectors.get(i).get("name").asText();
            assertEquals(name, answer.get("name").asText());
            assertFalse(answer.has("error"), () -> name + ": " + crate + " refused it: " + answer.get("error"));
            assertEquals(VectorCodec.describe(vectors.get(i)), VectorCodec.describe(answer), name);
            assertRecordHashes(name, answer);
        }
    }

    /** The reference decoder reports the key hash and tag it read: they must be XXH3 of the key. */
    private static void assertRecordHashes(String name, JsonNode answer) throws IOException {
        if (!answer.has("records")) {
            return;
        }
        for (JsonNode record : answer.get("records")) {
            long hash = KeyHash.of(VectorCodec.unhex(record.get("key").asText()));
            assertEquals(String.format("%016x", hash), record.get("hash").asText(), name + " key_hash");
            assertEquals(KeyHash.tag(hash), record.get("tag").asLong(), name + " key_tag");
        }
    }
}
