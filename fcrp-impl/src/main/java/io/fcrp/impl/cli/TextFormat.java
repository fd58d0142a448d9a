package io.fcrp.impl.cli;

import io.fcrp.api.Entry;
import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** How the tool writes keys, hashes, expiries and watermark vectors on one line. */
final class TextFormat {

    private static final HexFormat HEX = HexFormat.of();

    private TextFormat() {}

    /**
     * A key as itself when it is non-empty printable ASCII without spaces, otherwise as
     * {@code 0x} and lower-case hex; a printable key that itself starts with {@code 0x} is written
     * as hex too, so the two forms never collide.
     */
    static String key(byte[] key) {
        return key(key, 0, key.length);
    }

    static String key(byte[] bytes, int offset, int length) {
        boolean printable = length > 0 && !(length >= 2 && bytes[offset] == '0' && bytes[offset + 1] == 'x');
        for (int i = offset; printable && i < offset + length; i++) {
            printable = bytes[i] > 0x20 && bytes[i] < 0x7F;
        }
        return printable
                ? new String(bytes, offset, length, StandardCharsets.US_ASCII)
                : "0x" + HEX.formatHex(bytes, offset, offset + length);
    }

    /**
     * Free text (an Error frame's message) kept on one line: control characters and backslashes
     * are written as Java-style unicode escapes.
     */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.toString();
    }

    /** Exactly 16 lower-case hex digits. */
    static String hash(long hash) {
        return HEX.toHexDigits(hash);
    }

    /** {@code none} for the sentinel, else unsigned decimal milliseconds. */
    static String expiry(long expireAtMs) {
        return expireAtMs == Entry.NO_EXPIRY ? "none" : Long.toUnsignedString(expireAtMs);
    }

    /** Unsigned decimal values joined by commas, e.g. {@code 3,0}. */
    static String watermarkList(ShardWatermarks watermarks) {
        StringBuilder text = new StringBuilder();
        for (int shard = 0; shard < watermarks.size(); shard++) {
            if (shard > 0) {
                text.append(',');
            }
            text.append(Long.toUnsignedString(watermarks.get(shard)));
        }
        return text.toString();
    }

    /** Like {@link #watermarkList} inside brackets, e.g. {@code [3,0]}. */
    static String watermarkVector(ShardWatermarks watermarks) {
        return "[" + watermarkList(watermarks) + "]";
    }
}
