package io.fcrp.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.testkit.FcrpThreads;
import io.fcrp.testkit.Poll;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots a stock Karaf 4.4.10 with the fcrp feature installed from this build's local repository,
 * and offers what the tests need: configurations, services by instance name, free ports, polling
 * with deadlines, shell commands, and a karaf.log without unexpected ERROR lines.
 */
public abstract class FcrpKarafTestSupport {

    static final String PRIMARY_PID = "io.fcrp.primary";
    static final String REPLICA_PID = "io.fcrp.replica";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Users of etc/users.properties (password = name): an administrator and a viewer, both may use ssh. */
    static final String ADMIN = "fcrp-it";

    static final String VIEWER = "fcrp-viewer";
    /** Karaf's MBeanServer, where the JMX whiteboard registers the MBean services. */
    static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

    /** ERROR lines a test provokes on purpose (e.g. a rejected configuration); fragments of the line. */
    private static final List<String> expectedErrors = new CopyOnWriteArrayList<>();

    private final List<org.osgi.service.cm.Configuration> created = new CopyOnWriteArrayList<>();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected BootFinished bootFinished;

    protected ConfigurationEvents configurationEvents;

    @Configuration
    public Option[] config() {
        String karafVersion = System.getProperty("karaf.version");
        MavenArtifactUrlReference karaf = maven().groupId("org.apache.karaf")
                .artifactId("apache-karaf")
                .type("tar.gz")
                .versionAsInProject();
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(karaf)
                    .name("Apache Karaf")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            logLevel(LogLevel.INFO),
            // the remote shell (ssh) listens on 127.0.0.1 at a free port: SecurityIT logs in over it
            configureConsole().ignoreLocalConsole(),
            // this build's artifacts come from the build's local repository; remote: Central only
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local")),
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.repositories",
                    "https://repo1.maven.org/maven2@id=central"),
            editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
            // no clash with another Karaf on this machine
            editConfigurationFilePut(
                    "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
            editConfigurationFilePut(
                    "etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
            replaceConfigurationFile("etc/users.properties", new File("src/test/resources/etc/users.properties")),
            features(fcrpFeatures(), "fcrp"),
            // the tests poll and watch threads inside the container, with the helpers every module's tests use
            mavenBundle("io.fcrp", "fcrp-testkit").versionAsInProject(),
            // the JDK 9+ flags of Karaf's bin/karaf: Pax Exam no longer adds them
            vmOptions(
                    "--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module",
                    "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                    "--patch-module",
                    "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                    "--add-opens",
                    "java.base/java.security=ALL-UNNAMED",
                    "--add-opens",
                    "java.base/java.net=ALL-UNNAMED",
                    "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens",
                    "java.base/java.util=ALL-UNNAMED",
                    "--add-opens",
                    "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens",
                    "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                    "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                    "-classpath",
                    "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*" + File.pathSeparator + "lib/endorsed/*")
        };
    }

    /** This build's feature repository (features fcrp and fcrp-healthcheck). */
    protected static MavenArtifactUrlReference fcrpFeatures() {
        return maven().groupId("io.fcrp")
                .artifactId("fcrp-feature")
                .type("xml")
                .classifier("features")
                .versionAsInProject();
    }

    // ---- configurations

    @Before
    public void listenToConfigurationEvents() {
        configurationEvents = new ConfigurationEvents(bundleContext, configurationAdmin);
    }

    /** Creates (or replaces) the factory configuration {@code factoryPid~name}, bound to no bundle (trap T6). */
    protected org.osgi.service.cm.Configuration configure(String factoryPid, String name, Object... keyValues)
            throws IOException {
        org.osgi.service.cm.Configuration configuration =
                configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
        configuration.update(properties(keyValues));
        created.add(configuration);
        return configuration;
    }

    protected org.osgi.service.cm.Configuration primary(String name, Object... keyValues) throws IOException {
        return configure(PRIMARY_PID, name, keyValues);
    }

    protected org.osgi.service.cm.Configuration replica(String name, Object... keyValues) throws IOException {
        return configure(REPLICA_PID, name, keyValues);
    }

