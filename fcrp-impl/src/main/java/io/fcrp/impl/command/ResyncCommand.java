package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.ReplicaClient;

/** {@code fcrp:resync <replica>}: bootstraps a replica again; its data stays readable until replaced. */
@Service
@Command(scope = "fcrp", name = "resync",
        description = "Makes a replica bootstrap again from its primary; its data stays readable until the new data "
                + "has arrived whole.")
public final class ResyncCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "replica", required = true, description = "The replica to resynchronise.")
    @Completion(ReplicaCompleter.class)
    String replica;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        String upstream = instances.use(instances.require(ReplicaClient.class, replica, "replica"), client -> {
            client.resync();
            return client.upstream();
        });
        System.out.println("replica " + replica + " bootstraps again from " + upstream
                + "; its data stays readable until the new data has arrived whole");
        return null;
    }
}
