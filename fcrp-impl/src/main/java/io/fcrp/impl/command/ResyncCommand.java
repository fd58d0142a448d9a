package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.ReplicaClient;

/** {@code fcrp:resync <replica>}: discards a replica's data and bootstraps it again. */
@Service
@Command(scope = "fcrp", name = "resync",
        description = "Makes a replica discard its data and bootstrap again from a fresh snapshot of its primary.")
public final class ResyncCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "replica", required = true, description = "The replica to resynchronise.")
    @Completion(ReplicaCompleter.class)
    String replica;

    @Override
    public Object execute() {
        Instances instances = instances();
        String upstream = instances.use(instances.require(ReplicaClient.class, replica, "replica"), client -> {
            client.resync();
            return client.upstream();
        });
        System.out.println("replica " + replica + " discarded its data and bootstraps again from " + upstream);
        return null;
    }
}
