package io.fcrp.impl.store;

import java.nio.ByteBuffer;

/** Receives one entry as it lies in off-heap memory: the key at {@code dataOffset}, the value right after it. */
@FunctionalInterface
public interface BlockVisitor {
    void visit(ByteBuffer buffer, int dataOffset, int keyLength, int valueLength, long expireAtMs);
}
