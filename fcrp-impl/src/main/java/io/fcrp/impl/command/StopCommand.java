package io.fcrp.impl.command;

import io.fcrp.impl.control.InstanceControl;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fcrp:stop <instance>}: the JMX shutdown of a primary or a replica; {@code fcrp:start} undoes it. */
@Service
@Command(
        scope = "fcrp",
        name = "stop",
        description = "Stops a primary serving (its port and replica sessions close, its store stays) or a replica "
                + "replicating (its data stays readable) until fcrp:start or the next configuration update.")
public final class StopCommand extends InstanceLifecycleCommand {

    @Override
    String apply(InstanceControl control, String role, Instances instances) {
        boolean stopped = control.stop();
        if (isPrimary(role)) {
            return stopped
                    ? "primary " + instance + " stopped serving: its port and replica sessions are closed, its "
                            + "store stays; fcrp:start " + instance + " serves again"
                    : "primary " + instance + " was not serving";
        }
        return stopped
                ? "replica " + instance + " stopped replicating; its data stays readable; fcrp:start " + instance
                        + " starts it again"
                : "replica " + instance + " was stopped already";
    }
}
