package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.replica.FrameBudget;
import io.fcrp.impl.replica.ReplicaConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSettingsTest {

    private static ReplicaSettings parse(Object... keyValues) {
        Map<String, Object> properties = Configurations.properties("io.fcrp.replica~west", keyValues);
        return ReplicaSettings.from(properties, null);
    }

    private static String rejection(Object... keyValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(keyValues))
                .getMessage();
    }

    @Test
    void defaultsAreTheEngines() {
        ReplicaSettings settings = parse("replica.of", "127.0.0.1:7631");
        assertEquals("west", settings.name());
        ReplicaConfig config = settings.config();
        ReplicaConfig engine =
                ReplicaConfig.builder().upstream("127.0.0.1:7631").build();
        assertEquals(engine.upstream(), config.upstream());
        assertEquals(engine.authToken(), config.authToken());
        assertEquals(engine.connectTimeoutMs(), config.connectTimeoutMs());
        assertEquals(engine.reconnectBackoffMs(), config.reconnectBackoffMs());
        assertEquals(engine.reconnectBackoffMaxMs(), config.reconnectBackoffMaxMs());
        assertEquals(engine.maxFrameBytes(), config.maxFrameBytes());
        assertEquals(engine.localShards(), config.localShards());
        assertEquals(engine.idleTimeoutMs(), config.idleTimeoutMs());
        assertEquals(engine.gapWaitMs(), config.gapWaitMs());
        assertEquals(engine.storeMaxBytes(), config.storeMaxBytes());
        assertEquals(engine.keepAlive(), config.keepAlive());
    }

    @Test
    void linkFailureSettingsAreReadAndChecked() {
        ReplicaConfig config = parse(
                        "replica.of",
                        "127.0.0.1:1",
                        "max.frame.bytes",
                        "65536",
                        "idle.timeout.ms",
                        "3000",
                        "tcp.keepalive.idle.s",
                        "3",
                        "tcp.keepalive.interval.s",
                        "1",
                        "tcp.keepalive.count",
                        "5")
                .config();
        assertEquals(65536, config.maxFrameBytes());
        assertEquals(3000, config.idleTimeoutMs());
        assertEquals(8, config.keepAlive().detectionSeconds());
        assertEquals(
                "tcp.keepalive.idle.s must be between 1 and 32767, not 0",
                rejection("replica.of", "127.0.0.1:1", "tcp.keepalive.idle.s", "0"));
        assertEquals(
                FrameBudget.defaultMaxFrameBytes(),
                parse("replica.of", "127.0.0.1:1", "max.frame.bytes", "0")
                        .config()
                        .maxFrameBytes());
    }

    @Test
    void persistenceIsOffByDefaultAndASnapshotFileNeedsADataDirectoryOutsideKaraf() {
        assertFalse(parse("replica.of", "127.0.0.1:7631").persistence().enabled());
        PersistenceConfig on = parse(
                        "replica.of",
                        "127.0.0.1:7631",
                        "persistence",
                        " Snapshot ",
                        "persistence.dir",
                        "/var/fcrp/west",
                        "persistence.interval.s",
                        "5",
                        "persistence.on.corrupt",
                        "start-empty")
                .persistence();
        assertTrue(on.enabled());
        assertEquals(Path.of("/var/fcrp/west"), on.directory());
        assertEquals(5, on.intervalSeconds());
        assertEquals(PersistenceConfig.OnCorrupt.START_EMPTY, on.onCorrupt());
        assertEquals(
                "persistence.dir is required outside Karaf (karaf.data is not set, so there is no default data "
                        + "directory)",
                rejection("replica.of", "127.0.0.1:1", "persistence", "snapshot"));
        assertEquals(
                "persistence must be none or snapshot, not 'disk'",
                rejection("replica.of", "127.0.0.1:1", "persistence", "disk"));
        assertEquals(
                "persistence.on.corrupt must be refuse or start-empty, not 'ignore'",
                rejection(
                        "replica.of",
                        "127.0.0.1:1",
                        "persistence",
                        "snapshot",
                        "persistence.dir",
                        "/d",
                        "persistence.on.corrupt",
                        "ignore"));
        assertEquals(
                "persistence.interval.s must be between 0 and 604800, not -1",
                rejection(
                        "replica.of",
                        "127.0.0.1:1",
                        "persistence",
                        "snapshot",
                        "persistence.dir",
                        "/d",
                        "persistence.interval.s",
                        "-1"));
    }

    @Test
    void invalidValuesAreRefusedWithTheirPropertyName() {
        assertEquals("replica.of is required", rejection());
        assertEquals("replica.of must be host:port, not 'primary'", rejection("replica.of", "primary"));
        assertEquals("replica.of needs a port of at least 1, not 127.0.0.1:0", rejection("replica.of", "127.0.0.1:0"));
        assertEquals(
                "auth.token must not be empty: leave it unset for no token",
                rejection("replica.of", "127.0.0.1:1", "auth.token", ""));
        assertEquals(
                "local.shards must be a power of two between 1 and 65536, not 3",
                rejection("replica.of", "127.0.0.1:1", "local.shards", "3"));
        assertEquals(
                "idle.timeout.ms must be a whole number, not 'soon'",
                rejection("replica.of", "127.0.0.1:1", "idle.timeout.ms", "soon"));
        assertEquals(
                "max.frame.bytes must be 0 or between 4096 and 268435456, not 1024",
                rejection("replica.of", "127.0.0.1:1", "max.frame.bytes", "1024 "));
    }

    @Test
    void everyErrorIncludingOnesBetweenPropertiesIsReportedInOneMessage() {
        assertEquals(
                "replica.of must be host:port, not 'primary'; gap.wait.ms must be at least 0, not -1; "
                        + "reconnect.backoff.max.ms must be at least reconnect.backoff.ms (200), not 10",
                rejection("replica.of", "primary", "reconnect.backoff.max.ms", "10", "gap.wait.ms", "-1"));
    }

    @Test
    void unknownKeysAreNamedWithTheClosestKnownName() {
        assertEquals(
                "bogus.key, replica.off (did you mean replica.of?)",
                parse("replica.of", "127.0.0.1:1", "replica.off", "127.0.0.1:2", "bogus.key", "x")
                        .unknownKeys());
    }

    @Test
    void changesNameTheChangedPropertiesOnly() {
        ReplicaSettings current = parse("replica.of", "127.0.0.1:1", "auth.token", "a");
        assertEquals(
                "replica.of 127.0.0.1:1 → 127.0.0.1:2",
                current.changes(parse("replica.of", "127.0.0.1:2", "auth.token", "a")));
        assertEquals("auth.token changed", current.changes(parse("replica.of", "127.0.0.1:1", "auth.token", "b")));
        assertTrue(current.changes(parse("replica.of", "127.0.0.1:1", "auth.token", "a"))
                .isEmpty());
    }
}
