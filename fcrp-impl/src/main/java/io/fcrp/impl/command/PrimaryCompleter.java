package io.fcrp.impl.command;

import io.fcrp.api.PrimaryControl;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the primaries. */
@Service
public final class PrimaryCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {PrimaryControl.class};
    }
}
