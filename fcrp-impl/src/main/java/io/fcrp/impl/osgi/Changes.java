package io.fcrp.impl.osgi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Describes how two sets of configuration values differ, for the log. */
final class Changes {

    private Changes() {}

    /** {@code a 1 → 2, b 3 → 4}; the values of {@code secrets} are never shown; empty when nothing changed. */
    static String describe(Map<String, String> before, Map<String, String> after, Collection<String> secrets) {
        List<String> changes = new ArrayList<>();
        for (String key : changed(before, after)) {
            String old = before.get(key);
            String now = after.get(key);
            if (secrets.contains(key)) {
                changes.add(key + (now == null ? " removed" : old == null ? " set" : " changed"));
            } else {
                changes.add(key + " " + (old == null ? "(unset)" : old) + " → " + (now == null ? "(unset)" : now));
            }
        }
        return String.join(", ", changes);
    }

    /** The keys whose values differ, set or unset on one side included. */
    static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(key -> Objects.equals(before.get(key), after.get(key)));
        return keys;
    }
}
