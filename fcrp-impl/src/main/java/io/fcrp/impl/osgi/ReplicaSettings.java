package io.fcrp.impl.osgi;

import static io.fcrp.impl.replica.ReplicaProperties.CONNECT_TIMEOUT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.GAP_WAIT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.IDLE_TIMEOUT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.LOCAL_SHARDS;
import static io.fcrp.impl.replica.ReplicaProperties.MAX_FRAME_BYTES;
import static io.fcrp.impl.replica.ReplicaProperties.RECONNECT_BACKOFF_MAX_MS;
import static io.fcrp.impl.replica.ReplicaProperties.RECONNECT_BACKOFF_MS;
import static io.fcrp.impl.replica.ReplicaProperties.REPLICA_OF;
import static io.fcrp.impl.replica.ReplicaProperties.STORE_MAX_BYTES;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.persist.PersistenceConfig;
import io.fcrp.impl.persist.PersistenceProperties;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.replica.ReplicaProperties;
import io.fcrp.impl.settings.PropertyValues;
import io.fcrp.impl.tls.TlsProperties;
import io.fcrp.impl.tls.TlsRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A validated replica configuration: instance name and the engine's {@link ReplicaConfig}. */
final class ReplicaSettings implements InstanceLifecycle.Settings {

    private final InstanceSettings<ReplicaConfig> instance;
    private final PersistenceConfig persistence;

    private ReplicaSettings(InstanceSettings<ReplicaConfig> instance, PersistenceConfig persistence) {
        this.instance = instance;
        this.persistence = persistence;
    }

    /** As {@link #from(Map, Path, Path)} outside Karaf: without a default data directory. */
    static ReplicaSettings from(Map<String, ?> properties, Path configDir) {
        return from(properties, configDir, null);
    }

    /**
     * @param configDir where a relative {@code auth.token.file} or TLS file is, or null for the working directory
     * @param dataDir where instances keep their persistence files by default, or null for none
     * @throws InvalidConfigurationException naming every invalid property
     */
    static ReplicaSettings from(Map<String, ?> properties, Path configDir, Path dataDir) {
        PropertyValues in = new PropertyValues(properties);
        ReplicaConfig.Builder builder = ReplicaConfig.builder()
                .upstream(in.get(REPLICA_OF))
                .authToken(AuthTokens.read(in, ReplicaProperties.AUTH_TOKEN, configDir))
                .connectTimeoutMs(in.get(CONNECT_TIMEOUT_MS))
                .reconnectBackoffMs(in.get(RECONNECT_BACKOFF_MS))
                .reconnectBackoffMaxMs(in.get(RECONNECT_BACKOFF_MAX_MS))
                .maxFrameBytes(in.get(MAX_FRAME_BYTES))
                .localShards(in.get(LOCAL_SHARDS))
                .idleTimeoutMs(in.get(IDLE_TIMEOUT_MS))
                .gapWaitMs(in.get(GAP_WAIT_MS))
                .storeMaxBytes(in.get(STORE_MAX_BYTES))
                .keepAlive(KeepAlive.of(in))
                .tls(TlsProperties.read(in, configDir, TlsRole.REPLICA));
        Function<String, PersistenceConfig> persistence = PersistenceProperties.of(in, dataDir);
        InstanceSettings<ReplicaConfig> instance = InstanceSettings.complete(
                in,
                ReplicaComponent.PID,
                List.of(
                        ReplicaProperties.ALL,
                        TlsProperties.REPLICA,
                        PersistenceProperties.ALL,
                        KarafProperties.REPLICA),
                builder::problems,
                builder::build);
        return new ReplicaSettings(instance, persistence.apply(instance.name()));
    }

    @Override
    public String name() {
        return instance.name();
    }

    ReplicaConfig config() {
        return instance.config();
    }

    PersistenceConfig persistence() {
        return persistence;
    }

    @Override
    public String unknownKeys() {
        return instance.unknownKeys();
    }

    /** The changed properties for the log; a token's value is never shown; empty when none. */
    String changes(ReplicaSettings next) {
        return instance.changes(next.instance);
    }

    /**
     * True when {@code next} differs in TLS files (key, certificate, trust, pins, or their
     * content) only: the running client takes them for its next connections and keeps its own.
     */
    boolean changesOnlyTlsMaterial(ReplicaSettings next) {
        Set<String> changed = instance.changedProperties(next.instance);
        return !changed.isEmpty() && changed.stream().allMatch(TlsProperties::isMaterial);
    }
}
