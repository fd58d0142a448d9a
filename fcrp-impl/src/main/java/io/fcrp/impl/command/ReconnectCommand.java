package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;

/** {@code fcrp:reconnect <replica>}: a new connection now, as the JMX reconnect does. */
@Service
@Command(scope = "fcrp", name = "reconnect",
        description = "Closes a replica's connection and connects again at once; it continues from its watermarks "
                + "(a catch-up from the primary's backlog when that still covers them).")
public final class ReconnectCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "replica", required = true, description = "The replica to reconnect.")
    @Completion(ReplicaCompleter.class)
    String replica;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        String upstream = instances.use(instances.require(ReplicaClient.class, replica, "replica"), client -> {
            if (client.state() == ReplicaState.STOPPED) {
                return null;
            }
            client.reconnect();
            return client.upstream();
        });
        if (upstream == null) {
            throw new CommandException("replica " + replica + " is stopped; fcrp:start " + replica + " starts it");
        }
        System.out.println("replica " + replica + " reconnects to " + upstream + " and continues from its watermarks");
        return null;
    }
}
