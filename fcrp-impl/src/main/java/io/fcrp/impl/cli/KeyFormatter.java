package io.fcrp.impl.cli;

/**
 * Writes {@code key-<index>} in ASCII into a buffer of its length that is reused from call to call,
 * so benchmark writers make no garbage (the store copies the keys it is given). The returned
 * array is valid until the next call with a number of the same length.
 */
final class KeyFormatter {

    private static final byte[] PREFIX = {'k', 'e', 'y', '-'};
    /** Digits of the largest long. */
    private static final int MAX_DIGITS = 19;

    private final byte[][] byLength = new byte[PREFIX.length + MAX_DIGITS + 1][];

    byte[] key(long index) {
        int digits = 1;
        for (long rest = index / 10; rest > 0; rest /= 10) {
            digits++;
        }
        byte[] key = byLength[PREFIX.length + digits];
        if (key == null) {
            key = new byte[PREFIX.length + digits];
            System.arraycopy(PREFIX, 0, key, 0, PREFIX.length);
            byLength[key.length] = key;
        }
        long rest = index;
        for (int at = key.length - 1; at >= PREFIX.length; at--) {
            key[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return key;
    }
}
