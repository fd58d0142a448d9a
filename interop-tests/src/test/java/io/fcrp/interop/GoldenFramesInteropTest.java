package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fcrp.impl.protocol.FrameCodec;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.KeyHash;

/**
 * Golden frames in both directions, for every input of {@code interop/vectors.json}: the Java
 * encoder produces the reference encoder's bytes, the Java decoder reads the reference's frames
 * field for field, and the reference decoder reads the Java encoder's frames field for field.
 */
class GoldenFramesInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<JsonNode> vectors;
    private static Map<String, String> referenceFrames;

    @BeforeAll
    static void referenceEncodesEveryVector() throws Exception {
        vectors = new ArrayList<>();
        JSON.readTree(new File(System.getProperty("fcrp.vectors"))).forEach(vectors::add);
        referenceFrames = new LinkedHashMap<>();
        try (RefPeer peer = RefPeer.start("vectors", "--file", System.getProperty("fcrp.vectors"))) {
            assertEquals(0, peer.waitFor(Duration.ofSeconds(60)), peer.stderr());
            for (String line : peer.drainLines()) {
                String[] parts = line.split(" ", 2);
                referenceFrames.put(parts[0], parts[1].trim());
            }
        }
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
            assertEquals(VectorCodec.describe(vector),
                    VectorCodec.describe(FrameCodec.decode(frame, FrameHeader.MAX_PAYLOAD)), name);
        }
    }

    @Test
    void referenceDecoderReadsTheJavaFrames() throws Exception {
        List<JsonNode> decoded = new ArrayList<>();
        try (RefPeer peer = RefPeer.start("decode")) {
            for (JsonNode vector : vectors) {
                peer.send(vector.get("name").asText() + " " + VectorCodec.hex(VectorCodec.encode(vector)));
            }
            peer.closeInput();
            assertEquals(0, peer.waitFor(Duration.ofSeconds(60)), peer.stderr());
            for (String line : peer.drainLines()) {
                decoded.add(JSON.readTree(line));
            }
        }
        assertEquals(vectors.size(), decoded.size());
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode answer = decoded.get(i);
            String name = vectors.get(i).get("name").asText();
            assertEquals(name, answer.get("name").asText());
            assertFalse(answer.has("error"), () -> name + ": reference decoder refused it: " + answer.get("error"));
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
