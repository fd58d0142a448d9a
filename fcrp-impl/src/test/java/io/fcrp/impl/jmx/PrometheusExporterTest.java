package io.fcrp.impl.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.testkit.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' JMX exporter (its Java agent from Maven Central, default rules: an empty
 * configuration) exports every numeric figure of the three FCRP MBeans under a sensible name,
 * {@code io_fcrp_<Kind>_<Attribute>{name="<instance>"}}, the session table's columns with the session
 * id as a label and the metrics record's items by their reference names (issue 9). The agent runs
 * in a forked JVM ({@link ExporterFixture}) and is scraped over 127.0.0.1; the scrape is kept as
 * {@code target/jmx-exporter/sample-scrape.txt}.
 */
class PrometheusExporterTest {

    private static final Set<Class<?>> NUMERIC = Set.of(int.class, long.class, double.class, boolean.class);

    @TempDir
    Path work;

    @Test
    void everyFigureIsExportedWithASensibleName() throws Exception {
        Path agent = Paths.get(
                System.getProperty("fcrp.jmxExporterAgent", "target/jmx-exporter/jmx_prometheus_javaagent.jar"));
        assertTrue(Files.isRegularFile(agent), "the agent is copied by the build: " + agent);
        Path config = Files.writeString(work.resolve("exporter.yaml"), "{}\n");
        int port = freePort();
        Process jvm = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-javaagent:" + agent + "=127.0.0.1:" + port + ":" + config,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExporterFixture.class.getName())
                .redirectError(work.resolve("fixture.err").toFile())
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertEquals("READY", ready, () -> "the fixture failed: " + errors());
            String scrape = scrape(port);
            Path sample = Paths.get("target", "jmx-exporter", "sample-scrape.txt");
            Files.createDirectories(sample.getParent());
            Files.writeString(sample, fcrpLines(scrape));

            List<String> missing = new ArrayList<>();
            expectAll(scrape, ReplicationPrimaryMBean.class, "ReplicationPrimary", "east", missing);
            expectAll(scrape, SnapshotProviderMBean.class, "SnapshotProvider", "east", missing);
            expectAll(scrape, ReplicaClientMBean.class, "ReplicaClient", "west", missing);
            for (String column : OpenTypes.SESSION_ITEMS) {
                if (!column.equals("id")
                        && !column.equals("address")
                        && !column.equals("state")
                        && !column.equals("connectedSince")) {
                    expect(scrape, "io_fcrp_ReplicationPrimary_ReplicaSessions_" + column, missing);
                }
            }
            expect(scrape, "io_fcrp_ReplicationPrimary_Metrics_sent_batches", missing);
            assertTrue(missing.isEmpty(), "not exported: " + missing + "\n" + fcrpLines(scrape));
            assertTrue(
                    !scrape.contains("io_fcrp_ReplicationPrimary_Metrics_replica_"),
                    "no always-zero replica_* metric on the primary");
            assertEquals(4.0, value(scrape, "io_fcrp_ReplicaClient_StateCode\\{name=\"west\",?\\}"), "STREAMING");
            assertEquals(100.0, value(scrape, "io_fcrp_ReplicaClient_EntryCount\\{name=\"west\",?\\}"));
            assertEquals(0.0, value(scrape, "io_fcrp_ReplicaClient_RecordsBehind\\{name=\"west\",?\\}"));
            assertEquals(1.0, value(scrape, "io_fcrp_ReplicationPrimary_ConnectedReplicaCount\\{name=\"east\",?\\}"));
            assertEquals(1.0, value(scrape, "io_fcrp_ReplicationPrimary_Serving\\{name=\"east\",?\\}"));
        } finally {
            jvm.getOutputStream().close();
            if (!jvm.waitFor(20, TimeUnit.SECONDS)) {
                jvm.destroyForcibly().waitFor();
            }
        }
    }

    /** Every int, long, double and boolean attribute of {@code mbean}. */
    private static void expectAll(String scrape, Class<?> mbean, String kind, String instance, List<String> missing) {
        for (Method method : mbean.getMethods()) {
            String name = method.getName();
            if (method.getParameterCount() == 0
                    && NUMERIC.contains(method.getReturnType())
                    && (name.startsWith("get") || name.startsWith("is"))) {
                expect(
                        scrape,
                        "io_fcrp_" + kind + "_" + name.substring(name.startsWith("is") ? 2 : 3) + "{name=\"" + instance
                                + "\"",
                        missing);
            }
        }
    }

    private static void expect(String scrape, String prefix, List<String> missing) {
        if (!scrape.lines().anyMatch(line -> line.startsWith(prefix))) {
            missing.add(prefix);
        }
    }

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        if (!matcher.find()) {
            fail("no series " + series);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String fcrpLines(String scrape) {
        StringBuilder lines = new StringBuilder();
        scrape.lines()
                .filter(line -> line.startsWith("io_fcrp_"))
                .forEach(line -> lines.append(line).append('\n'));
        return lines.toString();
    }

    /** The agent's page, polled until it answers (its HTTP server starts with the JVM). */
    private String scrape(int port) {
        return Poll.await(
                "the exporter to answer on 127.0.0.1:" + port,
                Duration.ofSeconds(30),
                () -> {
                    try {
                        return page(port);
                    } catch (IOException notYet) {
                        throw new UncheckedIOException(notYet);
                    }
                },
                this::errors);
    }

    private static String page(int port) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(10_000);
        try {
            assertEquals(200, connection.getResponseCode());
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private String errors() {
        try {
            return Files.readString(work.resolve("fixture.err"));
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
