package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.events.EventSink;
import io.fcrp.impl.events.EventSinks;
import io.fcrp.impl.events.PrimaryEvents;
import io.fcrp.impl.jmx.ReplicationPrimaryMBeanImpl;
import io.fcrp.impl.jmx.SnapshotProviderMBeanImpl;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.Batcher;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.primary.ReplicationServerImpl;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.store.EmbeddedStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running primary instance in the service registry: glue between a {@link PrimaryNode} (the
 * engine: store, server, moves) and OSGi services.
 *
 * <p>With an embedded store it publishes the node's store and batcher as {@link KeyValueStore},
 * {@link SnapshotProvider} and {@link ReplicationPrimary} services. Either way the node serves the
 * {@link ReplicationPrimary} and {@link SnapshotProvider} services that carry this instance's name:
 * it starts when both are there and stops when one goes. It is the instance's
 * {@link PrimaryControl} service, which its MBean adapts.
 *
 * <p>Every state change happens under this object's monitor; tracker callbacks take it too.
 */
final class PrimaryInstance implements PrimaryControl, InstanceLifecycle.Instance<PrimarySettings> {

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryInstance.class);

    private final BundleContext context;
    private final String name;
    private volatile PrimarySettings settings;
    private final PrimaryNode node;
    private final List<ServiceRegistration<?>> storeRegistrations = new ArrayList<>();
    private ServiceRegistration<InstanceControl> controlRegistration;
    private ServiceRegistration<PrimaryControl> primaryRegistration;

    private final InstanceTracker<ReplicationPrimary> primaries;
    private final InstanceTracker<SnapshotProvider> snapshots;
    private ReplicationServerImpl publishedServer;
    private ServiceRegistration<ReplicationServer> serverRegistration;
    /** Set by {@link #stopServing()}, cleared by the next configuration update. */
    private boolean stoppedByOperator;
    /** Why the bind address could not be bound; null when it could. Cleared by the next configuration update. */
    private String bindFailure;

    private final ReplicationPrimaryMBeanImpl mbean;
    private final EventSink events;
    private ServiceRegistration<ReplicationPrimaryMBean> mbeanRegistration;
    private SnapshotProvider snapshotMBeanSource;
    private SnapshotProviderMBeanImpl snapshotMBean;
    private ServiceRegistration<SnapshotProviderMBean> snapshotMBeanRegistration;
    private boolean closed;

    private PrimaryInstance(BundleContext context, PrimarySettings settings, PrimaryNode node) {
        this.context = context;
        this.name = settings.name();
        this.settings = settings;
        this.node = node;
        this.mbean = new ReplicationPrimaryMBeanImpl(name, this);
        node.addSessionListener(mbean);
        this.events = EventSinks.open(context, name, FcrpServices.ROLE_PRIMARY);
        node.addSessionListener(new PrimaryEvents(events));
        this.primaries = new InstanceTracker<>(context, ReplicationPrimary.class, name, this::reconcile);
        this.snapshots = new InstanceTracker<>(context, SnapshotProvider.class, name, this::reconcile);
    }

    /**
     * Publishes the store (when embedded, loaded from its persistence file), the
     * {@link PrimaryControl} and the MBean, then serves as soon as both services are there.
     *
     * @throws IOException when the persistence file is corrupt (and the operator did not say to
     *         start empty) or cannot be read; nothing was started
     */
    static PrimaryInstance start(BundleContext context, PrimarySettings settings, InstanceControl control)
            throws IOException {
        PrimaryNode node = settings.embedded()
                ? PrimaryNode.withEmbeddedStore(
                        settings.name(),
                        settings.config(),
                        StoreFiles.openPrimary(settings.name(), settings.config(), settings.persistence()))
                : PrimaryNode.withoutStore(settings.name(), settings.config());
        PrimaryInstance instance = new PrimaryInstance(context, settings, node);
        synchronized (instance) {
            if (settings.embedded()) {
                instance.publishStore();
            }
            instance.primaryRegistration = context.registerService(
                    PrimaryControl.class, instance, ServiceProperties.of(instance.name, FcrpServices.ROLE_PRIMARY));
            instance.mbeanRegistration = context.registerService(
                    ReplicationPrimaryMBean.class,
                    instance.mbean,
                    instance.mbeanProperties(
                            FcrpObjectNames.replicationPrimary(instance.name).toString()));
            instance.controlRegistration = context.registerService(
                    InstanceControl.class, control, ServiceProperties.of(instance.name, FcrpServices.ROLE_PRIMARY));
            instance.primaries.open();
            instance.snapshots.open();
            if (instance.node.server() == null && instance.bindFailure == null) {
                LOG.info(
                        "FCRP primary '{}' waits for the ReplicationPrimary and SnapshotProvider services with {}={}",
                        instance.name,
                        FcrpServices.INSTANCE,
                        instance.name);
            }
        }
        return instance;
    }

    @Override
    public PrimarySettings settings() {
        return settings;
    }

    /**
     * Applies settings with the same name, store mode and shard count through the node: an
     * address that cannot be bound rejects the whole update and the old port keeps serving.
     *
     * @return why the update was rejected, or null when it was applied
     */
    synchronized String reconfigure(PrimarySettings next) {
        if (closed) {
            return null;
        }
        try {
            node.reconfigure(next.config());
        } catch (IOException e) {
            ReplicationServerImpl running = node.server();
            LOG.error(
                    "FCRP primary '{}': configuration rejected: {}; it keeps serving on {} with its previous "
                            + "settings",
                    name,
                    e.getMessage(),
                    HostPort.of(running.localAddress()));
            return e.getMessage();
        }
        publishServer();
        String changes = settings.changes(next);
        if (node.embedded() != null && !next.persistence().equals(settings.persistence())) {
            StoreFiles.savePrimary(name, node.embedded(), next.persistence());
        }
        settings = next;
        LOG.info("FCRP primary '{}' reconfigured in place: {}", name, changes.isEmpty() ? "no change" : changes);
        if (stoppedByOperator || bindFailure != null) {
            stoppedByOperator = false;
            bindFailure = null;
            reconcile();
        }
        return null;
    }

    /** Stops serving and unpublishes everything; the embedded store's threads end. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        unregister(controlRegistration);
        controlRegistration = null;
        primaries.close();
        snapshots.close();
        node.stopServing();
        publishServer();
        unregister(snapshotMBeanRegistration);
        snapshotMBeanRegistration = null;
        unregister(mbeanRegistration);
        mbeanRegistration = null;
        unregister(primaryRegistration);
        primaryRegistration = null;
        storeRegistrations.forEach(PrimaryInstance::unregister);
        storeRegistrations.clear();
        node.close();
        events.close();
        LOG.info("FCRP primary '{}' stopped", name);
    }

    // PrimaryControl

    /** While it does not serve, the stream it would serve is read: the highest ranked one with its name. */
    @Override
    public PrimaryStatus status() {
        return node.status(primaries.best());
    }

    /** Serves again on {@link #serve()} or the next configuration update. */
    @Override
    public synchronized boolean stopServing() {
        if (closed || node.server() == null) {
            return false;
        }
        stoppedByOperator = true;
        try {
            node.drainAndStopServing();
        } catch (RuntimeException e) {
            LOG.warn("FCRP primary '{}': publishing pending batches before stopping failed: {}", name, e.getMessage());
            node.stopServing();
        }
        publishServer();
        LOG.info(
                "FCRP primary '{}' stopped serving on request; it serves again when started or its configuration "
                        + "is updated",
                name);
        return true;
    }

    @Override
    public synchronized boolean serve() {
        if (closed || node.server() != null) {
            return false;
        }
        stoppedByOperator = false;
        bindFailure = null;
        reconcile();
        if (node.server() != null) {
            LOG.info("FCRP primary '{}' serves again on request", name);
            return true;
        }
        throw new IllegalStateException(
                bindFailure != null
                        ? "it cannot serve: " + bindFailure
                        : "it waits for the ReplicationPrimary and SnapshotProvider services with "
                                + FcrpServices.INSTANCE + "=" + name);
    }

    @Override
    public boolean disconnect(long sessionId) {
        ReplicationServer server = node.server();
        return server != null && server.disconnect(sessionId);
    }

    private void publishStore() {
        EmbeddedStore store = node.store();
        Hashtable<String, Object> properties = ServiceProperties.of(name, FcrpServices.ROLE_PRIMARY);
        storeRegistrations.add(context.registerService(
                new String[] {KeyValueStore.class.getName(), KeyValueView.class.getName()}, store, properties));
        storeRegistrations.add(context.registerService(SnapshotProvider.class, store, properties));
        storeRegistrations.add(context.registerService(ReplicationPrimary.class, node.batcher(), properties));
    }

    /** Brings the served services and the snapshot MBean in line with the tracked services. */
    private synchronized void reconcile() {
        if (closed) {
            return;
        }
        Batcher primary = batcherOf(primaries.best());
        SnapshotProvider provider = snapshots.best();
        if (provider != snapshotMBeanSource) {
            replaceSnapshotMBean(provider);
        }
        if (primary == null || provider == null || stoppedByOperator) {
            node.stopServing();
        } else if (bindFailure == null) {
            try {
                node.serve(primary, provider);
            } catch (IOException | RuntimeException e) {
                bindFailure = String.valueOf(e.getMessage() != null ? e.getMessage() : e);
                LOG.error(
                        "FCRP primary '{}' cannot serve: {}; fix bind.addr in its configuration", name, e.getMessage());
            }
        }
        publishServer();
    }

    /** Publishes the MBean of {@code provider} (none when null) in place of the current one; it hears of the snapshots sent. */
    private void replaceSnapshotMBean(SnapshotProvider provider) {
        unregister(snapshotMBeanRegistration);
        if (snapshotMBean != null) {
            node.removeSessionListener(snapshotMBean);
        }
        snapshotMBean = provider == null ? null : new SnapshotProviderMBeanImpl(name, provider);
        snapshotMBeanRegistration = null;
        if (snapshotMBean != null) {
            node.addSessionListener(snapshotMBean);
            snapshotMBeanRegistration = context.registerService(
                    SnapshotProviderMBean.class,
                    snapshotMBean,
                    mbeanProperties(FcrpObjectNames.snapshotProvider(name).toString()));
        }
        snapshotMBeanSource = provider;
    }

    /**
     * The server reads the stream from the batcher's off-heap backlog, so it serves FCRP's own
     * {@code ReplicationPrimary} (the one an embedded primary publishes) and no other kind.
     */
    private Batcher batcherOf(ReplicationPrimary primary) {
        if (primary == null || primary instanceof Batcher) {
            return (Batcher) primary;
        }
        LOG.error(
                "FCRP primary '{}' cannot serve the ReplicationPrimary service {}: only the one an FCRP primary "
                        + "publishes can be served",
                name,
                primary.getClass().getName());
        return null;
    }

    /** Publishes the node's server as a {@link ReplicationServer} service: the new one first, then the old one goes. */
    private void publishServer() {
        ReplicationServerImpl running = node.server();
        if (running == publishedServer) {
            return;
        }
        ServiceRegistration<ReplicationServer> old = serverRegistration;
        serverRegistration = running == null ? null : registerServer(running);
        publishedServer = running;
        unregister(old);
    }

    private ServiceRegistration<ReplicationServer> registerServer(ReplicationServerImpl running) {
        Hashtable<String, Object> properties = ServiceProperties.of(name, FcrpServices.ROLE_PRIMARY);
        properties.put(
                FcrpServices.LISTEN_ADDRESS, HostPort.of(running.localAddress()).toString());
        return context.registerService(ReplicationServer.class, running, properties);
    }

    private Dictionary<String, Object> mbeanProperties(String objectName) {
        Hashtable<String, Object> properties = ServiceProperties.of(name, FcrpServices.ROLE_PRIMARY);
        properties.put(ServiceProperties.JMX_OBJECT_NAME, objectName);
        return properties;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}
