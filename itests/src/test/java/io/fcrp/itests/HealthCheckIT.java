package io.fcrp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.fcrp.testkit.Poll;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * Issue 9, health checks: with the feature fcrp-healthcheck every primary and replica has a Felix
 * health check (tag fcrp), run by Karaf's hc:exec and published as an HC MBean. Its result turns
 * from OK to WARN and CRITICAL when a replica stops streaming, and back when it resumes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthCheckIT extends FcrpKarafTestSupport {

    private static final String THRESHOLDS_PID = "io.fcrp.healthcheck";
    /** A replica away this long is CRITICAL (default 30 s): long enough to see WARN first, short for the test. */
    private static final long NOT_STREAMING_MAX_MS = 6_000;

    @Override
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = features(fcrpFeatures(), "fcrp-healthcheck");
        return all;
    }

    @Test
    public void aReplicaTurnsCriticalWhenStoppedAndOkWhenItResumesAndWarnsWhileItsPrimaryIsAway() throws Exception {
        Configuration thresholds = configurationAdmin.getConfiguration(THRESHOLDS_PID, null);
        thresholds.update(properties("not.streaming.max.ms", NOT_STREAMING_MAX_MS));
        try {
            int port = streamingPair("hc");
            ObjectName replicaCheck = healthCheck("fcrp-replica-hc-r");
            ObjectName primaryCheck = healthCheck("fcrp-primary-hc-p");
            awaitStatus(replicaCheck, "OK");
            awaitStatus(primaryCheck, "OK");
            assertTrue(
                    log(replicaCheck),
                    log(replicaCheck).startsWith("replica hc-r streams from " + loopback(port) + ": lag p50 "));
            String exec = execute("hc:exec fcrp");
            assertTrue(
                    exec,
                    exec.contains("Overall Health Result: OK")
                            && exec.contains("FCRP replica hc-r")
                            && exec.contains("FCRP primary hc-p"));
            // over ssh Karaf prints no command's return value; piped, the value is printed
            SshShell.Result remote = ssh(VIEWER, "hc:exec fcrp | cat");
            assertTrue(remote.toString(), remote.exitStatus == 0 && remote.output.contains("FCRP replica hc-r"));
            String list = execute("hc:list -v");
            assertTrue(
                    list, list.matches("(?s).*FCRP replica hc-r +fcrp,fcrp-replica +io\\.fcrp\\.fcrp-healthcheck.*"));

            // a stopped replica: CRITICAL at once, OK again once it resumes
            execute("fcrp:stop hc-r");
            awaitStatus(replicaCheck, "CRITICAL");
            assertEquals(
                    "replica hc-r is stopped: it does not follow " + loopback(port)
                            + " (fcrp:start hc-r starts it again)",
                    log(replicaCheck));
            assertTrue(execute("hc:exec fcrp").contains("Overall Health Result: CRITICAL"));
            execute("fcrp:start hc-r");
            awaitStatus(replicaCheck, "OK");

            // its primary stops: the replica backs off, WARN, and CRITICAL after not.streaming.max.ms
            execute("fcrp:stop hc-p");
            awaitStatus(primaryCheck, "CRITICAL");
            awaitStatus(replicaCheck, "WARN");
            assertTrue(
                    log(replicaCheck),
                    log(replicaCheck)
                            .matches("replica hc-r is (BACKING_OFF|CONNECTING) for \\d+ "
                                    + "ms, not streaming from " + loopback(port).replace(".", "\\.")
                                    + " \\(critical after "
                                    + NOT_STREAMING_MAX_MS + " ms\\).*"));
            awaitStatus(replicaCheck, "CRITICAL");
            execute("fcrp:start hc-p");
            awaitStatus(primaryCheck, "OK");
            awaitStatus(replicaCheck, "OK");
        } finally {
            delete(thresholds);
        }
    }

    @Test
    public void checksComeAndGoWithTheirInstances() throws Exception {
        int port = freePort();
        Configuration primary = primary("hc-gone", "bind.addr", loopback(port));
        ObjectName check = healthCheck("fcrp-primary-hc-gone");
        awaitStatus(check, "OK");
        delete(primary);
        Poll.until("the check's MBean is gone with the primary", TIMEOUT, () -> !MBEANS.isRegistered(check));
        assertTrue(execute("hc:list -v"), !execute("hc:list -v").contains("hc-gone"));
    }

    private static ObjectName healthCheck(String name) throws Exception {
        Hashtable<String, String> keys = new Hashtable<>();
        keys.put("type", "HealthCheck");
        keys.put("name", name);
        return new ObjectName("org.apache.felix.healthcheck", keys);
    }

    /** Polls the HC MBean (its results are cached for 2 s) until its status is {@code expected}. */
    private static void awaitStatus(ObjectName check, String expected) {
        Poll.until(
                check.getKeyProperty("name") + " " + expected,
                TIMEOUT,
                () -> MBEANS.isRegistered(check) && expected.equals(String.valueOf(attribute(check, "status"))));
    }

    /** The messages of the check's last result in their order, joined by " | ". */
    private static String log(ObjectName check) {
        TabularData log = (TabularData) attribute(check, "log");
        return log.values().stream()
                .map(CompositeData.class::cast)
                .sorted(Comparator.comparing(row -> (Integer) row.get("index")))
                .map(row -> String.valueOf(row.get("message")))
                .collect(Collectors.joining(" | "));
    }

    private static Object attribute(ObjectName name, String attribute) {
        try {
            return MBEANS.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new IllegalStateException(name + " " + attribute + ": " + e, e);
        }
    }
}
