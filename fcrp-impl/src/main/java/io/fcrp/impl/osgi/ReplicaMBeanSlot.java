package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.impl.jmx.ReplicaClientMBeanImpl;
import io.fcrp.impl.replica.ReplicaClientImpl;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A replica's MBean, registered once per instance name and handed from client to client when the
 * replica restarts (a configuration update, {@code fcrp:start}), so a JConsole or scripted
 * listener keeps hearing its state changes instead of losing the MBean.
 */
final class ReplicaMBeanSlot {

    private ReplicaClientMBeanImpl mbean;
    private ServiceRegistration<ReplicaClientMBean> registration;

    /** Makes the MBean of {@code name} follow {@code client}, before the client starts. */
    void follow(BundleContext context, String name, ReplicaClientImpl client) {
        if (holds(name)) {
            mbean.follow(client);
        } else {
            unregister();
            mbean = new ReplicaClientMBeanImpl(name, client);
            Hashtable<String, Object> properties = ServiceProperties.of(name, FcrpServices.ROLE_REPLICA);
            properties.put(
                    ServiceProperties.JMX_OBJECT_NAME,
                    FcrpObjectNames.replicaClient(name).toString());
            registration = context.registerService(ReplicaClientMBean.class, mbean, properties);
        }
        client.addEventListener(mbean);
    }

    /** True when the registered MBean is {@code name}'s: the name is this replica's, no one else's. */
    boolean holds(String name) {
        return mbean != null && mbean.getInstance().equals(name);
    }

    void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
        }
        registration = null;
        mbean = null;
    }
}
