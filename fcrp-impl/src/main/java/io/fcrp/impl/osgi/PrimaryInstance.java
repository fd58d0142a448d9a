package io.fcrp.impl.osgi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.StoreMemory;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.impl.jmx.PrimaryControl;
import io.fcrp.impl.jmx.ReplicationPrimaryMBeanImpl;
import io.fcrp.impl.jmx.SnapshotProviderMBeanImpl;
import io.fcrp.impl.net.HostPort;
import io.fcrp.impl.persist.StoreFiles;
import io.fcrp.impl.primary.Batcher;
import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.ReplicationServerImpl;
import io.fcrp.impl.store.EmbeddedStore;

/**
 * A running primary instance in the service registry.
 *
 * <p>With an embedded store it creates the batcher and the store (wired as
 * {@link io.fcrp.impl.primary.PrimaryNode} wires them) and publishes them as
 * {@link ReplicationPrimary}, {@link SnapshotProvider} and {@link KeyValueStore} services. Either
 * way the TCP server is fed by the {@link ReplicationPrimary} and {@link SnapshotProvider} services
 * that carry this instance's name: it starts when both are there and stops when one goes.
 *
 * <p>Every state change happens under this object's monitor; tracker callbacks take it too.
 */
final class PrimaryInstance implements PrimaryControl {

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryInstance.class);

    private final BundleContext context;
    private final String name;
    private volatile PrimarySettings settings;

    /** The embedded store and its batcher, or null when the store is the application's. */
    private volatile EmbeddedPrimary embedded;
    private final List<ServiceRegistration<?>> storeRegistrations = new ArrayList<>();

    private final InstanceTracker<ReplicationPrimary> primaries;
    private final InstanceTracker<SnapshotProvider> snapshots;
    private volatile Batcher servedPrimary;
    private SnapshotProvider servedSnapshots;
    private volatile ReplicationServerImpl server;
    private ServiceRegistration<ReplicationServer> serverRegistration;
    /** Set by {@link #stopServing()}, cleared by the next configuration update. */
    private boolean stoppedByOperator;
    /** Set when the bind address could not be bound, cleared by the next configuration update. */
    private boolean bindFailed;

    private final ReplicationPrimaryMBeanImpl mbean;
    private ServiceRegistration<ReplicationPrimaryMBean> mbeanRegistration;
    private SnapshotProvider snapshotMBeanSource;
    private ServiceRegistration<SnapshotProviderMBean> snapshotMBeanRegistration;
    private boolean closed;

    private PrimaryInstance(BundleContext context, PrimarySettings settings) {
        this.context = context;
        this.name = settings.name();
        this.settings = settings;
        this.mbean = new ReplicationPrimaryMBeanImpl(this);
        this.primaries = new InstanceTracker<>(context, ReplicationPrimary.class, name, this::reconcile);
        this.snapshots = new InstanceTracker<>(context, SnapshotProvider.class, name, this::reconcile);
    }

    /**
     * Publishes the store (when embedded, loaded from its persistence file) and the MBean, then
     * serves as soon as both services are there.
     *
     * @throws IOException when the persistence file is corrupt (and the operator did not say to
     *         start empty) or cannot be read; nothing was started
     */
    static PrimaryInstance start(BundleContext context, PrimarySettings settings) throws IOException {
        PrimaryInstance instance = new PrimaryInstance(context, settings);
        synchronized (instance) {
            if (settings.embedded()) {
                instance.startEmbeddedStore();
            }
            instance.mbeanRegistration = context.registerService(ReplicationPrimaryMBean.class, instance.mbean,
                    instance.mbeanProperties(FcrpObjectNames.replicationPrimary(instance.name).toString()));
            instance.primaries.open();
            instance.snapshots.open();
            if (instance.server == null && !instance.bindFailed) {
                LOG.info("FCRP primary '{}' waits for the ReplicationPrimary and SnapshotProvider services with {}={}",
                        instance.name, ServiceProperties.INSTANCE, instance.name);
            }
        }
        return instance;
    }

    PrimarySettings settings() {
        return settings;
    }

    /**
     * Applies settings with the same name, store mode and shard count: a moved bind address opens
     * the new port before closing the old one (an unbindable address leaves the old one serving
     * and rejects the whole update); everything else changes in place.
     */
    synchronized void reconfigure(PrimarySettings next) {
        if (closed) {
            return;
        }
        String changes = settings.changes(next);
        PrimaryConfig config = next.config();
        ReplicationServerImpl current = server;
        if (current != null && !config.bindAddress().equals(settings.config().bindAddress())) {
            ReplicationServerImpl moved;
            try {
                moved = ReplicationServerImpl.start(name, config, servedPrimary, servedSnapshots);
            } catch (IOException | RuntimeException e) {
                LOG.error("FCRP primary '{}': configuration rejected: {}; it keeps serving on {} with its previous "
                        + "settings", name, e.getMessage(), HostPort.of(current.localAddress()));
                return;
            }
            moved.addSessionListener(mbean);
            ServiceRegistration<ReplicationServer> oldRegistration = serverRegistration;
            server = moved;
            serverRegistration = registerServer(moved);
            unregister(oldRegistration);
            current.shutdown();
            current.removeSessionListener(mbean);
        } else if (current != null) {
            current.reconfigure(config);
        }
        if (embedded != null) {
            embedded.batcher().reconfigure(config);
            embedded.store().budget().limitBytes(config.storeMaxBytes());
            if (!next.persistence().equals(settings.persistence())) {
                StoreFiles.savePrimary(name, embedded, next.persistence());
            }
        }
        settings = next;
        LOG.info("FCRP primary '{}' reconfigured in place: {}", name, changes.isEmpty() ? "no change" : changes);
        if (stoppedByOperator || bindFailed) {
            stoppedByOperator = false;
            bindFailed = false;
            reconcile();
        }
    }

    /** Stops serving and unpublishes everything; the embedded store's threads end. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        primaries.close();
        snapshots.close();
        stopServer();
        unregister(snapshotMBeanRegistration);
        snapshotMBeanRegistration = null;
        unregister(mbeanRegistration);
        mbeanRegistration = null;
        storeRegistrations.forEach(PrimaryInstance::unregister);
        storeRegistrations.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
        LOG.info("FCRP primary '{}' stopped", name);
    }

    // PrimaryControl, for the MBean

    @Override
    public String name() {
        return name;
    }

    @Override
    public String storeMode() {
        return settings.storeMode();
    }

    @Override
    public String bindAddress() {
        return settings.config().bindAddress().toString();
    }

    @Override
    public ReplicationPrimary primary() {
        ReplicationPrimary served = servedPrimary;
        return served != null ? served : primaries.best();
    }

    @Override
    public StoreMemory storeMemory() {
        EmbeddedPrimary current = embedded;
        return current == null ? null : current.store().memory();
    }

    @Override
    public ReplicationServer server() {
        return server;
    }

    @Override
    public synchronized void stopServing() {
        if (closed || server == null) {
            return;
        }
        stoppedByOperator = true;
        try {
            servedPrimary.flush();
        } catch (RuntimeException e) {
            LOG.warn("FCRP primary '{}': publishing pending batches before stopping failed: {}", name, e.getMessage());
        }
        stopServer();
        LOG.info("FCRP primary '{}' stopped serving on request; it serves again when its configuration is updated",
                name);
    }

    private void startEmbeddedStore() throws IOException {
        embedded = StoreFiles.openPrimary(name, settings.config(), settings.persistence());
        Batcher batcher = embedded.batcher();
        EmbeddedStore store = embedded.store();
        Hashtable<String, Object> properties = ServiceProperties.of(name, ServiceProperties.PRIMARY);
        storeRegistrations.add(context.registerService(
                new String[] {KeyValueStore.class.getName(), KeyValueView.class.getName()}, store, properties));
        storeRegistrations.add(context.registerService(SnapshotProvider.class, store, properties));
        storeRegistrations.add(context.registerService(ReplicationPrimary.class, batcher, properties));
    }

    /** Brings the server and the snapshot MBean in line with the tracked services. */
    private synchronized void reconcile() {
        if (closed) {
            return;
        }
        Batcher primary = batcherOf(primaries.best());
        SnapshotProvider provider = snapshots.best();
        if (provider != snapshotMBeanSource) {
            unregister(snapshotMBeanRegistration);
            snapshotMBeanRegistration = provider == null ? null : context.registerService(SnapshotProviderMBean.class,
                    new SnapshotProviderMBeanImpl(name, provider),
                    mbeanProperties(FcrpObjectNames.snapshotProvider(name).toString()));
            snapshotMBeanSource = provider;
        }
        boolean wanted = primary != null && provider != null && !stoppedByOperator;
        if (server != null && (!wanted || primary != servedPrimary || provider != servedSnapshots)) {
            stopServer();
        }
        if (wanted && server == null && !bindFailed) {
            startServer(primary, provider);
        }
    }

    /**
     * The server reads the stream from the batcher's off-heap backlog, so it serves FCRP's own
     * {@code ReplicationPrimary} (the one an embedded primary publishes) and no other kind.
     */
    private Batcher batcherOf(ReplicationPrimary primary) {
        if (primary == null || primary instanceof Batcher) {
            return (Batcher) primary;
        }
        LOG.error("FCRP primary '{}' cannot serve the ReplicationPrimary service {}: only the one an FCRP primary "
                + "publishes can be served", name, primary.getClass().getName());
        return null;
    }

    private void startServer(Batcher primary, SnapshotProvider provider) {
        ReplicationServerImpl started;
        try {
            started = ReplicationServerImpl.start(name, settings.config(), primary, provider);
        } catch (IOException | RuntimeException e) {
            bindFailed = true;
            LOG.error("FCRP primary '{}' cannot serve: {}; fix bind.addr in its configuration", name,
                    e.getMessage());
            return;
        }
        started.addSessionListener(mbean);
        servedPrimary = primary;
        servedSnapshots = provider;
        server = started;
        serverRegistration = registerServer(started);
    }

    private void stopServer() {
        ReplicationServerImpl running = server;
        if (running == null) {
            return;
        }
        unregister(serverRegistration);
        serverRegistration = null;
        running.shutdown();
        running.removeSessionListener(mbean);
        server = null;
        servedPrimary = null;
        servedSnapshots = null;
    }

    private ServiceRegistration<ReplicationServer> registerServer(ReplicationServerImpl running) {
        Hashtable<String, Object> properties = ServiceProperties.of(name, ServiceProperties.PRIMARY);
        properties.put(ServiceProperties.LISTEN_ADDRESS, HostPort.of(running.localAddress()).toString());
        return context.registerService(ReplicationServer.class, running, properties);
    }

    private Dictionary<String, Object> mbeanProperties(String objectName) {
        Hashtable<String, Object> properties = ServiceProperties.of(name, ServiceProperties.PRIMARY);
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
