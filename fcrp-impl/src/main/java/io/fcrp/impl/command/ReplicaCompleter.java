package io.fcrp.impl.command;

import io.fcrp.api.ReplicaClient;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the replicas. */
@Service
public final class ReplicaCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {ReplicaClient.class};
    }
}
