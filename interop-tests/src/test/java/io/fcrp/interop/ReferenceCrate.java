package io.fcrp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The published reference crates {@code fcrp-ref-peer} is built against (interop/build.sh, one
 * binary each, its path passed by Maven), and the name the binary's {@code version} prints.
 */
enum ReferenceCrate {

    /** The wire of {@code shardmap} 0.1–0.5: plain v1. */
    SHARDMAP_0_1_0("fcrp.refPeer", "shardmap 0.1.0"),
    /** The same v1 wire plus the governance dialect of 0.6–0.7 (GOV2 snapshot chunks, op 4). */
    SHARDMAP_0_7_1("fcrp.refPeer.shardmap071", "shardmap 0.7.1");

    private final String binaryProperty;
    private final String displayName;

    ReferenceCrate(String binaryProperty, String displayName) {
        this.binaryProperty = binaryProperty;
        this.displayName = displayName;
    }

    /** Every crate with every frame compression: the arguments of the tests run against each published peer. */
    static Stream<Arguments> eachWithEveryCompression() {
        return Stream.of(values()).flatMap(crate -> Stream.of("none", "zstd").map(c -> Arguments.of(crate, c)));
    }

    /** The peer binary driving this crate. */
    Path binary() {
        String path = System.getProperty(binaryProperty);
        if (path == null || !Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException("reference peer binary for " + displayName + " not found at " + path
                    + ": build it with interop/build.sh (Maven does this in generate-test-resources)");
        }
        return Path.of(path);
    }

    /** What the binary's {@code version} subcommand prints, e.g. {@code shardmap 0.7.1}. */
    String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
