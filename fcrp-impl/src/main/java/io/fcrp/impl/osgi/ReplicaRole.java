package io.fcrp.impl.osgi;

import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.osgi.InstanceLifecycle.Change;
import io.fcrp.impl.store.ReplicaStore;
import java.io.IOException;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's part of its {@link InstanceLifecycle}: every change restarts it, the new client
 * taking over the old one's store ({@link #retire} keeps it for the next {@link #start}) and its
 * MBean ({@link ReplicaMBeanSlot}); new TLS files alone apply in place. Starting a stopped replica
 * is such a restart.
 */
final class ReplicaRole implements InstanceLifecycle.Role<ReplicaSettings, ReplicaInstance> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaComponent.class);

    private final ReplicaMBeanSlot mbean = new ReplicaMBeanSlot();
    /** The retired instance's store, until the next instance takes it over or none starts. */
    private ReplicaStore carried;

    @Override
    public ReplicaInstance start(BundleContext context, ReplicaSettings settings, InstanceControl control)
            throws IOException {
        ReplicaStore store = carried;
        carried = null;
        return ReplicaInstance.start(context, settings, store, control, mbean);
    }

    @Override
    public Change change(ReplicaInstance running, ReplicaSettings next) {
        String changes = running.settings().changes(next);
        if (changes.isEmpty() && running.isRunning()) {
            return Change.applied();
        }
        if (running.isRunning() && running.settings().changesOnlyTlsMaterial(next)) {
            running.useTls(next);
            LOG.info(
                    "FCRP replica '{}' uses new TLS files from its next connection on, its current one stays: {}",
                    next.name(),
                    changes);
            return Change.applied();
        }
        return Change.restart("restarts keeping its data: "
                + (changes.isEmpty() ? "configuration updated after it was stopped" : changes));
    }

    /** Its own MBean, which outlives restarts, does not make the name taken. */
    @Override
    public boolean ownsName(String name) {
        return mbean.holds(name);
    }

    @Override
    public void retire(ReplicaInstance running) {
        carried = running.closeKeepingStore();
    }

    @Override
    public void released() {
        mbean.unregister();
        if (carried != null) {
            carried.close();
            carried = null;
        }
    }

    @Override
    public boolean stop(ReplicaInstance running) {
        return running.stopReplicating();
    }

    /** A new client takes over the stopped one's store, as after a configuration update. */
    @Override
    public boolean resume(ReplicaInstance running, Supplier<ReplicaInstance> restart) {
        if (running.isRunning()) {
            return false;
        }
        ReplicaInstance again = restart.get();
        if (again == null) {
            throw new IllegalStateException("it could not start again (fcrp:status says why)");
        }
        LOG.info(
                "FCRP replica '{}' replicates again on request",
                again.settings().name());
        return true;
    }
}
