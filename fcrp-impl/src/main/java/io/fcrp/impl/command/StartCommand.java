package io.fcrp.impl.command;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicationServer;
import io.fcrp.impl.control.InstanceControl;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.ServiceReference;

/** {@code fcrp:start <instance>}: undoes {@code fcrp:stop} (or the JMX shutdown). */
@Service
@Command(
        scope = "fcrp",
        name = "start",
        description = "Makes a stopped primary serve again, or a stopped replica replicate again from its watermarks, "
                + "with its current configuration.")
public final class StartCommand extends InstanceLifecycleCommand {

    @Override
    String apply(InstanceControl control, String role, Instances instances) {
        boolean started = control.start();
        if (isPrimary(role)) {
            ServiceReference<ReplicationServer> server =
                    instances.of(ReplicationServer.class).get(instance);
            String address = server == null ? "" : " on " + server.getProperty(FcrpServices.LISTEN_ADDRESS);
            return "primary " + instance + (started ? " serves again" : " serves already") + address;
        }
        ServiceReference<ReplicaClient> client =
                instances.of(ReplicaClient.class).get(instance);
        String upstream = client == null ? "" : " from " + client.getProperty(FcrpServices.UPSTREAM);
        return started
                ? "replica " + instance + " replicates again" + upstream + ", continuing from its watermarks"
                : "replica " + instance + " replicates already" + upstream;
    }
}
