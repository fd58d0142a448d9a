package io.fcrp.impl.osgi;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.impl.jmx.ReplicaClientMBeanImpl;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.MemoryBudget;
import io.fcrp.impl.store.ReplicaStore;

/** A running replica client with its services ({@link ReplicaClient}, {@link KeyValueView}) and MBean. */
final class ReplicaInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaInstance.class);

    private final ReplicaSettings settings;
    private final ReplicaStore store;
    private final ReplicaClientImpl client;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    private ReplicaInstance(ReplicaSettings settings, ReplicaStore store, ReplicaClientImpl client) {
        this.settings = settings;
        this.store = store;
        this.client = client;
    }

    /**
     * Starts a client; with a {@code carried} store (of a previous instance of the same name,
     * primary and shard count) it keeps that data and catches up from the primary's backlog.
     */
    static ReplicaInstance start(BundleContext context, ReplicaSettings settings, ReplicaStore carried) {
        String name = settings.name();
        ReplicaStore store = carried != null ? carried
                : new ReplicaStore(name, settings.config().localShards(), System::currentTimeMillis,
                        new MemoryBudget(name, settings.config().storeMaxBytes()));
        store.budget().limitBytes(settings.config().storeMaxBytes());
        ReplicaClientImpl client = ReplicaClientImpl.startWith(name, settings.config(), store);
        ReplicaInstance instance = new ReplicaInstance(settings, store, client);
        Hashtable<String, Object> properties = ServiceProperties.of(name, ServiceProperties.REPLICA);
        properties.put(ServiceProperties.UPSTREAM, client.upstream());
        instance.registrations.add(context.registerService(ReplicaClient.class, client, properties));
        instance.registrations.add(context.registerService(KeyValueView.class, client.store(), properties));
        Hashtable<String, Object> mbeanProperties = ServiceProperties.of(name, ServiceProperties.REPLICA);
        mbeanProperties.put(ServiceProperties.JMX_OBJECT_NAME, FcrpObjectNames.replicaClient(name).toString());
        instance.registrations.add(context.registerService(ReplicaClientMBean.class,
                new ReplicaClientMBeanImpl(name, client), mbeanProperties));
        LOG.info("FCRP replica '{}' follows {}", name, client.upstream());
        return instance;
    }

    ReplicaSettings settings() {
        return settings;
    }

    /** False once stopped through JMX. */
    boolean isRunning() {
        return client.state() != ReplicaState.STOPPED;
    }

    /** Unpublishes the services and MBean, then stops the client (socket and thread) and its store. */
    void close() {
        closeKeepingStore().close();
    }

    /** Like {@link #close()}, but hands the store (data and watermarks) over for the next instance. */
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
        LOG.info("FCRP replica '{}' stopped", settings.name());
        return store;
    }
}
