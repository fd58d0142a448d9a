package io.fcrp.impl.primary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The auth check of spec §6.1 step 3.4, in constant time whatever the lengths. */
final class TokenCheck {

    private TokenCheck() {}

    /** True when no token is configured, or when {@code presented} equals {@code configured}. */
    static boolean accepts(String configured, String presented) {
        if (configured == null) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        // comparing digests hides the length of the configured token as well as its content
        return MessageDigest.isEqual(sha256(configured), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
