package io.fcrp.impl.cli;

import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.PersistenceProperties;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The persistence options of {@code fcrp primary} and {@code fcrp replica}:
 * {@code --persistence none|snapshot}, {@code --data-dir DIR}, {@code --persistence-interval S}
 * and {@code --on-corrupt refuse|start-empty}, as the Karaf properties of the same names.
 */
final class PersistenceOptions {

    static final String USAGE = String.join(
            "\n",
            "  --persistence snapshot keeps the store in DIR/snapshot.fcrp (--data-dir DIR is required), written",
            "  every --persistence-interval S seconds (default 60, 0 = only at a clean stop) and when it stops,",
            "  and reloaded at start; a corrupt file stops it unless --on-corrupt start-empty (default refuse).");

    private PersistenceOptions() {}

    static ArgumentParser declare(ArgumentParser parser) {
        return parser.option("--persistence")
                .option("--data-dir")
                .option("--persistence-interval")
                .option("--on-corrupt");
    }

    static PersistenceConfig from(Arguments parsed) throws UsageException {
        PersistenceConfig.Mode mode = parsed.value("--persistence", PersistenceProperties.MODE);
        long intervalSeconds = parsed.value("--persistence-interval", PersistenceProperties.INTERVAL_SECONDS);
        PersistenceConfig.OnCorrupt onCorrupt = parsed.value("--on-corrupt", PersistenceProperties.ON_CORRUPT);
        if (mode == PersistenceConfig.Mode.NONE) {
            for (String option : new String[] {"--data-dir", "--persistence-interval", "--on-corrupt"}) {
                if (parsed.has(option)) {
                    throw new UsageException(option + " needs --persistence snapshot");
                }
            }
            return PersistenceConfig.none();
        }
        try {
            return PersistenceConfig.snapshot(Path.of(parsed.required("--data-dir")), intervalSeconds, onCorrupt);
        } catch (InvalidPathException e) {
            throw new UsageException("--data-dir is not a valid path: " + e.getMessage());
        }
    }
}
