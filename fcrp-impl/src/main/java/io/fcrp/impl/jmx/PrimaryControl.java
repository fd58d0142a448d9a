package io.fcrp.impl.jmx;

import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.StoreMemory;

/** What the primary MBean reads and controls: one configured primary instance. */
public interface PrimaryControl {

    String name();

    /** {@code embedded} or {@code external}. */
    String storeMode();

    /** The configured {@code bind.addr}. */
    String bindAddress();

    /** The primary the instance serves or would serve; null while none is available. */
    ReplicationPrimary primary();

    /** The embedded store's memory; null for an external store. */
    StoreMemory storeMemory();

    /** The running TCP endpoint; null while not serving. */
    ReplicationServer server();

    /** Publishes what is pending and stops serving until the configuration is updated. */
    void stopServing();
}
