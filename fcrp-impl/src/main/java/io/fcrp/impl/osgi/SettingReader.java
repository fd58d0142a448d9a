package io.fcrp.impl.osgi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads one configuration property at a time so that any failure, a value Declarative Services
 * cannot convert or one the engine refuses, becomes an {@link InvalidConfigurationException}
 * naming the property. Remembers every value read, for change detection.
 */
final class SettingReader {

    private final Map<String, ?> raw;
    private final Map<String, String> values = new LinkedHashMap<>();

    SettingReader(Map<String, ?> raw) {
        this.raw = raw;
    }

    /**
     * @param expected what a valid value looks like, e.g. "a whole number"
     * @param getter the config annotation method (it throws when the value cannot be converted)
     */
    <T> T read(String property, String expected, Supplier<T> getter) {
        return read(property, expected, getter, Function.identity());
    }

    /** As {@link #read(String, String, Supplier)}, then {@code check} turns the value into the result or throws. */
    <T, R> R read(String property, String expected, Supplier<T> getter, Function<T, R> check) {
        T value;
        try {
            value = getter.get();
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(property + " must be " + expected + ", not '" + raw.get(property)
                    + "'");
        }
        R result;
        try {
            result = check.apply(value);
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(named(property, e.getMessage()));
        }
        values.put(property, value == null ? null : String.valueOf(value));
        return result;
    }

    /** {@code message}, prefixed with {@code property: } unless it starts with the property name already. */
    static String named(String property, String message) {
        return message != null && message.startsWith(property) ? message : property + ": " + message;
    }

    /** The values read, by property name, in reading order. */
    Map<String, String> values() {
        return values;
    }
}
