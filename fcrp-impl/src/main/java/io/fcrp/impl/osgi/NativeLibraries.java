package io.fcrp.impl.osgi;

import io.fcrp.impl.protocol.ZstdCodec;

/** Fails fast when a native library the engine needs cannot be loaded. */
final class NativeLibraries {

    private NativeLibraries() {
    }

    /**
     * Loads zstd-jni's native library now, so that a platform without one fails the component's
     * activation (logged by SCR) instead of the first compressed frame. Level 1 is valid in every
     * zstd version; only the loading matters here.
     *
     * @throws UnsatisfiedLinkError when the library is missing for this platform
     */
    static void requireZstd() {
        ZstdCodec.checkLevel(1);
    }
}
