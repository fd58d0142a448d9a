package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.fcrp.api.jmx.ReplicationPrimaryMBean;

/** Completes the names of the primaries. */
@Service
public final class PrimaryCompleter extends InstanceCompleter {

    @Override
    Class<?>[] types() {
        return new Class<?>[] {ReplicationPrimaryMBean.class};
    }
}
