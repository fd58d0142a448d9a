package io.fcrp.impl.command;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationServer;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.ServiceReference;

/** {@code fcrp:replicas [primary]}: the replica sessions the primaries serve. */
@Service
@Command(
        scope = "fcrp",
        name = "replicas",
        description = "Lists the replica sessions of the serving primaries: address, state, connected since, traffic "
                + "and queued data.")
public final class ReplicasCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "primary", required = false, description = "Only the sessions of this primary.")
    @Completion(PrimaryCompleter.class)
    String primary;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        Map<String, ServiceReference<ReplicationServer>> servers = instances.of(ReplicationServer.class);
        if (primary != null) {
            servers = Map.of(primary, instances.require(ReplicationServer.class, primary, "serving primary"));
        }
        ShellTable table = new ShellTable().emptyTableText("no replica is connected");
        table.column("Primary");
        table.column("Id").alignRight();
        table.column("Replica");
        table.column("State");
        table.column("Connected since");
        table.column("Frames").alignRight();
        table.column("Bytes").alignRight();
        table.column("Queued bytes").alignRight();
        servers.forEach((name, reference) -> instances.use(reference, server -> {
            for (ReplicaSessionInfo session : server.sessions()) {
                table.addRow()
                        .addContent(
                                name,
                                session.id(),
                                session.remoteAddress(),
                                session.state(),
                                time(session.connectedSinceMs()),
                                session.framesSent(),
                                session.bytesSent(),
                                session.queuedBytes());
            }
            return null;
        }));
        table.print(System.out);
        return null;
    }
}
