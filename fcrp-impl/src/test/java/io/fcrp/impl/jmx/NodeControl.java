package io.fcrp.impl.jmx;

import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.StoreMemory;
import io.fcrp.impl.primary.PrimaryNode;

/** The primary MBean's view of a {@link PrimaryNode} with an embedded store, outside OSGi. */
final class NodeControl implements PrimaryControl {

    private final String name;
    private final PrimaryNode node;

    NodeControl(String name, PrimaryNode node) {
        this.name = name;
        this.node = node;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String storeMode() {
        return "embedded";
    }

    @Override
    public String bindAddress() {
        return node.config().bindAddress().toString();
    }

    @Override
    public ReplicationPrimary primary() {
        return node.batcher();
    }

    @Override
    public StoreMemory storeMemory() {
        return node.store().memory();
    }

    @Override
    public ReplicationServer server() {
        return node.server();
    }

    @Override
    public void stopServing() {
        node.stopServing();
    }
}
