package io.fcrp.impl.command;

import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.CommandException;

/** Base of {@code fcrp:reconnect} and {@code fcrp:resync}: an operation on a replica that runs. */
public abstract class ReplicaOperationCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "replica", required = true, description = "The replica.")
    @Completion(ReplicaCompleter.class)
    String replica;

    /** Acts on the running client; returns what happens, in words. */
    abstract String apply(ReplicaClient client);

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        // a stopped replica has no connection to act on: it would say it reconnects, and do nothing
        String outcome = instances.use(
                instances.require(ReplicaClient.class, replica, "replica"),
                client -> client.state() == ReplicaState.STOPPED ? null : apply(client));
        if (outcome == null) {
            throw new CommandException("replica " + replica + " is stopped; fcrp:start " + replica + " starts it");
        }
        System.out.println(outcome);
        return null;
    }
}
