package io.fcrp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.testkit.Poll;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * With Karaf's EventAdmin installed, what happens to replicas and primaries is published on the
 * {@code io/fcrp/…} topics, where Decanter's collectors and any EventHandler find it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends FcrpKarafTestSupport {

    @Configuration
    @Override
    public Option[] config() {
        String karafVersion = System.getProperty("karaf.version");
        return OptionUtils.combine(
                super.config(),
                features(
                        maven().groupId("org.apache.karaf.features")
                                .artifactId("standard")
                                .type("xml")
                                .classifier("features")
                                .version(karafVersion),
                        "eventadmin"));
    }

    @Test
    public void aReplicaStartedAndStoppedPublishesItsStatesInOrderAndThePrimaryItsSession() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {"io/fcrp/*"});
        ServiceRegistration<EventHandler> handler =
                bundleContext.registerService(EventHandler.class, events::add, topics);
        try {
            int port = freePort();
            primary("ev-p", "bind.addr", loopback(port));
            replica("ev-r", "replica.of", loopback(port));
            ReplicaClient client = service(ReplicaClient.class, "ev-r");
            Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
            Poll.until(
                    "the replica's bootstrap and the primary's session are published",
                    TIMEOUT,
                    () -> !of(events, "io/fcrp/replica/BOOTSTRAP_FINISHED", "ev-r")
                                    .isEmpty()
                            && !of(events, "io/fcrp/primary/REPLICA_CONNECTED", "ev-p")
                                    .isEmpty());

            client.shutdown();
            Poll.until("the stop is published", TIMEOUT, () -> states(events).endsWith("STOPPED"));
            String states = states(events);
            assertTrue(states, states.contains("BOOTSTRAPPING>STREAMING"));
            Event streaming = of(events, "io/fcrp/replica/STATE_CHANGED", "ev-r").stream()
                    .filter(event -> "STREAMING".equals(event.getProperty("to")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("replica", streaming.getProperty("role"));
            assertEquals(ReplicaState.STREAMING.code(), ((Number) streaming.getProperty("toCode")).intValue());
            Event bootstrap =
                    of(events, "io/fcrp/replica/BOOTSTRAP_FINISHED", "ev-r").get(0);
            assertTrue(bootstrap.getProperty("entries") instanceof Long);
        } finally {
            handler.unregister();
        }
    }

    private static List<Event> of(List<Event> events, String topic, String instance) {
        return events.stream()
                .filter(event -> event.getTopic().equals(topic) && instance.equals(event.getProperty("instance")))
                .collect(Collectors.toList());
    }

    /** The replica's state changes as {@code FROM>TO FROM>TO …}, checked to chain without a gap. */
    private static String states(List<Event> events) {
        List<Event> changes = of(events, "io/fcrp/replica/STATE_CHANGED", "ev-r");
        StringBuilder chain = new StringBuilder();
        String last = null;
        for (Event change : changes) {
            String from = (String) change.getProperty("from");
            String to = (String) change.getProperty("to");
            if (last != null && !last.equals(from)) {
                throw new AssertionError("state changes do not chain: " + chain + " then " + from + ">" + to);
            }
            chain.append(chain.length() == 0 ? "" : " ")
                    .append(from)
                    .append('>')
                    .append(to);
            last = to;
        }
        return chain.toString();
    }
}
