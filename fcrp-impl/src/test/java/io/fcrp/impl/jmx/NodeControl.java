package io.fcrp.impl.jmx;

import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicationServer;
import io.fcrp.impl.primary.PrimaryNode;
import java.io.IOException;

/** The primary service of a {@link PrimaryNode} with an embedded store, outside OSGi. */
final class NodeControl implements PrimaryControl {

    private final PrimaryNode node;

    NodeControl(PrimaryNode node) {
        this.node = node;
    }

    @Override
    public PrimaryStatus status() {
        return node.status(node.batcher());
    }

    @Override
    public boolean stopServing() {
        boolean serving = node.server() != null;
        node.drainAndStopServing();
        return serving;
    }

    @Override
    public boolean serve() {
        if (node.server() != null) {
            return false;
        }
        try {
            node.serve(node.batcher(), node.store());
        } catch (IOException e) {
            throw new IllegalStateException("it cannot serve: " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    public boolean disconnect(long sessionId) {
        ReplicationServer server = node.server();
        return server != null && server.disconnect(sessionId);
    }
}
