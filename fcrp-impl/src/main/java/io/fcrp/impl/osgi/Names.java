package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import java.util.Collection;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Instance names are unique over primaries and replicas: they name MBeans and services. */
final class Names {

    private Names() {}

    /** Which instance already uses {@code name} ("primary" or "replica"), or null when none. */
    static String inUse(BundleContext context, String name) {
        String filter = "(" + FcrpServices.INSTANCE + "=" + FcrpServices.escape(name) + ")";
        try {
            if (!context.getServiceReferences(ReplicationPrimaryMBean.class, filter)
                    .isEmpty()) {
                return "another primary";
            }
            Collection<ServiceReference<ReplicaClientMBean>> replicas =
                    context.getServiceReferences(ReplicaClientMBean.class, filter);
            return replicas.isEmpty() ? null : "a replica";
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
    }
}
