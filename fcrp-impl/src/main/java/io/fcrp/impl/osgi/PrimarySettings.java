package io.fcrp.impl.osgi;

import static io.fcrp.impl.primary.PrimaryProperties.BACKLOG_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_DELAY_US;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_RECORDS;
import static io.fcrp.impl.primary.PrimaryProperties.BIND_ADDR;
import static io.fcrp.impl.primary.PrimaryProperties.COMPRESSION;
import static io.fcrp.impl.primary.PrimaryProperties.CONNECT_TIMEOUT_MS;
import static io.fcrp.impl.primary.PrimaryProperties.HEARTBEAT_INTERVAL_MS;
import static io.fcrp.impl.primary.PrimaryProperties.MAX_PENDING_HANDSHAKES;
import static io.fcrp.impl.primary.PrimaryProperties.MAX_REPLICAS;
import static io.fcrp.impl.primary.PrimaryProperties.SEND_POLICY;
import static io.fcrp.impl.primary.PrimaryProperties.SHARD_COUNT;
import static io.fcrp.impl.primary.PrimaryProperties.SNAPSHOT_CHUNK_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.STORE_MAX_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.SUBSCRIBER_CHANNEL_CAPACITY;
import static io.fcrp.impl.primary.PrimaryProperties.SUBSCRIBER_QUEUE_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.WRITE_TIMEOUT_MS;
import static io.fcrp.impl.primary.PrimaryProperties.ZSTD_LEVEL;

import io.fcrp.api.StoreKind;
import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.PersistenceProperties;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryProperties;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.tls.TlsProperties;
import io.fcrp.impl.tls.TlsRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** A validated primary configuration: instance name, store kind and the engine's {@link PrimaryConfig}. */
final class PrimarySettings implements InstanceLifecycle.Settings {

    private final InstanceSettings<PrimaryConfig> instance;
    private final StoreKind store;
    private final PersistenceConfig persistence;

    private PrimarySettings(InstanceSettings<PrimaryConfig> instance, StoreKind store, PersistenceConfig persistence) {
        this.instance = instance;
        this.store = store;
        this.persistence = persistence;
    }

    /** As {@link #from(Map, Path, Path)} outside Karaf: without a default data directory. */
    static PrimarySettings from(Map<String, ?> properties, Path configDir) {
        return from(properties, configDir, null);
    }

    /**
     * @param configDir where a relative {@code auth.token.file} or TLS file is, or null for the working directory
     * @param dataDir where instances keep their persistence files by default, or null for none
     * @throws InvalidConfigurationException naming every invalid property
     */
    static PrimarySettings from(Map<String, ?> properties, Path configDir, Path dataDir) {
        PropertyValues in = new PropertyValues(properties);
        StoreKind store = in.get(KarafProperties.STORE);
        PrimaryConfig.Builder builder = PrimaryConfig.builder().bindAddress(in.get(BIND_ADDR));
        if (store == StoreKind.EMBEDDED) {
            builder.shardCount(in.get(SHARD_COUNT));
        }
        builder.authToken(AuthTokens.read(in, PrimaryProperties.AUTH_TOKEN, configDir))
                .compression(in.get(COMPRESSION))
                .zstdLevel(in.get(ZSTD_LEVEL))
                .sendPolicy(in.get(SEND_POLICY))
                .batchMaxRecords(in.get(BATCH_MAX_RECORDS))
                .batchMaxBytes(in.get(BATCH_MAX_BYTES))
                .batchMaxDelayMicros(in.get(BATCH_MAX_DELAY_US))
                .backlogBytes(in.get(BACKLOG_BYTES))
                .snapshotChunkBytes(in.get(SNAPSHOT_CHUNK_BYTES))
                .maxReplicas(in.get(MAX_REPLICAS))
                .maxPendingHandshakes(in.get(MAX_PENDING_HANDSHAKES))
                .heartbeatIntervalMs(in.get(HEARTBEAT_INTERVAL_MS))
                .keepAlive(KeepAlive.of(in))
                .connectTimeoutMs(in.get(CONNECT_TIMEOUT_MS))
                .writeTimeoutMs(in.get(WRITE_TIMEOUT_MS))
                .subscriberChannelCapacity(in.get(SUBSCRIBER_CHANNEL_CAPACITY))
                .subscriberQueueBytes(in.get(SUBSCRIBER_QUEUE_BYTES))
                .storeMaxBytes(in.get(STORE_MAX_BYTES))
                .tls(TlsProperties.read(in, configDir, TlsRole.PRIMARY));
        Function<String, PersistenceConfig> persistence = PersistenceProperties.of(in, dataDir);
        InstanceSettings<PrimaryConfig> instance = InstanceSettings.complete(
                in,
                PrimaryComponent.PID,
                List.of(
                        PrimaryProperties.ALL,
                        TlsProperties.PRIMARY,
                        PersistenceProperties.ALL,
                        KarafProperties.PRIMARY),
                builder::problems,
                builder::build);
        return new PrimarySettings(
                instance,
                store,
                store == StoreKind.EMBEDDED ? persistence.apply(instance.name()) : PersistenceConfig.none());
    }

    @Override
    public String name() {
        return instance.name();
    }

    StoreKind store() {
        return store;
    }

    boolean embedded() {
        return store == StoreKind.EMBEDDED;
    }

    PrimaryConfig config() {
        return instance.config();
    }

    /** Persistence of the embedded store (none for an external store, which the application keeps). */
    PersistenceConfig persistence() {
        return persistence;
    }

    @Override
    public String unknownKeys() {
        return instance.unknownKeys();
    }

    /** Why {@code next} needs a new instance (name, store, shard count), or null when it applies in place. */
    String restartReason(PrimarySettings next) {
        List<String> reasons = new ArrayList<>();
        for (String property : List.of(KarafProperties.NAME.name(), KarafProperties.STORE.name(), SHARD_COUNT.name())) {
            String before = instance.value(property);
            String after = next.instance.value(property);
            if (!Objects.equals(before, after)) {
                reasons.add(property + " " + before + " → " + after);
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        return String.join(", ", reasons)
                + (!embedded()
                        ? ""
                        : persistence.enabled()
                                ? " (the embedded store is saved and reloaded)"
                                : " (the embedded store starts empty)");
    }

    /** The changed properties for the log, e.g. {@code compression none → zstd}; a token's value is never shown. */
    String changes(PrimarySettings next) {
        return instance.changes(next.instance);
    }
}
