package io.fcrp.impl.settings;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a configuration, so that one message can name them all. */
public final class Problems {

    private final List<String> messages = new ArrayList<>();

    /** Adds {@code property}'s problem with {@code value}, if it has one. */
    public <T> void check(Property<T> property, T value) {
        String problem = property.problem(value);
        if (problem != null) {
            add(property.name() + " " + problem);
        }
    }

    /** Adds {@code message} unless {@code condition} holds. */
    public void require(boolean condition, String message) {
        if (!condition) {
            add(message);
        }
    }

    public void add(String message) {
        messages.add(message);
    }

    /**
     * Adds those of {@code others} whose property has no problem here yet: a value found invalid
     * here was replaced by its default, so what {@code others} say of it would mislead.
     */
    public void addNew(Problems others) {
        for (String message : others.messages) {
            if (messages.stream().noneMatch(known -> subject(known).equals(subject(message)))) {
                messages.add(message);
            }
        }
    }

    /** The property a message is about: its first word. */
    private static String subject(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** All problems in one line, separated by semicolons. */
    public String describe() {
        return String.join("; ", messages);
    }

    /** @throws Invalid naming every problem, when there is one */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new Invalid(this);
        }
    }

    /**
     * The problems {@code validation} finds, e.g. a record's validating constructor run by a
     * builder; empty when it succeeds.
     */
    public static Problems of(Runnable validation) {
        try {
            validation.run();
            return new Problems();
        } catch (Invalid e) {
            return e.problems;
        }
    }

    /** Bad values, named one by one in {@link #problems}. */
    public static final class Invalid extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient Problems problems;

        private Invalid(Problems problems) {
            super(problems.describe());
            this.problems = problems;
        }
    }
}
