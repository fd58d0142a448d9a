package io.fcrp.impl.command;

import io.fcrp.api.PrimaryControl;
import io.fcrp.api.ReplicaClient;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of every primary and replica. */
@Service
public final class AnyInstanceCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {PrimaryControl.class, ReplicaClient.class};
    }
}
