package io.fcrp.impl.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the keys of a configuration that no property of a catalog has, and for each the closest
 * known name when one is near enough to be a typo ({@code compresion → compression}).
 */
public final class UnknownKeys {

    /**
     * Keys Config Admin, Declarative Services, Felix FileInstall and Karaf add themselves
     * ({@code service.pid}, {@code component.name}, {@code felix.fileinstall.filename},
     * {@code org.apache.karaf.features.configKey}, ...); a leading dot marks a private property.
     */
    private static final List<String> FRAMEWORK_PREFIXES =
            List.of("service.", "component.", "felix.", "osgi.", "org.apache.karaf.", ".");

    private UnknownKeys() {}

    /** {@code bogus.key, compresion (did you mean compression?)}; empty when every key is known. */
    public static String describe(Map<String, ?> configuration, Collection<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String key : configuration.keySet()) {
            if (known.contains(key) || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String closest = closest(key, known);
            unknown.add(closest == null ? key : key + " (did you mean " + closest + "?)");
        }
        unknown.sort(null);
        return String.join(", ", unknown);
    }

    /** The known name within a third of {@code key}'s length in edits (at least 2), or null. */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Math.max(2, key.length() / 3) + 1;
        for (String candidate : known) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
