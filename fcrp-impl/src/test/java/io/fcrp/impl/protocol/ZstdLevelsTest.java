package io.fcrp.impl.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Test;

/** The zstd level range the configuration accepts is the native library's. */
class ZstdLevelsTest {

    @Test
    void theConfiguredLevelRangeIsTheNativeLibrarys() {
        assertEquals(Zstd.minCompressionLevel(), ZstdCodec.MIN_LEVEL);
        assertEquals(Zstd.maxCompressionLevel(), ZstdCodec.MAX_LEVEL);
    }
}
