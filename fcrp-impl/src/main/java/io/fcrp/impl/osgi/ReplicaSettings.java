package io.fcrp.impl.osgi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import io.fcrp.impl.net.HostPort;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.replica.ReplicaConfig;

/** A validated replica configuration: instance name and the engine's {@link ReplicaConfig}. */
final class ReplicaSettings {

    private static final String WHOLE = "a whole number";

    private final String name;
    private final ReplicaConfig config;
    private final PersistenceConfig persistence;
    private final Map<String, String> values;

    private ReplicaSettings(String name, ReplicaConfig config, PersistenceConfig persistence,
            Map<String, String> values) {
        this.name = name;
        this.config = config;
        this.persistence = persistence;
        this.values = values;
    }

    /** @throws InvalidConfigurationException naming the first invalid property */
    static ReplicaSettings from(ReplicaComponent.Config c, Map<String, ?> properties) {
        SettingReader in = new SettingReader(properties);
        String name = in.read("name", "text", c::name, configured -> InstanceNames.resolve(configured, properties,
                ReplicaComponent.PID));
        ReplicaConfig.Builder builder = ReplicaConfig.builder();
        builder.upstream(in.read("replica.of", "host:port", c::replica_of, ReplicaSettings::upstream));
        builder.authToken(in.read(PrimarySettings.AUTH_TOKEN, "text", c::auth_token));
        builder.connectTimeoutMs(in.read("connect.timeout.ms", WHOLE, c::connect_timeout_ms));
        builder.reconnectBackoffMs(in.read("reconnect.backoff.ms", WHOLE, c::reconnect_backoff_ms));
        builder.reconnectBackoffMaxMs(in.read("reconnect.backoff.max.ms", WHOLE, c::reconnect_backoff_max_ms));
        builder.maxFrameBytes(in.read("max.frame.bytes", WHOLE, c::max_frame_bytes));
        builder.localShards(in.read("local.shards", WHOLE, c::local_shards, KeyHash::requireShardCount));
        builder.idleTimeoutMs(in.read("idle.timeout.ms", WHOLE, c::idle_timeout_ms));
        builder.gapWaitMs(in.read("gap.wait.ms", WHOLE, c::gap_wait_ms));
        builder.storeMaxBytes(in.read("store.max.bytes", WHOLE, c::store_max_bytes));
        PersistenceConfig persistence = PersistenceSettings.read(in, name, c::persistence, c::persistence_dir,
                c::persistence_interval_s, c::persistence_on_corrupt);
        ReplicaConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
        Map<String, String> values = in.values();
        values.values().removeIf(Objects::isNull);
        values.put("name", name);
        return new ReplicaSettings(name, config, persistence, Collections.unmodifiableMap(values));
    }

    private static HostPort upstream(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("replica.of is required: the host:port of the primary to follow");
        }
        return HostPort.parse(text);
    }

    String name() {
        return name;
    }

    ReplicaConfig config() {
        return config;
    }

    PersistenceConfig persistence() {
        return persistence;
    }

    /** The changed properties for the log; the token's value is never shown; empty when none. */
    String changes(ReplicaSettings next) {
        return Changes.describe(values, next.values, PrimarySettings.AUTH_TOKEN);
    }
}
