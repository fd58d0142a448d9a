package io.fcrp.impl.persist;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The persistence properties primaries and replicas share, and how they make a {@link PersistenceConfig}. */
public final class PersistenceProperties {

    public static final Property<PersistenceConfig.Mode> MODE = Property.choice(
                    "persistence",
                    PersistenceConfig.Mode.NONE,
                    List.of(PersistenceConfig.Mode.values()),
                    PersistenceConfig.Mode::toString)
            .meaning("none: the store starts empty at every start. snapshot: the whole store is written to "
                    + "persistence.dir/snapshot.fcrp every persistence.interval.s and at a clean stop, and reloaded "
                    + "at start.");

    public static final Property<String> DIRECTORY = Property.text("persistence.dir")
            .nonEmpty("leave it unset for the default")
            .defaultText("${karaf.data}/fcrp/<instance>")
            .validValues("a directory")
            .meaning("Where the persistence file is kept; created when missing.");

    public static final Property<Long> INTERVAL_SECONDS = Property.whole(
                    "persistence.interval.s",
                    PersistenceConfig.DEFAULT_INTERVAL_SECONDS,
                    0,
                    PersistenceConfig.MAX_INTERVAL_SECONDS)
            .meaning("Seconds between two saves while running; 0 saves only at a clean stop.");

    public static final Property<PersistenceConfig.OnCorrupt> ON_CORRUPT = Property.choice(
                    "persistence.on.corrupt",
                    PersistenceConfig.OnCorrupt.REFUSE,
                    List.of(PersistenceConfig.OnCorrupt.values()),
                    PersistenceConfig.OnCorrupt::toString)
            .meaning("What a file that fails its checks does at start: refuse leaves the instance stopped with an "
                    + "error naming the file and byte offset; start-empty starts empty and keeps the file as "
                    + "<file>.corrupt.");

    /** The four, in the README's order. */
    public static final List<Property<?>> ALL = List.of(MODE, DIRECTORY, INTERVAL_SECONDS, ON_CORRUPT);

    private PersistenceProperties() {}

    /**
     * Reads the persistence {@code in} configures, collecting its problems in {@code in}; the
     * result gives the configuration of a named instance, whose directory, when
     * {@code persistence.dir} is unset, is the instance name under {@code defaultParent} (null
     * when there is no default: the directory is then required).
     */
    public static Function<String, PersistenceConfig> of(PropertyValues in, Path defaultParent) {
        PersistenceConfig.Mode mode = in.get(MODE);
        String directory = in.get(DIRECTORY);
        long intervalSeconds = in.get(INTERVAL_SECONDS);
        PersistenceConfig.OnCorrupt onCorrupt = in.get(ON_CORRUPT);
        if (mode != PersistenceConfig.Mode.SNAPSHOT) {
            return instance -> PersistenceConfig.none();
        }
        if (directory == null) {
            if (defaultParent == null) {
                in.problems()
                        .add(DIRECTORY.name()
                                + " is required outside Karaf (karaf.data is not set, so there is no default data "
                                + "directory)");
                return instance -> PersistenceConfig.none();
            }
            return instance -> PersistenceConfig.snapshot(defaultParent.resolve(instance), intervalSeconds, onCorrupt);
        }
        try {
            Path path = Path.of(directory.trim());
            return instance -> PersistenceConfig.snapshot(path, intervalSeconds, onCorrupt);
        } catch (InvalidPathException e) {
            in.problems().add(DIRECTORY.name() + " is not a valid path: " + e.getMessage());
            return instance -> PersistenceConfig.none();
        }
    }
}
