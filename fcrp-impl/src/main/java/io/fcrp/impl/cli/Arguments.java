package io.fcrp.impl.cli;

import io.fcrp.impl.settings.Property;
import io.fcrp.impl.settings.TokenFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsed options and operands of one command line, with typed, range-checked accessors. */
final class Arguments {

    private final Map<String, String> values;
    private final Set<String> flags;
    private final List<String> operands;

    Arguments(Map<String, String> values, Set<String> flags, List<String> operands) {
        this.values = values;
        this.flags = flags;
        this.operands = operands;
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    boolean flag(String flag) {
        return flags.contains(flag);
    }

    List<String> operands() {
        return operands;
    }

    /** The option's text, or null when absent. */
    String text(String option) {
        return values.get(option);
    }

    String required(String option) throws UsageException {
        String value = values.get(option);
        if (value == null) {
            throw new UsageException(option + " is required");
        }
        return value;
    }

    /** The option's value as {@code property} reads and checks it; the property's default when absent. */
    <T> T value(String option, Property<T> property) throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return property.defaultValue();
        }
        T value;
        try {
            value = property.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + e.getMessage());
        }
        String problem = property.problem(value);
        if (problem != null) {
            throw new UsageException(option + " " + problem);
        }
        return value;
    }

    /** The token in the file the option names, or null when the option is absent. */
    String token(String option) throws UsageException {
        String file = values.get(option);
        if (file == null) {
            return null;
        }
        try {
            return TokenFile.read(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    int intValue(String option, int defaultValue, int min, int max) throws UsageException {
        return (int) longValue(option, defaultValue, min, max);
    }

    long longValue(String option, long defaultValue, long min, long max) throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** Exactly {@code count} comma-separated whole numbers, e.g. {@code 5,2,3}; the caller checks their ranges. */
    int[] intList(String option, int count) throws UsageException {
        String text = required(option);
        String[] parts = text.split(",", -1);
        if (parts.length != count) {
            throw new UsageException(option + " needs " + count + " comma-separated whole numbers, not '" + text + "'");
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(
                        option + " needs " + count + " comma-separated whole numbers, not '" + text + "'");
            }
        }
        return values;
    }

    /** A duration given in (possibly fractional) seconds, returned in milliseconds. */
    long secondsAsMillis(String option, long defaultMillis) throws UsageException {
        String text = values.get(option);
        if (text == null) {
            return defaultMillis;
        }
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
                throw new UsageException(option + " must be a non-negative number of seconds, not " + text);
            }
            return seconds.movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number of seconds, not '" + text + "'");
        }
    }
}
