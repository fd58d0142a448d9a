package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.KeyValueView;

/** Completes the names of the readable stores: embedded primary stores and replica stores. */
@Service
public final class StoreCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {KeyValueView.class};
    }
}
