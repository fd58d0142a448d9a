package io.fcrp.impl.osgi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.fcrp.impl.net.HostPort;
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
    private final Map<String, String> values;

    private PrimarySettings(String name, String storeMode, PrimaryConfig config, Map<String, String> values) {
        this.name = name;
        this.storeMode = storeMode;
        this.config = config;
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
        builder.maxPendingHandshakes(in.read("max.pending.handshakes", WHOLE, c::max_pending_handshakes));
        builder.heartbeatIntervalMs(in.read("heartbeat.interval.ms", WHOLE, c::heartbeat_interval_ms));
        builder.keepAlive(KeepAliveSettings.read(in, c::tcp_keepalive_idle_s, c::tcp_keepalive_interval_s,
                c::tcp_keepalive_count));
        builder.connectTimeoutMs(in.read("connect.timeout.ms", WHOLE, c::connect_timeout_ms));
        builder.writeTimeoutMs(in.read("write.timeout.ms", WHOLE, c::write_timeout_ms));
        builder.subscriberChannelCapacity(in.read("subscriber.channel.capacity", WHOLE,
                c::subscriber_channel_capacity));
        builder.subscriberQueueBytes(in.read("subscriber.queue.bytes", WHOLE, c::subscriber_queue_bytes));
        builder.storeMaxBytes(in.read("store.max.bytes", WHOLE, c::store_max_bytes));
        PrimaryConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        return new PrimarySettings(name, store, config, Collections.unmodifiableMap(withoutNulls(in.values())));
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
        return String.join(", ", reasons) + (embedded() ? " (the embedded store starts empty)" : "");
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
