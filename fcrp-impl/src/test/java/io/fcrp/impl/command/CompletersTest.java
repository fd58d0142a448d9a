package io.fcrp.impl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.KeyValueView;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;

/** Instance-name completion and lookup over a registry of fake services. */
class CompletersTest {

    /** Services by type: one reference per instance name. */
    private final Map<Class<?>, List<String>> registry = Map.of(
            ReplicationPrimaryMBean.class, List.of("east", "eagle"),
            ReplicaClient.class, List.of("west", "east-replica"),
            KeyValueStore.class, List.of("east"),
            KeyValueView.class, List.of("east", "west", "east-replica"));

    @Test
    void completersOfferTheNamesOfTheirKindThatMatchTheWordTyped() {
        assertEquals(List.of("eagle", "east", "east-replica"), complete(new AnyInstanceCompleter(), "ea"));
        assertEquals(List.of("eagle", "east"), complete(new PrimaryCompleter(), "e"));
        assertEquals(List.of("east-replica", "west"), complete(new ReplicaCompleter(), ""));
        assertEquals(List.of("east"), complete(new WritableStoreCompleter(), ""));
        assertEquals(List.of("west"), complete(new StoreCompleter(), "w"));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Instances(context()).require(ReplicaClient.class, "north", "replica"));
        assertEquals("no replica named 'north' (there are: east-replica, west)", error.getMessage());
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
            throw new UnsupportedOperationException(method);
        });
    }

    private static ServiceReference<?> reference(String name, long id) {
        return proxy(ServiceReference.class, (method, args) -> {
            switch (method) {
                case "getProperty":
                    return "fcrp.instance".equals(args[0]) ? name : null;
                case "compareTo":
                    return 0;
                default:
                    throw new UnsupportedOperationException(method + " of service " + id);
            }
        });
    }

    private static CommandLine commandLine(String word) {
        return proxy(CommandLine.class, (method, args) -> {
            switch (method) {
                case "getCursorArgument":
                    return word;
                case "getArgumentPosition":
                    return word.length();
                case "getArguments":
                    return new String[] {"fcrp:status", word};
                case "getCursorArgumentIndex":
                    return 1;
                case "getBufferPosition":
                    return 12 + word.length();
                case "getBuffer":
                    return "fcrp:status " + word;
                default:
                    throw new UnsupportedOperationException(method);
            }
        });
    }

    private interface Handler {
        Object handle(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(CompletersTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
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
