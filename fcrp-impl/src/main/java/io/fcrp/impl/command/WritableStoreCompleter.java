package io.fcrp.impl.command;

import io.fcrp.api.KeyValueStore;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the writable stores: embedded primary stores. */
@Service
public final class WritableStoreCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {KeyValueStore.class};
    }
}
