package io.fcrp.impl.cli;

import java.nio.file.Path;

import io.fcrp.impl.persist.PersistenceConfig;

/**
 * The persistence options of {@code fcrp primary} and {@code fcrp replica}:
 * {@code --persistence none|snapshot}, {@code --data-dir DIR}, {@code --persistence-interval S}
 * and {@code --on-corrupt refuse|start-empty}, as the Karaf properties of the same names.
 */
final class PersistenceOptions {

    static final String USAGE = String.join("\n",
            "  --persistence snapshot keeps the store in DIR/snapshot.fcrp (--data-dir DIR is required), written",
            "  every --persistence-interval S seconds (default 60, 0 = only at a clean stop) and when it stops,",
            "  and reloaded at start; a corrupt file stops it unless --on-corrupt start-empty (default refuse).");

    private PersistenceOptions() {
    }

    static ArgumentParser declare(ArgumentParser parser) {
        return parser.option("--persistence").option("--data-dir").option("--persistence-interval")
                .option("--on-corrupt");
    }

    static PersistenceConfig from(Arguments parsed) throws UsageException {
        try {
            PersistenceConfig.Mode mode = PersistenceConfig.Mode.parse(parsed.has("--persistence")
                    ? parsed.text("--persistence") : "none");
            if (mode == PersistenceConfig.Mode.NONE) {
                for (String option : new String[] {"--data-dir", "--persistence-interval", "--on-corrupt"}) {
                    if (parsed.has(option)) {
                        throw new UsageException(option + " needs --persistence snapshot");
                    }
                }
                return PersistenceConfig.none();
            }
            return PersistenceConfig.snapshot(Path.of(parsed.required("--data-dir")),
                    parsed.longValue("--persistence-interval", PersistenceConfig.DEFAULT_INTERVAL_SECONDS, 0,
                            PersistenceConfig.MAX_INTERVAL_SECONDS),
                    PersistenceConfig.OnCorrupt.parse(parsed.has("--on-corrupt") ? parsed.text("--on-corrupt")
                            : "refuse"));
        } catch (IllegalArgumentException e) { // InvalidPathException too
            throw new UsageException(e.getMessage());
        }
    }
}
