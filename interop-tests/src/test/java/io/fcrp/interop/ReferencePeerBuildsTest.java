package io.fcrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** interop/build.sh builds one peer binary per published crate, and each drives the crate it is named for. */
class ReferencePeerBuildsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ReferenceCrate.class)
    void eachBinaryDrivesThePinnedCrateItIsNamedFor(ReferenceCrate crate) throws Exception {
        try (RefPeer peer = RefPeer.start(crate, "version")) {
            assertEquals(0, peer.waitFor(Duration.ofSeconds(30)), peer.stderr());
            assertEquals(List.of(crate.displayName()), peer.drainLines());
        }
    }
}
