package io.fcrp.itests;

import io.fcrp.api.KeyValueView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Store contents as comparable maps, and the keys and values the tests write. */
final class Stores {

    private Stores() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] key(int i) {
        return bytes("key-" + i);
    }

    static byte[] value(int i) {
        return bytes("value-" + i + "-" + "x".repeat(i % 50));
    }

    /** Every live entry as "value@expiry" by key. */
    static Map<String, String> contents(KeyValueView store) {
        Map<String, String> contents = new TreeMap<>();
        store.forEach(entry -> contents.put(text(entry.key()), text(entry.value()) + "@" + entry.expireAtMs()));
        return contents;
    }
}
