package io.fcrp.impl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationServer;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Instance-name completion and lookup over a registry of fake services. */
class CompletersTest {

    /** Services by type: one reference per instance name. */
    private final Map<Class<?>, List<String>> registry = Map.of(
            PrimaryControl.class, List.of("east", "eagle"),
            ReplicaClient.class, List.of("west", "east-replica"),
            KeyValueStore.class, List.of("east"),
            KeyValueView.class, List.of("east", "west", "east-replica"),
            ReplicationServer.class, List.of("east", "eagle"));
    /** The open sessions of the serving primaries. */
    private final Map<String, List<Long>> sessions = Map.of("east", List.of(1L, 2L), "eagle", List.of(7L));

    @Test
    void completersOfferTheNamesOfTheirKindThatMatchTheWordTyped() {
        assertEquals(List.of("eagle", "east", "east-replica"), complete(new AnyInstanceCompleter(), "ea"));
        assertEquals(List.of("eagle", "east"), complete(new PrimaryCompleter(), "e"));
        assertEquals(List.of("east-replica", "west"), complete(new ReplicaCompleter(), ""));
        assertEquals(List.of("east"), complete(new WritableStoreCompleter(), ""));
        assertEquals(List.of("west"), complete(new StoreCompleter(), "w"));
    }

    @Test
    void anUnknownNameListsThePrimariesAndTheReplicas() {
        CommandException error = assertThrows(
                CommandException.class,
                () -> new Instances(context()).require(ReplicaClient.class, "north", "replica"));
        assertEquals(
                "no replica named 'north'; primaries: eagle, east; replicas: east-replica, west", error.getMessage());
        CommandException none = assertThrows(
                CommandException.class,
                () -> new Instances(context()).require(KeyValueStore.class, "west", "writable store"));
        assertEquals(
                "no writable store named 'west'; primaries: eagle, east; replicas: east-replica, west",
                none.getMessage());
    }

    @Test
    void sessionIdsAreThoseOfThePrimaryNamedBeforeTheCursor() {
        SessionIdCompleter completer = new SessionIdCompleter();
        completer.bundleContext = context();
        List<String> candidates = new ArrayList<>();
        completer.complete(null, commandLine("fcrp:disconnect", "east", ""), candidates);
        assertEquals(
                List.of("1", "2"),
                candidates.stream().map(String::trim).sorted().collect(Collectors.toList()));
        candidates.clear();
        completer.complete(null, commandLine("fcrp:disconnect", "nosuch", ""), candidates);
        assertEquals(
                List.of("1", "2", "7"),
                candidates.stream().map(String::trim).sorted().collect(Collectors.toList()),
                "an unknown primary: the sessions of all");
    }

    private List<String> complete(InstanceCompleter completer, String word) {
        completer.bundleContext = context();
        List<String> candidates = new ArrayList<>();
        completer.complete(null, commandLine(word), candidates);
        return candidates.stream().map(String::trim).sorted().collect(Collectors.toList());
    }

    private BundleContext context() {
        return proxy(BundleContext.class, (method, args) -> {
            if (method.equals("getServiceReferences") && args[0] instanceof Class) {
                List<String> names = registry.getOrDefault(args[0], List.of());
                Collection<ServiceReference<?>> references = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    references.add(reference(names.get(i), i));
                }
                return references;
            }
            if (method.equals("getService")) {
                String name = (String) ((ServiceReference<?>) args[0]).getProperty(FcrpServices.INSTANCE);
                return proxy(
                        ReplicationServer.class,
                        (call, ignored) -> sessions.get(name).stream()
                                .map(id -> ReplicaSessionInfo.builder(id).build())
                                .collect(Collectors.toList()));
            }
            if (method.equals("ungetService")) {
                return true;
            }
            throw new UnsupportedOperationException(method);
        });
    }

    private static ServiceReference<?> reference(String name, long id) {
        return proxy(ServiceReference.class, (method, args) -> {
            switch (method) {
                case "getProperty":
                    return FcrpServices.INSTANCE.equals(args[0]) ? name : null;
                case "compareTo":
                    return 0;
                default:
                    throw new UnsupportedOperationException(method + " of service " + id);
            }
        });
    }

    private static CommandLine commandLine(String word) {
        return commandLine("fcrp:status", word);
    }

    /** The cursor at the end of the last word. */
    private static CommandLine commandLine(String... words) {
        String buffer = String.join(" ", words);
        String word = words[words.length - 1];
        return proxy(CommandLine.class, (method, args) -> {
            switch (method) {
                case "getCursorArgument":
                    return word;
                case "getArgumentPosition":
                    return word.length();
                case "getArguments":
                    return words;
                case "getCursorArgumentIndex":
                    return words.length - 1;
                case "getBufferPosition":
                    return buffer.length();
                case "getBuffer":
                    return buffer;
                default:
                    throw new UnsupportedOperationException(method);
            }
        });
    }

    private interface Handler {
        Object handle(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(
                CompletersTest.class.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return type.getSimpleName();
                    }
                    if (method.getName().equals("hashCode")) {
                        return System.identityHashCode(self);
                    }
                    if (method.getName().equals("equals")) {
                        return self == args[0];
                    }
                    return handler.handle(method.getName(), args);
                }));
    }
}
