package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

import io.fcrp.api.FcrpServices;

/**
 * Karaf's OSGi framework (Felix), started in the test's JVM: the components under test register
 * and track services through its system bundle, a real service registry.
 */
final class EmbeddedFramework implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Framework framework;

    EmbeddedFramework(Path storage) throws BundleException {
        framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** The service of {@code type} for instance {@code name}, or null. */
    <T> T service(Class<T> type, String name) {
        try {
            Collection<ServiceReference<T>> references = context().getServiceReferences(type,
                    "(" + FcrpServices.INSTANCE + "=" + name + ")");
            return references.isEmpty() ? null : context().getService(references.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after the deadline; never a fixed sleep. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(TIMEOUT.toMillis());
    }
}
