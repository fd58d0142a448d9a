package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.PrimaryControl;

/** Completes the names of the primaries. */
@Service
public final class PrimaryCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {PrimaryControl.class};
    }
}
