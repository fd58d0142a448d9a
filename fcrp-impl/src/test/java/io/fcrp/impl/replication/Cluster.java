package io.fcrp.impl.replication;

import io.fcrp.impl.primary.EmbeddedPrimary;
import io.fcrp.impl.primary.PrimaryConfig;
import io.fcrp.impl.primary.PrimaryNode;
import io.fcrp.impl.replica.AppliedMutationListener;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.replica.ReplicaConfig;
import io.fcrp.impl.store.ReplicaStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The primaries and replicas of one test, all on 127.0.0.1 with ports chosen by the system.
 * Closing it shuts every replica down, then closes every primary; stopping one early is allowed.
 */
final class Cluster implements AutoCloseable {

    private final List<PrimaryNode> primaries = new ArrayList<>();
    private final List<ReplicaClientImpl> replicas = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private final List<ReplicaStore> stores = new ArrayList<>();

    /** Defaults for tests: loopback, any free port. */
    static PrimaryConfig.Builder primaryConfig() {
        return PrimaryConfig.builder().bindAddress("127.0.0.1:0");
    }

    /** Defaults for tests: the backoff stays short so reconnects do not dominate the run time. */
    static ReplicaConfig.Builder replicaConfig(int port) {
        return ReplicaConfig.builder()
                .upstream("127.0.0.1:" + port)
                .reconnectBackoffMs(50)
                .reconnectBackoffMaxMs(400);
    }

    PrimaryNode primary(String name) throws IOException {
        return primary(name, UnaryOperator.identity());
    }

    synchronized PrimaryNode primary(String name, UnaryOperator<PrimaryConfig.Builder> settings) throws IOException {
        PrimaryNode node =
                PrimaryNode.start(name, settings.apply(primaryConfig()).build());
        primaries.add(node);
        return node;
    }

    /** A primary whose embedded store is {@code embedded} (e.g. loaded from a persistence file). */
    synchronized PrimaryNode primary(String name, PrimaryConfig config, EmbeddedPrimary embedded) throws IOException {
        PrimaryNode node = PrimaryNode.start(name, config, embedded);
        primaries.add(node);
        return node;
    }

    /** A replica store that outlives its clients (closed after every replica). */
    synchronized ReplicaStore replicaStore(String name) {
        ReplicaStore store = new ReplicaStore(name, 16, System::currentTimeMillis);
        stores.add(store);
        return store;
    }

    /** A replica of the primary on {@code port} that replicates into {@code store}, which it does not own. */
    synchronized ReplicaClientImpl replica(String name, int port, ReplicaStore store) {
        ReplicaClientImpl client =
                ReplicaClientImpl.startWith(name, replicaConfig(port).build(), store);
        replicas.add(client);
        return client;
    }

    ReplicaClientImpl replica(String name, PrimaryNode primary) {
        return replica(name, primary.port(), UnaryOperator.identity(), null);
    }

    ReplicaClientImpl replica(String name, PrimaryNode primary, UnaryOperator<ReplicaConfig.Builder> settings) {
        return replica(name, primary.port(), settings, null);
    }

    synchronized ReplicaClientImpl replica(
            String name, int port, UnaryOperator<ReplicaConfig.Builder> settings, AppliedMutationListener listener) {
        ReplicaClientImpl client = ReplicaClientImpl.start(
                name, settings.apply(replicaConfig(port)).build(), listener);
        replicas.add(client);
        return client;
    }

    /** Something else to close with the cluster (a raw socket, a writer pool). */
    synchronized <T extends AutoCloseable> T track(T resource) {
        others.add(resource);
        return resource;
    }

    synchronized void stop(ReplicaClientImpl replica) {
        replicas.remove(replica);
        replica.close();
    }

    synchronized void stop(PrimaryNode primary) {
        primaries.remove(primary);
        primary.close();
    }

    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable other : others) {
            try {
                other.close();
            } catch (Exception e) {
                failure = keep(failure, e);
            }
        }
        for (ReplicaClientImpl replica : replicas) {
            try {
                replica.close();
            } catch (RuntimeException e) {
                failure = keep(failure, e);
            }
        }
        stores.forEach(ReplicaStore::close);
        for (PrimaryNode primary : primaries) {
            try {
                primary.close();
            } catch (RuntimeException e) {
                failure = keep(failure, e);
            }
        }
        others.clear();
        stores.clear();
        replicas.clear();
        primaries.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception keep(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
