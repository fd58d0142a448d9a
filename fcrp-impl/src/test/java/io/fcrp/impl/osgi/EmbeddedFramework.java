package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * Karaf's OSGi framework (Felix), started in the test's JVM: the components under test register
 * and track services through its system bundle, a real service registry.
 */
final class EmbeddedFramework implements AutoCloseable {

    /** How long a test waits for the components to settle, and the framework to stop. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Framework framework;

    EmbeddedFramework(Path storage) throws BundleException {
        framework = new FrameworkFactory()
                .newFramework(Map.of(
                        Constants.FRAMEWORK_STORAGE,
                        storage.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN,
                        Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** The service of {@code type} for instance {@code name}, or null. */
    <T> T service(Class<T> type, String name) {
        try {
            Collection<ServiceReference<T>> references =
                    context().getServiceReferences(type, "(" + FcrpServices.INSTANCE + "=" + name + ")");
            return references.isEmpty()
                    ? null
                    : context().getService(references.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(TIMEOUT.toMillis());
    }
}
