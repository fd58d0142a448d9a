package io.fcrp.impl.command;

import io.fcrp.api.ReplicaClient;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fcrp:resync <replica>}: bootstraps a replica again; its data stays readable until replaced. */
@Service
@Command(
        scope = "fcrp",
        name = "resync",
        description = "Makes a replica bootstrap again from its primary; its data stays readable until the new data "
                + "has arrived whole.")
public final class ResyncCommand extends ReplicaOperationCommand {

    @Override
    String apply(ReplicaClient client) {
        client.resync();
        return "replica " + replica + " bootstraps again from " + client.upstream()
                + "; its data stays readable until the new data has arrived whole";
    }
}
