package io.fcrp.impl.command;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationServer;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Completes the session ids of the primary named by the argument before the cursor (of every primary if none). */
@Service
public final class SessionIdCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Instances instances = new Instances(bundleContext);
        Map<String, ServiceReference<ReplicationServer>> servers = instances.of(ReplicationServer.class);
        String[] arguments = commandLine.getArguments();
        int cursor = commandLine.getCursorArgumentIndex();
        String primary = cursor > 0 ? arguments[cursor - 1] : null;
        TreeSet<String> ids = new TreeSet<>();
        servers.forEach((name, reference) -> {
            if (primary == null || !servers.containsKey(primary) || primary.equals(name)) {
                instances.use(reference, server -> {
                    for (ReplicaSessionInfo info : server.sessions()) {
                        ids.add(String.valueOf(info.id()));
                    }
                    return null;
                });
            }
        });
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
