package io.fcrp.impl.command;

import io.fcrp.api.KeyValueView;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the readable stores: embedded primary stores and replica stores. */
@Service
public final class StoreCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {KeyValueView.class};
    }
}
