package io.fcrp.impl.osgi;

import io.fcrp.api.StoreKind;
import io.fcrp.impl.settings.Property;
import java.util.List;

/** The properties only Karaf's configurations have, beside those of the engine's catalogs. */
final class KarafProperties {

    static final Property<String> NAME = Property.text("name")
            .defaultText("the configuration's name")
            .meaning("The instance name: fcrp.instance of its services, name= of its MBeans, the shell's argument; "
                    + "unique over the primaries and replicas of a container. Unset: the configuration's name, east "
                    + "for io.fcrp.primary~east or etc/io.fcrp.primary-east.cfg, west for io.fcrp.replica~west.");

    static final Property<StoreKind> STORE = Property.choice(
                    "store", StoreKind.EMBEDDED, List.of(StoreKind.values()), StoreKind::label)
            .meaning("embedded: the primary owns a store and publishes it as KeyValueStore. external: it serves the "
                    + "ReplicationPrimary and SnapshotProvider services an application publishes under the instance "
                    + "name; shard.count, batching and compression then belong to the application's "
                    + "ReplicationPrimary (compression and zstd.level still apply to snapshot chunks).");

    static final Property<String> AUTH_TOKEN_FILE = Property.text("auth.token.file")
            .nonEmpty("leave it unset to use auth.token")
            .validValues("a file, relative to ${karaf.etc}")
            .meaning("A file whose first line (trimmed) is the token, instead of auth.token: the configuration then "
                    + "holds only the path. Read again at every change of the configuration.");

    /** A primary's Karaf-only properties. */
    static final List<Property<?>> PRIMARY = List.of(NAME, STORE, AUTH_TOKEN_FILE);
    /** A replica's Karaf-only properties. */
    static final List<Property<?>> REPLICA = List.of(NAME, AUTH_TOKEN_FILE);

    private KarafProperties() {}
}
