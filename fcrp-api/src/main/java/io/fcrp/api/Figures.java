package io.fcrp.api;

/** The checks the value types' constructors share. */
final class Figures {

    private Figures() {}

    /** Throws when {@code value} is negative, naming the figure. */
    static void requireNonNegative(String name, long value) {
        requireAtLeast(name, value, 0);
    }

    /** Throws when {@code value} is below {@code min}, naming the figure. */
    static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }
}
