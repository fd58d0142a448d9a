package io.fcrp.impl.command;

import io.fcrp.api.FcrpServices;
import io.fcrp.impl.control.InstanceControl;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.ServiceReference;

/** Base of {@code fcrp:stop} and {@code fcrp:start}: they act on one instance's {@link InstanceControl}. */
public abstract class InstanceLifecycleCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "instance", required = true, description = "The primary or replica.")
    @Completion(AnyInstanceCompleter.class)
    String instance;

    /** Acts on the instance; returns what happened, in words. */
    abstract String apply(InstanceControl control, String role, Instances instances);

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        ServiceReference<InstanceControl> reference =
                instances.require(InstanceControl.class, instance, "primary or replica");
        String role = String.valueOf(reference.getProperty(FcrpServices.ROLE));
        String outcome;
        try {
            outcome = instances.use(reference, control -> apply(control, role, instances));
        } catch (IllegalStateException refused) {
            throw new CommandException(role + " " + instance + ": " + refused.getMessage());
        }
        if (outcome == null) {
            throw instances.unknown("primary or replica", instance);
        }
        System.out.println(outcome);
        return null;
    }

    boolean isPrimary(String role) {
        return FcrpServices.ROLE_PRIMARY.equals(role);
    }
}
