package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.StoreKind;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.protocol.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimarySettingsTest {

    @TempDir
    Path etc;

    private PrimarySettings parse(Object... keyValues) {
        Map<String, Object> properties = Configurations.properties("io.fcrp.primary~east", keyValues);
        return PrimarySettings.from(properties, etc);
    }

    private String rejection(Object... keyValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(keyValues))
                .getMessage();
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
        assertEquals(engine.storeMaxBytes(), config.storeMaxBytes());
        assertEquals(engine.maxPendingHandshakes(), config.maxPendingHandshakes());
        assertEquals(engine.heartbeatIntervalMs(), config.heartbeatIntervalMs());
        assertEquals(engine.keepAlive(), config.keepAlive());
        assertEquals("", settings.unknownKeys());
    }

    @Test
    void linkFailureSettingsAreReadAndChecked() {
        PrimaryConfig config = parse(
                        "max.pending.handshakes",
                        "4",
                        "heartbeat.interval.ms",
                        "0",
                        "tcp.keepalive.idle.s",
                        "10",
                        "tcp.keepalive.interval.s",
                        "1",
                        "tcp.keepalive.count",
                        "2")
                .config();
        assertEquals(4, config.maxPendingHandshakes());
        assertEquals(0, config.heartbeatIntervalMs());
        assertEquals(12, config.keepAlive().detectionSeconds());
        assertEquals("tcp.keepalive.count must be between 1 and 127, not 0", rejection("tcp.keepalive.count", "0"));
        assertEquals("max.pending.handshakes must be at least 1, not 0", rejection("max.pending.handshakes", "0"));
        assertEquals("heartbeat.interval.ms must be at least 0, not -5", rejection("heartbeat.interval.ms", "-5"));
    }

    @Test
    void textValuesOfACfgFileAreConvertedAndTrimmed() {
        PrimarySettings settings = parse(
                "name",
                " west ",
                "store",
                "EXTERNAL ",
                "bind.addr",
                " 127.0.0.1:0",
                "compression",
                "zstd ",
                "zstd.level",
                "7 ",
                "send.policy",
                "immediate",
                "batch.max.delay.us",
                "2000",
                "max.replicas",
                "1 ",
                "auth.token",
                "s3cret");
        assertEquals("west", settings.name());
        assertEquals(StoreKind.EXTERNAL, settings.store());
        assertEquals(Compression.ZSTD, settings.config().compression());
        assertEquals(7, settings.config().zstdLevel());
        assertEquals(SendPolicy.IMMEDIATE, settings.config().sendPolicy());
        assertEquals(2000, settings.config().batchMaxDelayMicros());
        assertEquals(1, settings.config().maxReplicas());
        assertEquals("s3cret", settings.config().authToken());
    }

    @Test
    void typedValuesOfAConfigAdminClientAreAccepted() {
        PrimarySettings settings = parse("shard.count", 4, "backlog.bytes", 4096L, "max.replicas", (short) 3);
        assertEquals(4, settings.config().shardCount());
        assertEquals(4096, settings.config().backlogBytes());
        assertEquals(3, settings.config().maxReplicas());
    }

    @Test
    void invalidValuesAreRefusedWithTheirPropertyNameAndTheValidValues() {
        assertEquals("auth.token must not be empty: leave it unset for no token", rejection("auth.token", ""));
        assertEquals("shard.count must be a whole number, not 'sixteen'", rejection("shard.count", "sixteen"));
        assertEquals("shard.count must be a power of two between 1 and 65536, not 12", rejection("shard.count", 12));
        assertEquals(
                "shard.count must be a power of two between 1 and 65536, not 4294967312",
                rejection("shard.count", "4294967312"));
        assertEquals("store must be embedded or external, not 'remote'", rejection("store", "remote"));
        assertEquals("bind.addr must be host:port, not 'localhost'", rejection("bind.addr", "localhost"));
        assertEquals("compression must be none or zstd, not 'gzip'", rejection("compression", "gzip"));
        assertEquals("send.policy must be immediate or batch, not 'later'", rejection("send.policy", "later"));
        assertEquals("max.replicas must be at least 1, not 0", rejection("max.replicas", 0));
        assertEquals("batch.max.records must be a whole number, not '1.5'", rejection("batch.max.records", "1.5"));
        assertEquals("batch.max.records must be a whole number, not '2.0'", rejection("batch.max.records", 2.0));
        assertEquals("batch.max.bytes must be between 64 and 67108864, not 10", rejection("batch.max.bytes", "10"));
        assertEquals("backlog.bytes must be a single value, not a list", rejection("backlog.bytes", new long[] {1, 2}));
    }

    @Test
    void zstdLevel99IsRefusedWithTheValidRangeWhateverTheCompression() {
        assertEquals("zstd.level must be between -131072 and 22, not 99", rejection("zstd.level", 99));
        assertEquals(
                "zstd.level must be between -131072 and 22, not 99",
                rejection("compression", "zstd", "zstd.level", "99"));
        assertEquals(
                -5, parse("compression", "zstd", "zstd.level", "-5").config().zstdLevel());
    }

    @Test
    void snapshotChunkBytesHasOneRuleFrom4096To64MiBWithoutSilentRounding() {
        assertEquals(
                "snapshot.chunk.bytes must be between 4096 and 67108864, not 1", rejection("snapshot.chunk.bytes", 1));
        assertEquals(
                "snapshot.chunk.bytes must be between 4096 and 67108864, not 4095",
                rejection("snapshot.chunk.bytes", "4095"));
        assertEquals(
                "snapshot.chunk.bytes must be between 4096 and 67108864, not 67108865",
                rejection("snapshot.chunk.bytes", "67108865"));
        assertEquals(4096, parse("snapshot.chunk.bytes", "4096").config().snapshotChunkBytes());
        assertThrows(
                IllegalArgumentException.class,
                () -> PrimaryConfig.builder().snapshotChunkBytes(4095).build());
    }

    @Test
    void everyErrorOfAConfigurationIsReportedInOneMessage() {
        assertEquals(
                "store must be embedded or external, not 'remote'; bind.addr must be host:port, not 'nowhere'; "
                        + "zstd.level must be between -131072 and 22, not 99; max.replicas must be at least 1, not 0",
                rejection("store", "remote", "bind.addr", "nowhere", "zstd.level", 99, "max.replicas", "0"));
    }

    @Test
    void unknownKeysAreNamedWithTheClosestKnownNameAndFrameworkKeysAreIgnored() {
        PrimarySettings settings = parse(
                "bogus.key",
                "1",
                "compresion",
                "zstd",
                "bind.address",
                "127.0.0.1:1",
                "service.factoryPid",
                "io.fcrp.primary",
                "felix.fileinstall.filename",
                "file:/etc/x.cfg",
                "component.name",
                "io.fcrp.primary",
                "component.id",
                7L,
                "org.apache.karaf.features.configKey",
                "x",
                ".private",
                "y");
        assertEquals(
                "bind.address (did you mean bind.addr?), bogus.key, compresion (did you mean compression?)",
                settings.unknownKeys());
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
        assertNull(current.restartReason(parse(
                "bind.addr",
                "127.0.0.1:7002",
                "auth.token",
                "two",
                "compression",
                "zstd",
                "batch.max.records",
                10,
                "backlog.bytes",
                1024)));
        assertEquals(
                "shard.count 16 → 32 (the embedded store starts empty)",
                current.restartReason(parse("bind.addr", "127.0.0.1:7001", "auth.token", "one", "shard.count", 32)));
        assertTrue(current.restartReason(parse("name", "other", "bind.addr", "127.0.0.1:7001", "auth.token", "one"))
                .startsWith("name east → other"));
        assertTrue(current.restartReason(parse("store", "external", "bind.addr", "127.0.0.1:7001"))
                .contains("store embedded → external"));
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

    @Test
    void theTokenFileIsReadRelativeToKarafsEtcAndAgainAtEveryChange() throws Exception {
        Files.writeString(etc.resolve("fcrp.token"), " first-token \nignored\n");
        PrimarySettings first = parse("auth.token.file", "fcrp.token");
        assertEquals("first-token", first.config().authToken());
        Files.writeString(etc.resolve("fcrp.token"), "second-token\n");
        PrimarySettings second = parse("auth.token.file", "fcrp.token");
        assertEquals("second-token", second.config().authToken());
        assertEquals("auth.token changed", first.changes(second));
        Path absolute = Files.writeString(Files.createTempFile(etc, "abs", ".token"), "third");
        assertEquals(
                "third", parse("auth.token.file", absolute.toString()).config().authToken());
    }

    @Test
    void anUnusableTokenFileIsRefusedWithItsPathAndWhy() throws Exception {
        assertEquals(
                "auth.token.file " + etc.resolve("missing.token") + " cannot be read: no such file",
                rejection("auth.token.file", "missing.token"));
        Files.writeString(etc.resolve("empty.token"), "\n");
        assertEquals(
                "auth.token.file " + etc.resolve("empty.token") + " holds no token: its first line is empty",
                rejection("auth.token.file", "empty.token"));
        assertEquals(
                "auth.token and auth.token.file are both set: keep one",
                rejection("auth.token", "x", "auth.token.file", "empty.token"));
    }

    @Test
    void aPlaceholderConfigAdminDidNotReplaceIsRefused() {
        assertEquals(
                "auth.token holds $[env:FCRP_NO_SUCH_VARIABLE], which Config Admin's interpolation did not "
                        + "replace: no such environment variable, system property or secret file",
                rejection("auth.token", "$[env:FCRP_NO_SUCH_VARIABLE]"));
    }
}
