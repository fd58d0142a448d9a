package io.fcrp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the packages' {@code package-info.java} describe: the engine imports nothing of
 * the adapters (OSGi, shell, JMX, events, command line), and no two packages import each other.
 * A new package or import between packages must be added here deliberately.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/fcrp/impl");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?io\\.fcrp\\.impl\\.(\\w+)\\.", Pattern.MULTILINE);

    /** Which packages of {@code io.fcrp.impl} each package may import. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("protocol", Set.of()),
            Map.entry("settings", Set.of()),
            Map.entry("control", Set.of()),
            Map.entry("store", Set.of("protocol")),
            Map.entry("net", Set.of("settings")),
            Map.entry("tls", Set.of("protocol", "store", "net", "settings")),
            Map.entry("primary", Set.of("protocol", "store", "net", "settings", "tls")),
            Map.entry("replica", Set.of("protocol", "store", "net", "settings", "tls", "primary")),
            Map.entry("persist", Set.of("protocol", "store", "settings", "primary")),
            Map.entry("bench", Set.of("protocol", "store", "primary", "replica")),
            Map.entry("events", Set.of("replica", "primary")),
            Map.entry("jmx", Set.of("events", "replica")),
            Map.entry(
                    "cli",
                    Set.of("protocol", "store", "net", "settings", "tls", "primary", "replica", "persist", "bench")),
            Map.entry("command", Set.of("control")),
            Map.entry(
                    "osgi",
                    Set.of(
                            "protocol",
                            "store",
                            "net",
                            "settings",
                            "tls",
                            "primary",
                            "replica",
                            "persist",
                            "events",
                            "jmx",
                            "control")));

    @Test
    void everyPackageImportsOnlyWhatItsLayerAllows() {
        Map<String, Set<String>> imports = importsByPackage();
        assertEquals(
                new TreeSet<>(ALLOWED.keySet()),
                new TreeSet<>(imports.keySet()),
                "packages of io.fcrp.impl (add a new one to ALLOWED, with its package-info)");
        List<String> violations = new ArrayList<>();
        imports.forEach((from, targets) -> targets.stream()
                .filter(to -> !ALLOWED.get(from).contains(to))
                .forEach(to -> violations.add(from + " imports " + to)));
        assertEquals(List.of(), violations);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        Map<String, Set<String>> imports = importsByPackage();
        for (String start : imports.keySet()) {
            assertFalse(reaches(imports, start, start, new TreeSet<>()), start + " depends on itself through others");
        }
    }

    @Test
    void everyPackageSaysWhatItOwns() {
        for (String pkg : importsByPackage().keySet()) {
            assertTrue(Files.isRegularFile(SOURCES.resolve(pkg).resolve("package-info.java")), pkg);
        }
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String target, Set<String> seen) {
        for (String next : imports.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(imports, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> importsByPackage() {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = SOURCES.relativize(file.getParent()).toString();
                Set<String> targets = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher matcher = IMPORT.matcher(read(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(pkg)) {
                        targets.add(matcher.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imports;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
