package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.protocol.Compression;

class PrimarySettingsTest {

    private static PrimarySettings parse(Object... keyValues) {
        Map<String, Object> properties = ConfigProxy.properties("io.fcrp.primary~east", keyValues);
        return PrimarySettings.from(ConfigProxy.of(PrimaryComponent.Config.class, properties), properties);
    }

    private static String rejection(Object... keyValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(keyValues)).getMessage();
    }

    @Test
    void defaultsAreTheEnginesAndTheNameComesFromTheConfiguration() {
        PrimarySettings settings = parse();
        assertEquals("east", settings.name());
        assertTrue(settings.embedded());
        PrimaryConfig config = settings.config();
        PrimaryConfig engine = PrimaryConfig.builder().build();
        assertEquals(engine.bindAddress(), config.bindAddress());
        assertEquals(engine.shardCount(), config.shardCount());
        assertNull(config.authToken());
        assertEquals(engine.compression(), config.compression());
        assertEquals(engine.zstdLevel(), config.zstdLevel());
        assertEquals(engine.sendPolicy(), config.sendPolicy());
        assertEquals(engine.batchMaxRecords(), config.batchMaxRecords());
        assertEquals(engine.batchMaxBytes(), config.batchMaxBytes());
        assertEquals(engine.batchMaxDelayMicros(), config.batchMaxDelayMicros());
        assertEquals(engine.backlogBytes(), config.backlogBytes());
        assertEquals(engine.snapshotChunkBytes(), config.snapshotChunkBytes());
        assertEquals(engine.maxReplicas(), config.maxReplicas());
        assertEquals(engine.connectTimeoutMs(), config.connectTimeoutMs());
        assertEquals(engine.writeTimeoutMs(), config.writeTimeoutMs());
        assertEquals(engine.subscriberChannelCapacity(), config.subscriberChannelCapacity());
        assertEquals(engine.subscriberQueueBytes(), config.subscriberQueueBytes());
        assertEquals(engine.maxPendingHandshakes(), config.maxPendingHandshakes());
        assertEquals(engine.heartbeatIntervalMs(), config.heartbeatIntervalMs());
        assertEquals(engine.keepAlive(), config.keepAlive());
    }

    @Test
    void linkFailureSettingsAreReadAndChecked() {
        PrimaryConfig config = parse("max.pending.handshakes", "4", "heartbeat.interval.ms", "0",
                "tcp.keepalive.idle.s", "10", "tcp.keepalive.interval.s", "1", "tcp.keepalive.count", "2").config();
        assertEquals(4, config.maxPendingHandshakes());
        assertEquals(0, config.heartbeatIntervalMs());
        assertEquals(12, config.keepAlive().detectionSeconds());
        assertEquals("tcp.keepalive.count must be between 1 and 127, not 0", rejection("tcp.keepalive.count", "0"));
        assertEquals("max.pending.handshakes must be at least 1, not 0", rejection("max.pending.handshakes", "0"));
        assertEquals("heartbeat.interval.ms must not be negative (0 = none), not -5",
                rejection("heartbeat.interval.ms", "-5"));
    }

    @Test
    void textValuesOfACfgFileAreConverted() {
        PrimarySettings settings = parse("name", " west ", "store", "EXTERNAL", "bind.addr", "127.0.0.1:0",
                "compression", "zstd", "zstd.level", "7", "send.policy", "immediate", "batch.max.delay.us", "2000",
                "auth.token", "s3cret");
        assertEquals("west", settings.name());
        assertEquals(PrimarySettings.EXTERNAL, settings.storeMode());
        assertEquals(Compression.ZSTD, settings.config().compression());
        assertEquals(7, settings.config().zstdLevel());
        assertEquals(SendPolicy.IMMEDIATE, settings.config().sendPolicy());
        assertEquals(2000, settings.config().batchMaxDelayMicros());
        assertEquals("s3cret", settings.config().authToken());
    }

    @Test
    void invalidValuesAreRefusedWithTheirPropertyName() {
        assertEquals("auth.token must not be empty: leave it unset for no token", rejection("auth.token", ""));
        assertEquals("shard.count must be a whole number, not 'sixteen'", rejection("shard.count", "sixteen"));
        assertEquals("shard.count: shard count must be a power of two between 1 and 65536, not 12",
                rejection("shard.count", 12));
        assertEquals("store must be embedded or external, not 'remote'", rejection("store", "remote"));
        assertEquals("bind.addr: address must be host:port, not 'localhost'", rejection("bind.addr", "localhost"));
        assertEquals("compression must be none or zstd, not 'gzip'", rejection("compression", "gzip"));
        assertEquals("send.policy: send policy must be immediate or batch, not 'later'",
                rejection("send.policy", "later"));
        assertTrue(rejection("compression", "zstd", "zstd.level", "99").startsWith("zstd.level: "));
        assertEquals("max.replicas must be at least 1, not 0", rejection("max.replicas", 0));
        assertEquals("batch.max.records must be a whole number, not '1.5'", rejection("batch.max.records", "1.5"));
    }

    @Test
    void zstdLevelIsOnlyCheckedWhenZstdIsOn() {
        assertEquals(99, parse("zstd.level", 99).config().zstdLevel());
    }

    @Test
    void anExternalStoreIgnoresTheShardCount() {
        PrimarySettings a = parse("store", "external", "shard.count", 4);
        PrimarySettings b = parse("store", "external", "shard.count", "not even a number");
        assertNull(a.restartReason(b));
    }

    @Test
    void identityChangesRestartEverythingElseAppliesInPlace() {
        PrimarySettings current = parse("bind.addr", "127.0.0.1:7001", "auth.token", "one");
        assertNull(current.restartReason(parse("bind.addr", "127.0.0.1:7002", "auth.token", "two",
                "compression", "zstd", "batch.max.records", 10, "backlog.bytes", 1024)));
        assertEquals("shard.count 16 → 32 (the embedded store starts empty)",
                current.restartReason(parse("bind.addr", "127.0.0.1:7001", "auth.token", "one", "shard.count", 32)));
        assertTrue(current.restartReason(parse("name", "other", "bind.addr", "127.0.0.1:7001", "auth.token", "one"))
                .startsWith("name east → other"));
        assertTrue(current.restartReason(parse("store", "external", "bind.addr", "127.0.0.1:7001")).contains(
                "store embedded → external"));
    }

    @Test
    void changesAreDescribedWithoutTheToken() {
        PrimarySettings current = parse("bind.addr", "127.0.0.1:7001", "auth.token", "one");
        String changes = current.changes(parse("bind.addr", "127.0.0.1:7002", "auth.token", "two"));
        assertEquals("bind.addr 127.0.0.1:7001 → 127.0.0.1:7002, auth.token changed", changes);
        assertFalse(changes.contains("one") || changes.contains("two"));
        assertEquals("auth.token removed", current.changes(parse("bind.addr", "127.0.0.1:7001")));
        assertEquals("", current.changes(parse("bind.addr", "127.0.0.1:7001", "auth.token", "one")));
    }
}
