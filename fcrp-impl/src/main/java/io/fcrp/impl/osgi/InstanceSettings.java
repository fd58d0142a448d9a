package io.fcrp.impl.osgi;

import io.fcrp.impl.settings.Problems;
import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.settings.UnknownKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every validated instance configuration has: the instance name, the engine's settings, the
 * values read (to describe changes) and the keys no property has.
 */
final class InstanceSettings<C> {

    private final String name;
    private final C config;
    private final Map<String, String> values;
    private final List<String> secrets;
    private final String unknownKeys;

    private InstanceSettings(
            String name, C config, Map<String, String> values, List<String> secrets, String unknownKeys) {
        this.name = name;
        this.config = config;
        this.values = values;
        this.secrets = secrets;
        this.unknownKeys = unknownKeys;
    }

    /**
     * Resolves the instance name, builds the engine's settings and collects every problem of the
     * configuration {@code in} reads.
     *
     * @param catalogs every property of the role: the engine's, persistence, the Karaf-only ones
     * @param check the engine builder's problems (rules between properties among them), {@code build} its result
     * @throws InvalidConfigurationException naming every problem
     */
    static <C> InstanceSettings<C> complete(
            PropertyValues in,
            String factoryPid,
            List<List<Property<?>>> catalogs,
            Supplier<Problems> check,
            Supplier<C> build) {
        Map<String, ?> properties = in.raw();
        String name = null;
        try {
            name = InstanceNames.resolve(in.get(KarafProperties.NAME), properties, factoryPid);
        } catch (InvalidConfigurationException e) {
            in.problems().add(e.getMessage());
        }
        in.problems().addNew(check.get());
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigurationException(in.problems().describe());
        }
        C config = build.get();
        List<String> known = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (List<Property<?>> catalog : catalogs) {
            for (Property<?> property : catalog) {
                known.add(property.name());
                if (property.isSecret()) {
                    secrets.add(property.name());
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>(in.values());
        values.put(KarafProperties.NAME.name(), name);
        return new InstanceSettings<>(
                name,
                config,
                Collections.unmodifiableMap(values),
                List.copyOf(secrets),
                UnknownKeys.describe(properties, known));
    }

    String name() {
        return name;
    }

    C config() {
        return config;
    }

    String unknownKeys() {
        return unknownKeys;
    }

    /** The value read for {@code property} as text, or null when it was not set. */
    String value(String property) {
        return values.get(property);
    }

    /** The changed properties for the log, e.g. {@code compression none → zstd}; secrets are never shown. */
    String changes(InstanceSettings<C> next) {
        return Changes.describe(values, next.values, secrets);
    }

    /** The names of the properties whose values differ in {@code next}. */
    Set<String> changedProperties(InstanceSettings<C> next) {
        return Changes.changed(values, next.values);
    }
}
