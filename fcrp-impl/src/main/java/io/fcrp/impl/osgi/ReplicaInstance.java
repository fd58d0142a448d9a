package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.events.EventSink;
import io.fcrp.impl.events.EventSinks;
import io.fcrp.impl.events.ReplicaEvents;
import io.fcrp.impl.persist.SnapshotSaver;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replica client with its services ({@link ReplicaClient}, {@link KeyValueView}); its
 * MBean outlives it ({@link ReplicaMBeanSlot}).
 */
final class ReplicaInstance implements InstanceLifecycle.Instance<ReplicaSettings> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaInstance.class);

    private volatile ReplicaSettings settings;
    private final ReplicaStore store;
    private final ReplicaClientImpl client;
    private final SnapshotSaver saver;
    private final EventSink events;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    private ReplicaInstance(
            ReplicaSettings settings,
            ReplicaStore store,
            ReplicaClientImpl client,
            SnapshotSaver saver,
            EventSink events) {
        this.settings = settings;
        this.store = store;
        this.client = client;
        this.saver = saver;
        this.events = events;
    }

    /**
     * Starts a client. With a {@code carried} store (of the previous instance) it keeps that data
     * readable: it catches up from the primary's backlog when it follows the same primary, and
     * otherwise replaces the data only once a complete bootstrap from the new primary arrived.
     * Without one, the store is loaded from the persistence file when there is one.
     *
     * @throws IOException when the persistence file is corrupt (and the operator did not say to
     *         start empty) or cannot be read
     */
    static ReplicaInstance start(
            BundleContext context,
            ReplicaSettings settings,
            ReplicaStore carried,
            InstanceControl control,
            ReplicaMBeanSlot mbean)
            throws IOException {
        String name = settings.name();
        ReplicaConfig config = settings.config();
        ReplicaStore store = carried != null
                ? inLayout(carried, config)
                : StoreFiles.loadReplica(
                        name,
                        config.localShards(),
                        new MemoryBudget(name, config.storeMaxBytes()),
                        settings.persistence());
        store.budget().limitBytes(config.storeMaxBytes());
        EventSink events = EventSinks.open(context, name, FcrpServices.ROLE_REPLICA);
        ReplicaClientImpl client = ReplicaClientImpl.createWith(name, config, store);
        mbean.follow(context, name, client);
        client.addEventListener(new ReplicaEvents(events, client.upstream()));
        client.start();
        ReplicaInstance instance = new ReplicaInstance(
                settings, store, client, StoreFiles.replicaSaver(name, store, settings.persistence()), events);
        Hashtable<String, Object> properties = ServiceProperties.of(name, FcrpServices.ROLE_REPLICA);
        properties.put(FcrpServices.UPSTREAM, client.upstream());
        instance.registrations.add(context.registerService(ReplicaClient.class, client, properties));
        instance.registrations.add(context.registerService(KeyValueView.class, client.store(), properties));
        instance.registrations.add(context.registerService(
                InstanceControl.class, control, ServiceProperties.of(name, FcrpServices.ROLE_REPLICA)));
        LOG.info("FCRP replica '{}' follows {}", name, client.upstream());
        return instance;
    }

    /** The carried store, copied into a new one when local.shards changed (the old one is closed). */
    private static ReplicaStore inLayout(ReplicaStore carried, ReplicaConfig config) {
        if (carried.localShards() == config.localShards()) {
            return carried;
        }
        try {
            return ReplicaStore.copyOf(
                    carried,
                    config.localShards(),
                    System::currentTimeMillis,
                    new MemoryBudget(carried.name(), config.storeMaxBytes()));
        } finally {
            carried.close();
        }
    }

    @Override
    public ReplicaSettings settings() {
        return settings;
    }

    /** Settings that differ only in TLS files: the client uses them for its next connections. */
    void useTls(ReplicaSettings next) {
        client.useTls(next.config().tls());
        settings = next;
    }

    /** False once stopped through JMX or the shell. */
    boolean isRunning() {
        return client.state() != ReplicaState.STOPPED;
    }

    /**
     * Stops replicating as the JMX {@code shutdown()} does: the data stays readable, services and
     * MBean stay.
     *
     * @return false when it was stopped already
     */
    boolean stopReplicating() {
        if (!isRunning()) {
            return false;
        }
        client.shutdown();
        LOG.info("FCRP replica '{}' stopped replicating on request; its data stays readable", settings.name());
        return true;
    }

    /** Unpublishes the services, then stops the client (socket and thread), saves and frees its store. */
    @Override
    public void close() {
        closeKeepingStore().close();
    }

    /**
     * Like {@link #close()}, but hands the store (data, watermarks and the primary they came
     * from) over for the next instance.
     */
    ReplicaStore closeKeepingStore() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
        registrations.clear();
        client.shutdown();
        events.close();
        saver.close();
        LOG.info("FCRP replica '{}' stopped", settings.name());
        return store;
    }
}
