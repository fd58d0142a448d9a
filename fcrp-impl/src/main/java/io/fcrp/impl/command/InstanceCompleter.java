package io.fcrp.impl.command;

import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes the names of the instances that publish a service of one of {@link #types()}. */
public abstract class InstanceCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    abstract Class<?>[] types();

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Instances instances = new Instances(bundleContext);
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> type : types()) {
            names.addAll(instances.of(type).keySet());
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
