package io.fcrp.impl.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration property: its name, default, valid values and meaning. The catalogs of these
 * ({@code PrimaryProperties}, {@code ReplicaProperties}, {@code KarafProperties}) are the single
 * source for validation (Config Admin, the engine's builders, the command-line tool); unit tests
 * hold the metatype annotations and the README's tables to them.
 *
 * <p>Problems are phrased without a subject ("must be at least 1, not 0") so that the caller can
 * name the property or the command-line option that carried the value.
 */
public final class Property<T> {

    /** How values are read and checked. */
    private record Rules<T>(
            Function<String, T> parser, Function<T, String> checker, Long min, Long max, List<String> choices) {}

    /** How the property is presented to people (README, metatype, logs). */
    private record Presentation(
            String validValues, String defaultText, String referenceField, String meaning, boolean secret) {}

    private final String name;
    private final Class<?> type;
    private final T defaultValue;
    private final boolean required;
    private final Rules<T> rules;
    private final Presentation presentation;

    private Property(
            String name, Class<?> type, T defaultValue, boolean required, Rules<T> rules, Presentation presentation) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.rules = rules;
        this.presentation = presentation;
    }

    private static <T> Property<T> of(
            String name, Class<?> type, T defaultValue, boolean required, Rules<T> rules, String validValues) {
        return new Property<>(
                name, type, defaultValue, required, rules, new Presentation(validValues, null, null, null, false));
    }

    /** A whole number in {@code min … max}, held as an int. */
    public static Property<Integer> integer(String name, int defaultValue, int min, int max) {
        Function<Long, String> problem = rangeProblem(min, max);
        return of(
                name,
                Integer.class,
                defaultValue,
                false,
                new Rules<>(
                        text -> toInt(parseWhole(text), problem),
                        value -> problem.apply(value.longValue()),
                        (long) min,
                        (long) max,
                        List.of()),
                range(min, max));
    }

    /** A whole number in {@code min … max}. */
    public static Property<Long> whole(String name, long defaultValue, long min, long max) {
        return of(
                name,
                Long.class,
                defaultValue,
                false,
                new Rules<>(Property::parseWhole, rangeProblem(min, max), min, max, List.of()),
                range(min, max));
    }

    /** 0 (the caller derives a value), or a whole number in {@code min … max}, held as an int; 0 by default. */
    public static Property<Integer> integerOrZero(String name, int min, int max) {
        Function<Long, String> inRange = rangeProblem(min, max);
        Function<Long, String> problem = value -> value == 0
                ? null
                : inRange.apply(value) == null
                        ? null
                        : "must be 0 or between " + min + " and " + max + ", not " + value;
        return of(
                name,
                Integer.class,
                0,
                false,
                new Rules<>(
                        text -> toInt(parseWhole(text), problem),
                        value -> problem.apply(value.longValue()),
                        0L,
                        (long) max,
                        List.of()),
                "0, or " + range(min, max));
    }

    /** A power of two in {@code 1 … max}. */
    public static Property<Integer> powerOfTwo(String name, int defaultValue, int max) {
        Function<Long, String> problem = value -> value >= 1 && value <= max && Long.bitCount(value) == 1
                ? null
                : "must be a power of two between 1 and " + max + ", not " + value;
        return of(
                name,
                Integer.class,
                defaultValue,
                false,
                new Rules<>(
                        text -> toInt(parseWhole(text), problem),
                        value -> problem.apply(value.longValue()),
                        1L,
                        (long) max,
                        List.of()),
                "a power of two, 1 … " + max);
    }

    /** One of {@code values}, written as {@code label} spells them (case does not matter). */
    public static <T> Property<T> choice(String name, T defaultValue, List<T> values, Function<T, String> label) {
        List<String> labels = new ArrayList<>();
        values.forEach(value -> labels.add(label.apply(value)));
        Function<String, T> parser = text -> {
            int index = labels.indexOf(text.toLowerCase(Locale.ROOT));
            if (index < 0) {
                throw new IllegalArgumentException("must be " + String.join(" or ", labels) + ", not '" + text + "'");
            }
            return values.get(index);
        };
        return of(
                name,
                String.class,
                defaultValue,
                false,
                new Rules<>(parser, value -> null, null, null, List.copyOf(labels)),
                String.join(", ", labels));
    }

    /** A {@code host:port} address whose port is at least {@code minPort}; required when it has no default. */
    public static Property<HostPort> address(String name, HostPort defaultValue, int minPort) {
        Function<String, HostPort> parser = text -> {
            try {
                return HostPort.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be host:port, not '" + text + "'", e);
            }
        };
        Function<HostPort, String> checker =
                value -> value.port() >= minPort ? null : "needs a port of at least " + minPort + ", not " + value;
        return of(
                name,
                String.class,
                defaultValue,
                defaultValue == null,
                new Rules<>(parser, checker, null, null, List.of()),
                "host:port, port " + minPort + " … 65535");
    }

    /** Free text, unset by default. */
    public static Property<String> text(String name) {
        return of(
                name,
                String.class,
                null,
                false,
                new Rules<>(Function.identity(), value -> null, null, null, List.of()),
                "text");
    }

    /** This text property, refusing an empty value with {@code hint} (what to do instead). */
    public Property<T> nonEmpty(String hint) {
        Function<T, String> checker =
                value -> String.valueOf(value).isEmpty() ? "must not be empty: " + hint : rules.checker.apply(value);
        return new Property<>(
                name,
                type,
                defaultValue,
                required,
                new Rules<>(rules.parser, checker, rules.min, rules.max, rules.choices),
                presentation);
    }

    /** This property with its default written as {@code text} in the README. */
    public Property<T> defaultText(String text) {
        return present(new Presentation(
                presentation.validValues,
                text,
                presentation.referenceField,
                presentation.meaning,
                presentation.secret));
    }

    /** This property with the name of the reference's {@code ReplicationConfig} field it stands for. */
    public Property<T> reference(String field) {
        return present(new Presentation(
                presentation.validValues, presentation.defaultText, field, presentation.meaning, presentation.secret));
    }

    /** This property with its meaning: the README's words, and the start of the metatype description. */
    public Property<T> meaning(String text) {
        return present(new Presentation(
                presentation.validValues,
                presentation.defaultText,
                presentation.referenceField,
                text,
                presentation.secret));
    }

    /** This property with its valid values described as {@code text}. */
    public Property<T> validValues(String text) {
        return present(new Presentation(
                text,
                presentation.defaultText,
                presentation.referenceField,
                presentation.meaning,
                presentation.secret));
    }

    /** This property as a secret: never logged, a password in metatype. */
    public Property<T> secret() {
        return present(new Presentation(
                presentation.validValues,
                presentation.defaultText,
                presentation.referenceField,
                presentation.meaning,
                true));
    }

    private Property<T> present(Presentation changed) {
        return new Property<>(name, type, defaultValue, required, rules, changed);
    }

    public String name() {
        return name;
    }

    /** {@code Integer}, {@code Long} or {@code String}: the type metatype gives the property. */
    public Class<?> type() {
        return type;
    }

    /** The value when the property is not set; null when it has none. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return required;
    }

    public boolean isSecret() {
        return presentation.secret;
    }

    /** The default as the README writes it: the value, {@code none} or {@code (required)}. */
    public String defaultText() {
        if (presentation.defaultText != null) {
            return presentation.defaultText;
        }
        if (required) {
            return "(required)";
        }
        return defaultValue == null ? "none" : label(defaultValue);
    }

    /** What a valid value looks like, e.g. {@code 1 … 65536} or {@code none, zstd}. */
    public String validValues() {
        return presentation.validValues;
    }

    /** The smallest valid number, or null when the property is no number. */
    public Long min() {
        return rules.min;
    }

    /** The largest valid number, or null when it is no number or has no upper bound of its own. */
    public Long max() {
        return rules.max == null || rules.max == Long.MAX_VALUE || rules.max == Integer.MAX_VALUE ? null : rules.max;
    }

    /** The valid spellings of a choice; empty for other properties. */
    public List<String> choices() {
        return rules.choices;
    }

    /** The reference's field name (or a remark in parentheses), or null when the reference has none. */
    public String referenceField() {
        return presentation.referenceField;
    }

    public String meaning() {
        return presentation.meaning;
    }

    /** The configuration spelling of {@code value}: a choice's label, a number's digits. */
    public String label(T value) {
        for (String choice : rules.choices) {
            if (rules.parser.apply(choice).equals(value)) {
                return choice;
            }
        }
        return String.valueOf(value);
    }

    /**
     * Turns a configured value into this property's type: text is trimmed first; a number may
     * come as any whole {@link Number}.
     *
     * @throws IllegalArgumentException with the problem, phrased without a subject
     */
    public T parse(Object raw) {
        if (raw.getClass().isArray() || raw instanceof Iterable) {
            throw new IllegalArgumentException("must be a single value, not a list");
        }
        boolean whole = raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte;
        return rules.parser.apply(
                whole
                        ? String.valueOf(((Number) raw).longValue())
                        : String.valueOf(raw).trim());
    }

    /** What is wrong with {@code value}, phrased without a subject; null when it is valid. */
    public String problem(T value) {
        if (value == null) {
            return required ? "is required" : null;
        }
        return rules.checker.apply(value);
    }

    private static Function<Long, String> rangeProblem(long min, long max) {
        boolean unbounded = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
        return value -> value >= min && value <= max
                ? null
                : (unbounded ? "must be at least " + min : "must be between " + min + " and " + max) + ", not " + value;
    }

    private static String range(long min, long max) {
        return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min : min + " … " + max;
    }

    /** {@code value} as an int; a value beyond the int range fails with what {@code problem} says of it. */
    private static int toInt(long value, Function<Long, String> problem) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(problem.apply(value));
        }
        return (int) value;
    }

    private static Long parseWhole(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, not '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
