package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.KeyValueStore;

/** Completes the names of the writable stores: embedded primary stores. */
@Service
public final class WritableStoreCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {KeyValueStore.class};
    }
}
