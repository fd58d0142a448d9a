package io.fcrp.impl.osgi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.fcrp.impl.net.HostPort;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.SendPolicy;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.ZstdCodec;

/** A validated primary configuration: instance name, store mode and the engine's {@link PrimaryConfig}. */
final class PrimarySettings {

    static final String EMBEDDED = "embedded";
    static final String EXTERNAL = "external";
    static final String AUTH_TOKEN = "auth.token";

    private static final String WHOLE = "a whole number";

    private final String name;
    private final String storeMode;
    private final PrimaryConfig config;
    private final PersistenceConfig persistence;
    private final Map<String, String> values;

    private PrimarySettings(String name, String storeMode, PrimaryConfig config, PersistenceConfig persistence,
            Map<String, String> values) {
        this.name = name;
        this.storeMode = storeMode;
        this.config = config;
        this.persistence = persistence;
        this.values = values;
    }

    /** @throws InvalidConfigurationException naming the first invalid property */
    static PrimarySettings from(PrimaryComponent.Config c, Map<String, ?> properties) {
        SettingReader in = new SettingReader(properties);
        String name = in.read("name", "text", c::name, configured -> InstanceNames.resolve(configured, properties,
                PrimaryComponent.PID));
        String store = in.read("store", "embedded or external", c::store, PrimarySettings::storeMode);
        PrimaryConfig.Builder builder = PrimaryConfig.builder();
        builder.bindAddress(in.read("bind.addr", "host:port", c::bind_addr, HostPort::parse));
        if (EMBEDDED.equals(store)) {
            builder.shardCount(in.read("shard.count", WHOLE, c::shard_count, KeyHash::requireShardCount));
        }
        String token = in.read(AUTH_TOKEN, "text", c::auth_token);
        builder.authToken(token);
        Compression compression = in.read("compression", "none or zstd", c::compression, Compression::parse);
        builder.compression(compression);
        builder.zstdLevel(in.read("zstd.level", WHOLE, c::zstd_level, level -> {
            if (compression == Compression.ZSTD) {
                ZstdCodec.checkLevel(level);
            }
            return level;
        }));
        builder.sendPolicy(in.read("send.policy", "immediate or batch", c::send_policy, SendPolicy::parse));
        builder.batchMaxRecords(in.read("batch.max.records", WHOLE, c::batch_max_records));
        builder.batchMaxBytes(in.read("batch.max.bytes", WHOLE, c::batch_max_bytes));
        builder.batchMaxDelayMicros(in.read("batch.max.delay.us", WHOLE, c::batch_max_delay_us));
        builder.backlogBytes(in.read("backlog.bytes", WHOLE, c::backlog_bytes));
        builder.snapshotChunkBytes(in.read("snapshot.chunk.bytes", WHOLE, c::snapshot_chunk_bytes));
        builder.maxReplicas(in.read("max.replicas", WHOLE, c::max_replicas));
        builder.connectTimeoutMs(in.read("connect.timeout.ms", WHOLE, c::connect_timeout_ms));
        builder.writeTimeoutMs(in.read("write.timeout.ms", WHOLE, c::write_timeout_ms));
        builder.subscriberChannelCapacity(in.read("subscriber.channel.capacity", WHOLE,
                c::subscriber_channel_capacity));
        builder.subscriberQueueBytes(in.read("subscriber.queue.bytes", WHOLE, c::subscriber_queue_bytes));
        builder.storeMaxBytes(in.read("store.max.bytes", WHOLE, c::store_max_bytes));
        PersistenceConfig persistence = PersistenceSettings.read(in, name, c::persistence, c::persistence_dir,
                c::persistence_interval_s, c::persistence_on_corrupt);
        PrimaryConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        return new PrimarySettings(name, store, config, persistence,
                Collections.unmodifiableMap(withoutNulls(in.values())));
    }

    private static String storeMode(String text) {
        String mode = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!EMBEDDED.equals(mode) && !EXTERNAL.equals(mode)) {
            throw new IllegalArgumentException("store must be embedded or external, not '" + text + "'");
        }
        return mode;
    }

    private static Map<String, String> withoutNulls(Map<String, String> values) {
        values.values().removeIf(Objects::isNull);
        return values;
    }

    String name() {
        return name;
    }

    String storeMode() {
        return storeMode;
    }

    boolean embedded() {
        return EMBEDDED.equals(storeMode);
    }

    PrimaryConfig config() {
        return config;
    }

    /** Persistence of the embedded store (none for an external store, which the application keeps). */
    PersistenceConfig persistence() {
        return persistence;
    }

    /** Why {@code next} needs a new instance (name, store, shard count), or null when it applies in place. */
    String restartReason(PrimarySettings next) {
        List<String> reasons = new ArrayList<>();
        for (String property : List.of("name", "store", "shard.count")) {
            if (!Objects.equals(value(property), next.value(property))) {
                reasons.add(property + " " + value(property) + " → " + next.value(property));
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        return String.join(", ", reasons) + (!embedded() ? ""
                : persistence.enabled() ? " (the embedded store is saved and reloaded)"
                        : " (the embedded store starts empty)");
    }

    /** The changed properties for the log, e.g. {@code compression none → zstd}; the token's value is never shown. */
    String changes(PrimarySettings next) {
        return Changes.describe(values, next.values, AUTH_TOKEN);
    }

    private String value(String property) {
        if ("name".equals(property)) {
            return name;
        }
        return values.get(property);
    }
}
