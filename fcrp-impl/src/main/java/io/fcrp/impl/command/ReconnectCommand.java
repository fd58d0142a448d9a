package io.fcrp.impl.command;

import io.fcrp.api.ReplicaClient;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fcrp:reconnect <replica>}: a new connection now, as the JMX reconnect does. */
@Service
@Command(
        scope = "fcrp",
        name = "reconnect",
        description = "Closes a replica's connection and connects again at once; it continues from its watermarks "
                + "(a catch-up from the primary's backlog when that still covers them).")
public final class ReconnectCommand extends ReplicaOperationCommand {

    @Override
    String apply(ReplicaClient client) {
        client.reconnect();
        return "replica " + replica + " reconnects to " + client.upstream() + " and continues from its watermarks";
    }
}
