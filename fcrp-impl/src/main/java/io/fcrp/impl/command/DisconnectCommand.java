package io.fcrp.impl.command;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationServer;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.ServiceReference;

/** {@code fcrp:disconnect <primary> <sessionId>}: closes one replica session, as the JMX disconnectReplica does. */
@Service
@Command(
        scope = "fcrp",
        name = "disconnect",
        description = "Closes one replica session of a serving primary (the Id column of fcrp:replicas); the replica "
                + "reconnects by itself and catches up from the backlog.")
public final class DisconnectCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "primary", required = true, description = "The serving primary.")
    @Completion(PrimaryCompleter.class)
    String primary;

    @Argument(index = 1, name = "sessionId", required = true, description = "The session's id, from fcrp:replicas.")
    @Completion(SessionIdCompleter.class)
    long sessionId;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        ServiceReference<ReplicationServer> reference =
                instances.require(ReplicationServer.class, primary, "serving primary");
        List<ReplicaSessionInfo> sessions = instances.use(reference, ReplicationServer::sessions);
        ReplicaSessionInfo target = sessions == null
                ? null
                : sessions.stream()
                        .filter(session -> session.id() == sessionId)
                        .findFirst()
                        .orElse(null);
        if (target == null || !Boolean.TRUE.equals(instances.use(reference, server -> server.disconnect(sessionId)))) {
            throw new CommandException("primary " + primary + " has no open session " + sessionId + "; open sessions: "
                    + (sessions == null || sessions.isEmpty()
                            ? "none"
                            : sessions.stream()
                                    .map(session -> String.valueOf(session.id()))
                                    .collect(Collectors.joining(", "))));
        }
        System.out.println("closed session " + sessionId + " (" + target.remoteAddress() + ") of primary " + primary
                + "; the replica reconnects by itself");
        return null;
    }
}
