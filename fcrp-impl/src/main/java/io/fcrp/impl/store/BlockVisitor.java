package io.fcrp.impl.store;

import java.nio.ByteBuffer;

/**
 * Receives one entry as it lies in off-heap memory: the key at {@code dataOffset}, the value right
 * after it, and for a governed entry ({@code governanceLength >= 0}) a u32 length and the
 * governance metadata after the value.
 */
@FunctionalInterface
public interface BlockVisitor {
    void visit(
            ByteBuffer buffer, int dataOffset, int keyLength, int valueLength, long expireAtMs, int governanceLength);
}
