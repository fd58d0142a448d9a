package io.fcrp.itests;

import static io.fcrp.itests.Stores.bytes;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationServer;
import io.fcrp.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Issue 8, finding 7: the token and the commands that change something are for admins. A viewer
 * (roles viewer and ssh) can read the token through no MBean and cannot run fcrp:put or
 * fcrp:resync (nor, issue 9, fcrp:stop, fcrp:start, fcrp:reconnect or fcrp:disconnect); an admin
 * can. The token can also stay out of the configuration: in a token file, or behind Felix Config
 * Admin's interpolation ($[secret:...], $[env:...]).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends FcrpKarafTestSupport {

    private static final String TOKEN = "security-it-s3cret";
    private static final String STRING = String.class.getName();
    /** The access control files the feature installs, as Config Admin PIDs. */
    private static final String[] ACL_PIDS = {
        "org.apache.karaf.command.acl.fcrp",
        "jmx.acl.osgi.compendium.cm._._",
        "jmx.acl.org.apache.karaf.config._",
        "jmx.acl.org.apache.karaf.scr._"
    };

    @Inject
    protected ServiceComponentRuntime components;

    @Test
    public void aViewerCannotReadTheTokenThroughAnyMBeanWhileAnAdminCan() throws Exception {
        Configuration primary = primary("sec-jmx", "bind.addr", loopback(freePort()), "auth.token", TOKEN);
        service(KeyValueStore.class, "sec-jmx");
        awaitAccessControlFiles();
        String pid = primary.getPid();
        String karaf = System.getProperty("karaf.name", "root");
        ObjectName karafConfig = new ObjectName("org.apache.karaf:type=config,name=" + karaf);
        ObjectName scr = new ObjectName("org.apache.karaf:type=scr,name=" + karaf);
        Object[] componentOfFcrp = {fcrpImplBundle().getBundleId(), "io.fcrp.primary"};
        String[] bundleAndName = {"long", STRING};
        try (JMXConnector viewerConnector = jmx(VIEWER);
                JMXConnector adminConnector = jmx(ADMIN)) {
            MBeanServerConnection viewer = viewerConnector.getMBeanServerConnection();
            MBeanServerConnection admin = adminConnector.getMBeanServerConnection();
            Set<ObjectName> cms = admin.queryNames(new ObjectName("osgi.compendium:service=cm,*"), null);
            assertEquals("one Config Admin MBean: " + cms, 1, cms.size());
            ObjectName cm = cms.iterator().next();

            // Config Admin's standard MBean
            refused(() -> viewer.invoke(cm, "getProperties", new Object[] {pid}, new String[] {STRING}));
            assertTrue(String.valueOf(admin.invoke(cm, "getProperties", new Object[] {pid}, new String[] {STRING}))
                    .contains(TOKEN));
            assertNotNull(
                    "other configurations stay readable for viewers",
                    viewer.invoke(cm, "getProperties", new Object[] {"org.apache.karaf.shell"}, new String[] {STRING}));
            // Karaf's configuration MBean
            refused(() -> viewer.invoke(karafConfig, "listProperties", new Object[] {pid}, new String[] {STRING}));
            refused(() -> viewer.invoke(
                    karafConfig, "getProperty", new Object[] {pid, "auth.token"}, new String[] {STRING, STRING}));
            assertEquals(
                    TOKEN, admin.invoke(karafConfig, "getProperty", new Object[] {pid, "auth.token"}, new String[] {
                        STRING, STRING
                    }));
            // Karaf's Declarative Services MBean: component properties are configuration properties
            refused(() -> viewer.getAttribute(scr, "ComponentConfigs"));
            refused(() -> viewer.invoke(scr, "getComponentConfigs", componentOfFcrp, bundleAndName));
            assertTrue(String.valueOf(admin.invoke(scr, "getComponentConfigs", componentOfFcrp, bundleAndName))
                    .contains(TOKEN));
            assertNotNull("viewers still see the components", viewer.getAttribute(scr, "Components"));
        }
    }

    @Test
    public void aViewerCannotRunPutOrResyncOverSshWhileAnAdminCan() throws Exception {
        int port = freePort();
        primary("sec-ssh-p", "bind.addr", loopback(port), "auth.token", TOKEN);
        replica("sec-ssh-r", "replica.of", loopback(port), "auth.token", TOKEN);
        KeyValueStore store = service(KeyValueStore.class, "sec-ssh-p");
        ReplicaClient client = service(ReplicaClient.class, "sec-ssh-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);
        awaitAccessControlFiles();

        SshShell.Result status = ssh(VIEWER, "fcrp:status");
        assertEquals(status.toString(), 0, status.exitStatus);
        assertTrue(status.output, status.output.contains("sec-ssh-p"));
        SshShell.Result put = ssh(VIEWER, "fcrp:put sec-ssh-p viewer-key viewer-value");
        assertNotEquals(put.toString(), 0, put.exitStatus);
        assertTrue("for a viewer the command does not exist: " + put, put.output.contains("Command not found"));
        assertNull("a viewer wrote nothing", store.get(bytes("viewer-key")));
        long snapshots = client.status().snapshotsLoaded();
        SshShell.Result resync = ssh(VIEWER, "fcrp:resync sec-ssh-r");
        assertNotEquals(resync.toString(), 0, resync.exitStatus);
        assertEquals("a viewer forced no snapshot", snapshots, client.status().snapshotsLoaded());

        // what the README warns of: config:list shows every configuration to any shell user, a token included
        SshShell.Result list = ssh(VIEWER, "config:list '(service.pid=io.fcrp.primary~sec-ssh-p)'");
        assertTrue(list.toString(), list.output.contains("auth.token = " + TOKEN));

        SshShell.Result adminPut = ssh(ADMIN, "fcrp:put sec-ssh-p admin-key admin-value");
        assertEquals(adminPut.toString(), 0, adminPut.exitStatus);
        assertArrayEquals(bytes("admin-value"), store.get(bytes("admin-key")));
        SshShell.Result adminResync = ssh(ADMIN, "fcrp:resync sec-ssh-r");
        assertEquals(adminResync.toString(), 0, adminResync.exitStatus);
        Poll.until(
                "the admin's resync loaded a snapshot",
                TIMEOUT,
                () -> client.status().snapshotsLoaded() > snapshots && client.state() == ReplicaState.STREAMING);
    }

    /** Issue 9: watching is for viewers; reconnect, disconnect, stop and start are for admins. */
    @Test
    public void aViewerCanWatchButCannotStopStartReconnectOrDisconnectWhileAnAdminCan() throws Exception {
        int port = streamingPair("sec-ops");
        ReplicaClient client = service(ReplicaClient.class, "sec-ops-r");
        awaitAccessControlFiles();

        SshShell.Result watch = ssh(VIEWER, "fcrp:watch --count 1");
        assertEquals(watch.toString(), 0, watch.exitStatus);
        assertTrue(watch.output, watch.output.contains("sec-ops-r"));
        long session =
                service(ReplicationServer.class, "sec-ops-p").sessions().get(0).id();
        for (String command : new String[] {
            "fcrp:stop sec-ops-r",
            "fcrp:start sec-ops-r",
            "fcrp:reconnect sec-ops-r",
            "fcrp:disconnect sec-ops-p " + session,
            "fcrp:stop sec-ops-p"
        }) {
            SshShell.Result refused = ssh(VIEWER, command);
            assertNotEquals(refused.toString(), 0, refused.exitStatus);
            assertTrue(
                    "for a viewer " + command + " does not exist: " + refused,
                    refused.output.contains("Command not found"));
        }
        assertEquals("a viewer changed nothing", ReplicaState.STREAMING, client.state());
        assertEquals(0, client.status().reconnects());
        assertTrue(accepts(port));

        SshShell.Result stop = ssh(ADMIN, "fcrp:stop sec-ops-r");
        assertEquals(stop.toString(), 0, stop.exitStatus);
        assertEquals(ReplicaState.STOPPED, client.state());
        SshShell.Result start = ssh(ADMIN, "fcrp:start sec-ops-r");
        assertEquals(start.toString(), 0, start.exitStatus);
        Poll.until("the admin's start made a new client stream", TIMEOUT, () -> {
            ReplicaClient started = findService(ReplicaClient.class, "sec-ops-r");
            return started != null && started.state() == ReplicaState.STREAMING;
        });
    }

    @Test
    public void theTokenCanStayOutOfTheConfigurationInAFileOrBehindInterpolation() throws Exception {
        expectLogError("auth.token holds $[env:FCRP_IT_UNSET_VARIABLE], which Config Admin's interpolation did not "
                + "replace");
        Path secret = Paths.get(System.getProperty("karaf.etc"), "fcrp-it-token");
        Files.writeString(secret, TOKEN + "\n");
        try {
            // $[secret:...] (Felix interpolation, secrets in ${karaf.etc}) and auth.token.file (relative to it)
            int port = freePort();
            Configuration primary =
                    primary("sec-secret-p", "bind.addr", loopback(port), "auth.token", "$[secret:fcrp-it-token]");
            replica("sec-file-r", "replica.of", loopback(port), "auth.token.file", "fcrp-it-token");
            ReplicaClient admitted = service(ReplicaClient.class, "sec-file-r");
            Poll.until(
                    "the replica with the token file is admitted",
                    TIMEOUT,
                    () -> admitted.state() == ReplicaState.STREAMING);
            assertEquals(
                    "Config Admin (config:list, its MBean) holds the placeholder",
                    "$[secret:fcrp-it-token]",
                    primary.getProperties().get("auth.token"));
            assertEquals(
                    "Declarative Services holds the resolved token",
                    TOKEN,
                    componentProperties("io.fcrp.primary", "sec-secret-p").get("auth.token"));
            Map<String, Object> replicaProperties = componentProperties("io.fcrp.replica", "sec-file-r");
            assertNull("with a token file no view holds the token", replicaProperties.get("auth.token"));
            assertFalse(String.valueOf(replicaProperties).contains(TOKEN));

            // $[env:...]: the container's environment
            int envPort = freePort();
            primary("sec-env-p", "bind.addr", loopback(envPort), "auth.token", "$[env:PATH]");
            replica("sec-env-r", "replica.of", loopback(envPort), "auth.token", System.getenv("PATH"));
            ReplicaClient envReplica = service(ReplicaClient.class, "sec-env-r");
            Poll.until(
                    "the primary's token is the environment's PATH",
                    TIMEOUT,
                    () -> envReplica.state() == ReplicaState.STREAMING);

            // a placeholder nothing replaced is refused, not taken as the token
            primary("sec-unset-p", "bind.addr", loopback(freePort()), "auth.token", "$[env:FCRP_IT_UNSET_VARIABLE]");
            Poll.until(
                    "the rejection",
                    TIMEOUT,
                    () -> !logLinesWith("configuration io.fcrp.primary~sec-unset-p "
                                    + "rejected: auth.token holds $[env:FCRP_IT_UNSET_VARIABLE]")
                            .isEmpty());
            assertTrue(references(KeyValueStore.class, "sec-unset-p").isEmpty());
        } finally {
            Files.delete(secret);
        }
    }

    /** The configuration properties Declarative Services gave the component of instance {@code name}. */
    private Map<String, Object> componentProperties(String component, String name) {
        return Poll.await(component + " " + name + " active", TIMEOUT, () -> {
            for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(fcrpImplBundle())) {
                if (!description.name.equals(component)) {
                    continue;
                }
                for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                    if (String.valueOf(configuration.properties.get("service.pid"))
                            .endsWith("~" + name)) {
                        return configuration.properties;
                    }
                }
            }
            return null;
        });
    }

    private Bundle fcrpImplBundle() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if ("io.fcrp.fcrp-impl".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no fcrp-impl bundle");
    }

    /** Waits until Config Admin has the feature's access control files (FileInstall reads etc/ every second). */
    private void awaitAccessControlFiles() {
        for (String pid : ACL_PIDS) {
            Poll.until("the access control configuration " + pid, TIMEOUT, () -> {
                try {
                    return configurationAdmin.listConfigurations("(service.pid=" + pid + ")") != null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static void refused(Callable<Object> call) throws Exception {
        try {
            call.call();
            fail("a viewer was let through");
        } catch (SecurityException expected) {
            // Insufficient roles/credentials for operation
        }
    }
}
