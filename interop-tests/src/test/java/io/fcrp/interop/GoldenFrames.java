package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden-frame inputs (a vectors file named by a system property) and what a reference peer's
 * {@code vectors} and {@code decode} subcommands make of them.
 */
final class GoldenFrames {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PEER_RUN = Duration.ofSeconds(60);

    private GoldenFrames() {}

    /** The vectors of the file named by system property {@code property}, in file order. */
    static List<JsonNode> vectors(String property) throws IOException {
        List<JsonNode> vectors = new ArrayList<>();
        JSON.readTree(new File(System.getProperty(property))).forEach(vectors::add);
        return vectors;
    }

    /** Vector name to the hex of the whole frame {@code crate}'s encoders produce for it. */
    static Map<String, String> encode(ReferenceCrate crate, String property) throws Exception {
        Map<String, String> frames = new LinkedHashMap<>();
        try (RefPeer peer = RefPeer.start(crate, "vectors", "--file", System.getProperty(property))) {
            assertEquals(0, peer.waitFor(PEER_RUN), peer.stderr());
            for (String line : peer.drainLines()) {
                String[] parts = line.split(" ", 2);
                frames.put(parts[0], parts[1].trim());
            }
        }
        return frames;
    }

    /** {@code crate}'s decoder output, one JSON object per frame in order (name to frame hex). */
    static List<JsonNode> decode(ReferenceCrate crate, Map<String, String> frames) throws Exception {
        List<JsonNode> decoded = new ArrayList<>();
        try (RefPeer peer = RefPeer.start(crate, "decode")) {
            for (Map.Entry<String, String> frame : frames.entrySet()) {
                peer.send(frame.getKey() + " " + frame.getValue());
            }
            peer.closeInput();
            assertEquals(0, peer.waitFor(PEER_RUN), peer.stderr());
            for (String line : peer.drainLines()) {
                decoded.add(JSON.readTree(line));
            }
        }
        assertEquals(frames.size(), decoded.size(), "one decoder answer per frame");
        return decoded;
    }
}
