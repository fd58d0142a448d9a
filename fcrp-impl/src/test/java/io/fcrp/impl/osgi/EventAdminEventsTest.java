package io.fcrp.impl.osgi;

import static io.fcrp.impl.osgi.EmbeddedFramework.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicationServer;
import io.fcrp.impl.events.PrimaryEvents;
import io.fcrp.impl.events.ReplicaEvents;
import io.fcrp.testkit.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * A primary and a replica tell an EventAdmin (here a fake one in a real service registry) what
 * happens to them, on the io/fcrp/... topics, with the instance, the role and their figures as
 * plain Strings, Integers and Longs (issue 9: Decanter collects EventAdmin events).
 */
class EventAdminEventsTest {

    @TempDir
    Path storage;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final PrimaryComponent primary = new PrimaryComponent();
    private final ReplicaComponent replica = new ReplicaComponent();
    private EmbeddedFramework framework;

    @AfterEach
    void stop() throws Exception {
        replica.deactivate();
        primary.deactivate();
        framework.close();
    }

    @Test
    void replicaAndPrimaryEventsReachTheEventAdmin() throws Exception {
        framework = new EmbeddedFramework(storage);
        framework
                .context()
                .registerService(
                        EventAdmin.class,
                        new EventAdmin() {
                            @Override
                            public void postEvent(Event event) {
                                events.add(event);
                            }

                            @Override
                            public void sendEvent(Event event) {
                                events.add(event);
                            }
                        },
                        null);
        primary.activate(
                framework.context(), Configurations.properties("io.fcrp.primary~east", "bind.addr", "127.0.0.1:0"));
        KeyValueStore store = framework.service(KeyValueStore.class, "east");
        for (int i = 0; i < 25; i++) {
            store.set(("key-" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        int port = framework
                .service(ReplicationServer.class, "east")
                .localAddress()
                .getPort();
        replica.activate(
                framework.context(),
                Configurations.properties("io.fcrp.replica~west", "replica.of", "127.0.0.1:" + port));
        Poll.until(
                "the bootstrap finished event",
                TIMEOUT,
                () -> !of(ReplicaEvents.BOOTSTRAP_FINISHED).isEmpty());

        Event finished = of(ReplicaEvents.BOOTSTRAP_FINISHED).get(0);
        assertEquals("west", finished.getProperty("instance"));
        assertEquals("replica", finished.getProperty("role"));
        assertEquals("snapshot", finished.getProperty("how"));
        assertEquals(25L, finished.getProperty("entries"));
        assertEquals(List.of("CONNECTING>BOOTSTRAPPING", "BOOTSTRAPPING>STREAMING"), transitions());
        Poll.until(
                "the primary's events",
                TIMEOUT,
                () -> !of(PrimaryEvents.SNAPSHOT_FINISHED).isEmpty());
        Event connected = of(PrimaryEvents.REPLICA_CONNECTED).get(0);
        assertEquals("east", connected.getProperty("instance"));
        assertEquals("primary", connected.getProperty("role"));
        assertEquals("SNAPSHOT", connected.getProperty("state"), "the session's real state, not HANDSHAKE");
        assertEquals(2, connected.getProperty("stateCode"));
        assertEquals(25L, of(PrimaryEvents.SNAPSHOT_FINISHED).get(0).getProperty("entries"));

        framework.service(ReplicaClient.class, "west").shutdown();
        assertEquals(
                List.of("CONNECTING>BOOTSTRAPPING", "BOOTSTRAPPING>STREAMING", "STREAMING>STOPPED"), transitions());
        Poll.until(
                "the primary sees the replica leave",
                TIMEOUT,
                () -> !of(PrimaryEvents.REPLICA_DISCONNECTED).isEmpty());
        for (Event event : events) {
            for (String name : event.getPropertyNames()) {
                Object value = event.getProperty(name);
                assertTrue(
                        value instanceof String || value instanceof Integer || value instanceof Long,
                        event.getTopic() + " " + name + " is a " + value.getClass());
            }
        }
    }

    private List<Event> of(String topic) {
        return events.stream().filter(event -> event.getTopic().equals(topic)).collect(Collectors.toList());
    }

    private List<String> transitions() {
        return of(ReplicaEvents.STATE_CHANGED).stream()
                .map(event -> event.getProperty("from") + ">" + event.getProperty("to"))
                .collect(Collectors.toList());
    }
}
