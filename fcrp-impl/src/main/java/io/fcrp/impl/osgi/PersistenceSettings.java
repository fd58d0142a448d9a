package io.fcrp.impl.osgi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.fcrp.impl.persist.PersistenceConfig;

/**
 * Reads the persistence properties shared by primaries and replicas: {@code persistence},
 * {@code persistence.dir} (default {@code ${karaf.data}/fcrp/<instance>}),
 * {@code persistence.interval.s} and {@code persistence.on.corrupt}.
 */
final class PersistenceSettings {

    private PersistenceSettings() {
    }

    static PersistenceConfig read(SettingReader in, String instance, Supplier<String> mode, Supplier<String> directory,
            Supplier<Long> intervalSeconds, Supplier<String> onCorrupt) {
        PersistenceConfig.Mode persistence = in.read("persistence", "none or snapshot", mode,
                PersistenceConfig.Mode::parse);
        String configuredDirectory = in.read("persistence.dir", "a directory", directory);
        long seconds = in.read("persistence.interval.s", "a whole number", intervalSeconds);
        PersistenceConfig.OnCorrupt corrupt = in.read("persistence.on.corrupt", "refuse or start-empty", onCorrupt,
                PersistenceConfig.OnCorrupt::parse);
        if (persistence == PersistenceConfig.Mode.NONE) {
            return PersistenceConfig.none();
        }
        try {
            return PersistenceConfig.snapshot(dataDirectory(configuredDirectory, instance), seconds, corrupt);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    private static Path dataDirectory(String configured, String instance) {
        if (configured != null && !configured.isBlank()) {
            try {
                return Path.of(configured.trim());
            } catch (InvalidPathException e) {
                throw new InvalidConfigurationException("persistence.dir is not a valid path: " + e.getMessage());
            }
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData == null || karafData.isBlank()) {
            throw new InvalidConfigurationException("persistence.dir is required outside Karaf (karaf.data is not "
                    + "set, so there is no default data directory)");
        }
        return Path.of(karafData, "fcrp", instance);
    }
}
