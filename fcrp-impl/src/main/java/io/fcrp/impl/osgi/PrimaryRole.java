package io.fcrp.impl.osgi;

import io.fcrp.impl.control.InstanceControl;
import io.fcrp.impl.osgi.InstanceLifecycle.Change;
import io.fcrp.impl.primary.PrimaryNode;
import java.io.IOException;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;

/**
 * A primary's part of its {@link InstanceLifecycle}: every change applies in place except
 * {@code name}, {@code store} and {@code shard.count}, which restart it; stopping and starting
 * stop and resume serving, the instance staying.
 */
final class PrimaryRole implements InstanceLifecycle.Role<PrimarySettings, PrimaryInstance> {

    @Override
    public PrimaryInstance start(BundleContext context, PrimarySettings settings, InstanceControl control)
            throws IOException {
        return PrimaryInstance.start(context, settings, control);
    }

    @Override
    public Change change(PrimaryInstance running, PrimarySettings next) {
        String restartReason = running.settings().restartReason(next);
        if (restartReason != null) {
            return Change.restart("restarts: " + restartReason);
        }
        String refusal = running.reconfigure(next);
        return refusal == null ? Change.applied() : Change.refused(refusal);
    }

    /** A new address that cannot be bound: checked before the running primary stops. */
    @Override
    public String restartRefusal(PrimarySettings current, PrimarySettings next) {
        if (next.config().bindAddress().equals(current.config().bindAddress())) {
            return null;
        }
        try {
            PrimaryNode.requireBindable(next.config().bindAddress());
            return null;
        } catch (IOException e) {
            return "bind.addr: " + e.getMessage();
        }
    }

    @Override
    public boolean stop(PrimaryInstance running) {
        return running.stopServing();
    }

    @Override
    public boolean resume(PrimaryInstance running, Supplier<PrimaryInstance> restart) {
        return running.serve();
    }
}