    /** A primary {@code <prefix>-p} and a replica {@code <prefix>-r} streaming from it; returns the port. */
    protected int streamingPair(String prefix) throws IOException {
        int port = freePort();
        primary(prefix + "-p", "bind.addr", loopback(port));
        replica(prefix + "-r", "replica.of", loopback(port));
        ReplicaClient client = service(ReplicaClient.class, prefix + "-r");
        Poll.until("replica " + prefix + "-r streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
        return port;
    }

    /**
     * Deletes {@code configuration} once Config Admin's listeners have been told of its last change: a
     * listener still busy with it would otherwise log an error or, asking for it by its PID, make an empty
     * configuration of that PID that a later {@link #configure} gets instead of a factory configuration.
     */
    protected void delete(org.osgi.service.cm.Configuration configuration) throws IOException {
        configurationEvents.awaitDelivered();
        configuration.delete();
    }

    /** Replaces every property of {@code configuration} with {@code keyValues}. */
    protected static void update(org.osgi.service.cm.Configuration configuration, Object... keyValues)
            throws IOException {
        configuration.update(properties(keyValues));
    }

    protected static Dictionary<String, Object> properties(Object... keyValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    // ---- services

    /** The service of {@code type} published for instance {@code name}, waiting for it. */
    protected <T> T service(Class<T> type, String name) {
        return Poll.await(type.getSimpleName() + " service of " + name, TIMEOUT, () -> findService(type, name));
    }

    protected <T> T findService(Class<T> type, String name) {
        Collection<ServiceReference<T>> references = references(type, name);
        return references.isEmpty()
                ? null
                : bundleContext.getService(references.iterator().next());
    }

    protected <T> Collection<ServiceReference<T>> references(Class<T> type, String name) {
        try {
            return bundleContext.getServiceReferences(
                    type, name == null ? null : "(" + FcrpServices.INSTANCE + "=" + name + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    protected void awaitNoService(Class<?> type, String name) {
        Poll.until(
                type.getSimpleName() + " service of " + name + " gone",
                TIMEOUT,
                () -> references(type, name).isEmpty());
    }

    // ---- sockets and threads

    /** A port nothing listens on right now, on 127.0.0.1. */
    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    protected static String loopback(int port) {
        return "127.0.0.1:" + port;
    }

    /** True when something accepts a TCP connection on 127.0.0.1:{@code port}. */
    protected static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    protected static void awaitListening(int port) {
        Poll.until("a listener on port " + port, TIMEOUT, () -> accepts(port));
    }

    protected static void awaitClosed(int port) {
        Poll.until("port " + port + " closed", TIMEOUT, () -> !accepts(port));
    }

    // ---- the shell

    /**
     * Runs a shell command as an admin and returns what it printed (out and err), with the value it
     * returned (the way Gogo commands such as hc:exec answer) as the console prints it.
     */
    protected String execute(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        executeAsAdmin(command, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a shell command as an admin, printing (out and err, an error included) to {@code output}. */
    protected void executeAsAdmin(String command, ByteArrayOutputStream output) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("fcrp-it"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        subject.getPrincipals().add(new RolePrincipal("manager"));
        subject.getPrincipals().add(new RolePrincipal("viewer"));
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                out.println(result);
            }
        } catch (java.security.PrivilegedActionException e) {
            out.println("Error executing command: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            out.println("Error executing command: " + e.getMessage());
        } finally {
            session.close();
        }
        out.flush();
    }

    // ---- remote access, as JConsole and ssh users get it

    /** Runs one shell command over SSH as {@code user}: what it printed and its exit status. */
    protected SshShell.Result ssh(String user, String command) throws Exception {
        Object port = configurationAdmin
                .getConfiguration("org.apache.karaf.shell", null)
                .getProperties()
                .get("sshPort");
        return SshShell.run(Integer.parseInt(String.valueOf(port)), user, command);
    }

    /** A connection to Karaf's JMX connector as {@code user} of etc/users.properties (password = name). */
    protected JMXConnector jmx(String user) throws IOException {
        Dictionary<String, Object> management = configurationAdmin
                .getConfiguration("org.apache.karaf.management", null)
                .getProperties();
        String name = System.getProperty("karaf.name", "root");
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + management.get("rmiServerPort")
                + "/jndi/rmi://127.0.0.1:" + management.get("rmiRegistryPort") + "/karaf-" + name);
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, user}));
    }

    // ---- karaf.log

    /** Allows ERROR lines containing {@code fragment}: the test provokes them. */
    protected static void expectLogError(String fragment) {
        expectedErrors.add(fragment);
    }

    protected static Path karafLog() {
        String dir = System.getProperty("karaf.log");
        if (dir == null) {
            dir = System.getProperty("karaf.data") + "/log";
        }
        return Paths.get(dir, "karaf.log");
    }

    protected static List<String> logLines() {
        try {
            return Files.readAllLines(karafLog(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The lines of karaf.log that contain {@code fragment}. */
    protected static List<String> logLinesWith(String fragment) {
        return logLines().stream().filter(line -> line.contains(fragment)).collect(Collectors.toList());
    }

    /**
     * Deletes the configurations the test created once Config Admin's listeners have been told of
     * their last change, waits until the deletions have been told and the instances' MBeans and
     * threads are gone, then checks karaf.log for ERROR lines nobody expected.
     */
    @After
    public void cleanUpAndCheckLog() throws Exception {
        configurationEvents.awaitDelivered();
        for (org.osgi.service.cm.Configuration configuration : created) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it
            }
        }
        created.clear();
        configurationEvents.awaitDelivered();
        configurationEvents.close();
        Poll.until(
                "every FCRP MBean service gone after the test",
                TIMEOUT,
                () -> references(io.fcrp.api.jmx.ReplicationPrimaryMBean.class, null)
                                .isEmpty()
                        && references(io.fcrp.api.jmx.ReplicaClientMBean.class, null)
                                .isEmpty());
        FcrpThreads.awaitNone(TIMEOUT);
        List<String> unexpected = new ArrayList<>();
        for (String line : logLines()) {
            if (line.contains("| ERROR |") && expectedErrors.stream().noneMatch(line::contains)) {
                unexpected.add(line);
            }
        }
        if (!unexpected.isEmpty()) {
            fail("karaf.log has ERROR lines:\n" + String.join("\n", unexpected));
        }
        assertTrue("karaf.log exists at " + karafLog(), Files.exists(karafLog()));
    }
}
