package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.replica.ReplicaConfig;

class ReplicaSettingsTest {

    private static ReplicaSettings parse(Object... keyValues) {
        Map<String, Object> properties = ConfigProxy.properties("io.fcrp.replica~west", keyValues);
        return ReplicaSettings.from(ConfigProxy.of(ReplicaComponent.Config.class, properties), properties);
    }

    private static String rejection(Object... keyValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(keyValues)).getMessage();
    }

    @Test
    void defaultsAreTheEngines() {
        ReplicaSettings settings = parse("replica.of", "127.0.0.1:7631");
        assertEquals("west", settings.name());
        ReplicaConfig config = settings.config();
        ReplicaConfig engine = ReplicaConfig.builder().upstream("127.0.0.1:7631").build();
        assertEquals(engine.upstream(), config.upstream());
        assertEquals(engine.authToken(), config.authToken());
        assertEquals(engine.connectTimeoutMs(), config.connectTimeoutMs());
        assertEquals(engine.reconnectBackoffMs(), config.reconnectBackoffMs());
        assertEquals(engine.reconnectBackoffMaxMs(), config.reconnectBackoffMaxMs());
        assertEquals(engine.maxFrameBytes(), config.maxFrameBytes());
        assertEquals(engine.localShards(), config.localShards());
        assertEquals(engine.idleTimeoutMs(), config.idleTimeoutMs());
        assertEquals(engine.gapWaitMs(), config.gapWaitMs());
    }

    @Test
    void persistenceIsOffByDefaultAndASnapshotFileNeedsADataDirectoryOutsideKaraf() {
        assertFalse(parse("replica.of", "127.0.0.1:7631").persistence().enabled());
        PersistenceConfig on = parse("replica.of", "127.0.0.1:7631", "persistence", " Snapshot ", "persistence.dir",
                "/var/fcrp/west", "persistence.interval.s", "5", "persistence.on.corrupt", "start-empty").persistence();
        assertTrue(on.enabled());
        assertEquals(Path.of("/var/fcrp/west"), on.directory());
        assertEquals(5, on.intervalSeconds());
        assertEquals(PersistenceConfig.OnCorrupt.START_EMPTY, on.onCorrupt());
        assertEquals("persistence.dir is required outside Karaf (karaf.data is not set, so there is no default data "
                + "directory)", rejection("replica.of", "127.0.0.1:1", "persistence", "snapshot"));
        assertEquals("persistence must be none or snapshot, not 'disk'",
                rejection("replica.of", "127.0.0.1:1", "persistence", "disk"));
        assertEquals("persistence.on.corrupt must be refuse or start-empty, not 'ignore'", rejection("replica.of",
                "127.0.0.1:1", "persistence", "snapshot", "persistence.dir", "/d", "persistence.on.corrupt", "ignore"));
        assertEquals("persistence.interval.s must be between 0 and 604800, not -1", rejection("replica.of",
                "127.0.0.1:1", "persistence", "snapshot", "persistence.dir", "/d", "persistence.interval.s", "-1"));
    }

    @Test
    void invalidValuesAreRefusedWithTheirPropertyName() {
        assertEquals("replica.of is required: the host:port of the primary to follow", rejection());
        assertEquals("replica.of: address must be host:port, not 'primary'", rejection("replica.of", "primary"));
        assertEquals("replica.of needs a port above 0, not 127.0.0.1:0", rejection("replica.of", "127.0.0.1:0"));
        assertEquals("auth.token must not be empty: leave it unset for no token",
                rejection("replica.of", "127.0.0.1:1", "auth.token", ""));
        assertEquals("local.shards: shard count must be a power of two between 1 and 65536, not 3",
                rejection("replica.of", "127.0.0.1:1", "local.shards", "3"));
        assertEquals("idle.timeout.ms must be a whole number, not 'soon'",
                rejection("replica.of", "127.0.0.1:1", "idle.timeout.ms", "soon"));
    }

    @Test
    void changesNameTheChangedPropertiesOnly() {
        ReplicaSettings current = parse("replica.of", "127.0.0.1:1", "auth.token", "a");
        assertEquals("replica.of 127.0.0.1:1 → 127.0.0.1:2",
                current.changes(parse("replica.of", "127.0.0.1:2", "auth.token", "a")));
        assertEquals("auth.token changed", current.changes(parse("replica.of", "127.0.0.1:1", "auth.token", "b")));
        assertTrue(current.changes(parse("replica.of", "127.0.0.1:1", "auth.token", "a")).isEmpty());
    }
}
