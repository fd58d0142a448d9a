package io.fcrp.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fcrp.api.Entry;
import io.fcrp.api.ShardWatermarks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one-line text forms shared by --follow and decode. */
class TextFormatTest {

    @Test
    void printableKeysStayAsTheyAre() {
        assertEquals("key-42", TextFormat.key(ascii("key-42")));
        assertEquals("user:42", TextFormat.key(ascii("user:42")));
    }

    @Test
    void otherKeysBecomeHex() {
        assertEquals("0x", TextFormat.key(new byte[0]));
        assertEquals("0x612062", TextFormat.key(ascii("a b")));
        assertEquals("0x00ff", TextFormat.key(new byte[] {0, (byte) 0xFF}));
        assertEquals("0xc3a9", TextFormat.key("é".getBytes(StandardCharsets.UTF_8)));
        assertEquals("0x30786666", TextFormat.key(ascii("0xff")), "a key that looks like hex is written as hex");
    }

    @Test
    void numbersAreUnsigned() {
        assertEquals("none", TextFormat.expiry(Entry.NO_EXPIRY));
        assertEquals("0", TextFormat.expiry(0));
        assertEquals("18446744073709551614", TextFormat.expiry(-2));
        assertEquals("0000000000000001", TextFormat.hash(1));
        assertEquals("be6903b5f625ab5a", TextFormat.hash(0xbe6903b5f625ab5aL));
        assertEquals("18446744073709551615,0", TextFormat.watermarkList(ShardWatermarks.of(-1, 0)));
        assertEquals("[]", TextFormat.watermarkVector(ShardWatermarks.empty()));
    }

    @Test
    void messagesStayOnOneLine() {
        assertEquals("bad\\u000aline\\u005c", TextFormat.oneLine("bad\nline\\"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
