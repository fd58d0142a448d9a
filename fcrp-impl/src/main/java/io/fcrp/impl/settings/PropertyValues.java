package io.fcrp.impl.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The typed values of one configuration (a Config Admin dictionary), read property by property
 * against a catalog. Every problem is collected rather than thrown, and an invalid value reads as
 * the property's default, so that one pass finds all of them.
 */
public final class PropertyValues {

    /** What Felix Config Admin's interpolation leaves when it finds no variable, property or secret. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\[(env|prop|secret):[^\\]]*\\]");

    private final Map<String, ?> raw;
    private final Problems problems = new Problems();
    private final Map<String, String> read = new LinkedHashMap<>();

    public PropertyValues(Map<String, ?> raw) {
        this.raw = raw;
    }

    /** The valid value of {@code property}: what is configured, else its default. */
    public <T> T get(Property<T> property) {
        Object configured = raw.get(property.name());
        T value = property.defaultValue();
        if (configured != null) {
            value = parse(property, configured);
            if (value == null) {
                return property.defaultValue();
            }
        }
        String problem = property.problem(value);
        if (problem != null) {
            problems.add(property.name() + " " + problem);
            return property.defaultValue();
        }
        if (value != null) {
            remember(property, value);
        }
        return value;
    }

    /** The configured value in the property's type, or null (a problem recorded) when it has none. */
    private <T> T parse(Property<T> property, Object configured) {
        if (configured instanceof String
                && PLACEHOLDER.matcher((String) configured).find()) {
            problems.add(property.name() + " holds " + configured + ", which Config Admin's interpolation did not "
                    + "replace: no such environment variable, system property or secret file");
            return null;
        }
        try {
            return property.parse(configured);
        } catch (IllegalArgumentException e) {
            problems.add(property.name() + " " + e.getMessage());
            return null;
        }
    }

    /** The configuration as given. */
    public Map<String, ?> raw() {
        return raw;
    }

    /** Records {@code value} for {@code property} when it comes from elsewhere (a token file, say). */
    public <T> void remember(Property<T> property, T value) {
        read.put(property.name(), property.label(value));
    }

    /** Where problems of this configuration that involve several properties are added too. */
    public Problems problems() {
        return problems;
    }

    /** The valid values read so far, as text by property name (unset ones are absent), for change detection. */
    public Map<String, String> values() {
        return read;
    }
}
