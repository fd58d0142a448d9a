package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the replica's JSON line with the strict shape the tool writes (no JSON library here either). */
final class ReplicaJson {

    private static final Pattern SHAPE = Pattern.compile(
            "\\{\"keys\": (\\d+), \"watermarks\": \\[([0-9, ]*)\\], "
                    + "\"bootstrap\": \"(snapshot|backlog|none)\", \"frames\": \\{([^}]*)\\}, \"digest\": \"([0-9a-f]{64})\"\\}");
    private static final Pattern FRAME_COUNT = Pattern.compile("\"(\\w+)\": (\\d+)");

    final long keys;
    final List<String> watermarks = new ArrayList<>();
    final String bootstrap;
    final Map<String, Long> frames = new LinkedHashMap<>();
    final String digest;

    private ReplicaJson(Matcher matcher) {
        keys = Long.parseLong(matcher.group(1));
        for (String value : matcher.group(2).split(", ")) {
            if (!value.isEmpty()) {
                watermarks.add(value);
            }
        }
        bootstrap = matcher.group(3);
        Matcher frame = FRAME_COUNT.matcher(matcher.group(4));
        while (frame.find()) {
            frames.put(frame.group(1), Long.parseLong(frame.group(2)));
        }
        digest = matcher.group(5);
    }

    static ReplicaJson parse(String line) {
        Matcher matcher = SHAPE.matcher(line);
        assertTrue(matcher.matches(), "not the replica's JSON line: " + line);
        return new ReplicaJson(matcher);
    }
}
