package io.fcrp.itests;

import static io.fcrp.itests.Stores.bytes;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.fcrp.api.KeyValueStore;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicationServer;
import io.fcrp.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;

/**
 * Issue 9, the shell as operators use it: fcrp:disconnect, fcrp:reconnect, fcrp:stop and
 * fcrp:start change the running instances as the JMX operations do; fcrp:watch refreshes a live
 * screen until Ctrl-C; a missing key or an unknown instance is a clear error with a non-zero exit
 * status; fcrp:status shows rejected configurations and summarised watermarks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends FcrpKarafTestSupport {

    @Test
    public void disconnectClosesOneSessionAndTheReplicaComesBackByItself() throws Exception {
        int port = streamingPair("dis");
        ReplicationServer server = service(ReplicationServer.class, "dis-p");
        ReplicaSessionInfo session = server.sessions().get(0);

        String closed = execute("fcrp:disconnect dis-p " + session.id());
        assertTrue(
                closed,
                closed.contains("closed session " + session.id() + " (" + session.remoteAddress()
                        + ") of primary dis-p; the replica reconnects by itself"));
        ReplicaClient client = service(ReplicaClient.class, "dis-r");
        Poll.until(
                "the replica reconnected and streams",
                TIMEOUT,
                () -> client.status().reconnects() == 1
                        && client.state() == ReplicaState.STREAMING
                        && server.sessions().size() == 1);
        long newSession = server.sessions().get(0).id();
        assertNotEquals(session.id(), newSession);

        String unknown = execute("fcrp:disconnect dis-p 999");
        assertTrue(unknown, unknown.contains("primary dis-p has no open session 999; open sessions: " + newSession));
        assertTrue(accepts(port));
    }

    @Test
    public void reconnectMakesTheReplicaContinueFromItsWatermarks() throws Exception {
        int port = streamingPair("rec");
        ReplicaClient client = service(ReplicaClient.class, "rec-r");
        long snapshots = client.status().snapshotsLoaded();

        String reconnect = execute("fcrp:reconnect rec-r");
        assertTrue(
                reconnect,
                reconnect.contains(
                        "replica rec-r reconnects to " + loopback(port) + " and continues from its watermarks"));
        Poll.until(
                "a second connection that streams",
                TIMEOUT,
                () -> client.status().reconnects() == 1 && client.state() == ReplicaState.STREAMING);
        assertEquals("no new snapshot", snapshots, client.status().snapshotsLoaded());
    }

    @Test
    public void stopAndStartUndoEachOtherForAPrimaryAndForAReplica() throws Exception {
        int port = streamingPair("ss");
        KeyValueStore store = service(KeyValueStore.class, "ss-p");
        store.set(bytes("before"), bytes("stop"));
        Poll.until(
                "the value on the replica",
                TIMEOUT,
                () -> execute("fcrp:get ss-r before").contains("stop"));

        String stopPrimary = execute("fcrp:stop ss-p");
        assertTrue(
                stopPrimary,
                stopPrimary.contains("primary ss-p stopped serving: its port and replica sessions are "
                        + "closed, its store stays; fcrp:start ss-p serves again"));
        awaitClosed(port);
        assertTrue(execute("fcrp:status").matches("(?s).*ss-p +\\| primary +\\| not serving .*"));
        assertTrue(execute("fcrp:stop ss-p").contains("primary ss-p was not serving"));
        String startPrimary = execute("fcrp:start ss-p");
        assertTrue(startPrimary, startPrimary.contains("primary ss-p serves again on " + loopback(port)));
        awaitListening(port);
        ReplicaClient client = service(ReplicaClient.class, "ss-r");
        Poll.until("the replica streams again", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);

        String stopReplica = execute("fcrp:stop ss-r");
        assertTrue(
                stopReplica,
                stopReplica.contains("replica ss-r stopped replicating; its data stays readable; "
                        + "fcrp:start ss-r starts it again"));
        assertEquals(ReplicaState.STOPPED, client.state());
        assertEquals("stop", execute("fcrp:get ss-r before").trim());
        store.set(bytes("while"), bytes("stopped"));
        assertTrue(execute("fcrp:stop ss-r").contains("replica ss-r was stopped already"));
        assertTrue(execute("fcrp:reconnect ss-r").contains("replica ss-r is stopped; fcrp:start ss-r starts it"));
        assertTrue(execute("fcrp:resync ss-r").contains("replica ss-r is stopped; fcrp:start ss-r starts it"));

        String startReplica = execute("fcrp:start ss-r");
        assertTrue(
                startReplica,
                startReplica.contains(
                        "replica ss-r replicates again from " + loopback(port) + ", continuing from its watermarks"));
        Poll.until(
                "the write made while it was stopped",
                TIMEOUT,
                () -> execute("fcrp:get ss-r while").contains("stopped"));
        assertEquals(
                "caught up without a snapshot",
                0,
                service(ReplicaClient.class, "ss-r").status().snapshotsLoaded());
        assertTrue(execute("fcrp:start ss-r").contains("replica ss-r replicates already"));
    }

    @Test
    public void watchRefreshesItsScreenWithRatesAndSessionsAndStopsOnCountOrInterrupt() throws Exception {
        streamingPair("w");
        KeyValueStore store = service(KeyValueStore.class, "w-p");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> {
                    for (int i = 0; writing.get(); i++) {
                        store.set(bytes("key-" + (i % 1000)), bytes("value-" + i));
                        LockSupport.parkNanos(100_000); // a steady load, not a synchronisation
                    }
                },
                "watch-it-writer");
        writer.start();
        String screens;
        try {
            screens = execute("fcrp:watch --interval 0.3 --count 3");
        } finally {
            writing.set(false);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(writer.isAlive());
        assertEquals(screens, 3, count(screens, "fcrp:watch  "));
        assertTrue(screens, screens.matches("(?s).*Lag ms +\\| +p50/p99/p999/max +\\|.*"));
        // the first screen has no rates yet; the later ones count what was published and applied in between
        List<String> primaryRows = rows(screens, "w-p +\\| primary +\\| serving .*");
        List<String> replicaRows = rows(screens, "w-r +\\| replica +\\| STREAMING .*");
        assertEquals(3, primaryRows.size());
        assertTrue(primaryRows.get(0), primaryRows.get(0).matches(".*\\| +- \\| +- \\| +1"));
        assertTrue(primaryRows.get(2), rate(primaryRows.get(2), 2) > 0);
        assertTrue(replicaRows.get(2), rate(replicaRows.get(2), 2) > 0);
        assertTrue(screens, screens.matches("(?s).*w-p +\\| +\\d+ \\| 127\\.0\\.0\\.1:\\d+ +\\| LIVE .*"));

        String one = execute("fcrp:watch --count 1 w-r");
        assertTrue(one, one.contains("w-r"));
        assertFalse(one, one.contains("w-p"));
        assertTrue(execute("fcrp:watch nosuch")
                .contains("no primary or replica named 'nosuch'; primaries: w-p; " + "replicas: w-r"));

        // without --count it runs until Ctrl-C, on which the console interrupts the command's job: its pipe thread
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread watching = new Thread(() -> executeAsAdmin("fcrp:watch --interval 0.2", output), "watch-it-console");
        watching.start();
        Poll.until("two screens", TIMEOUT, () -> count(output.toString(StandardCharsets.UTF_8), "fcrp:watch  ") >= 2);
        Thread job = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("pipe-fcrp:watch"))
                .findFirst()
                .orElseThrow();
        job.interrupt();
        watching.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse("fcrp:watch ended on the interrupt", watching.isAlive());
        assertFalse(
                output.toString(StandardCharsets.UTF_8),
                output.toString(StandardCharsets.UTF_8).contains("Error"));
    }

    @Test
    public void aMissingKeyAndAnUnknownInstanceAreClearErrorsWithANonZeroExitStatus() throws Exception {
        streamingPair("err");

        SshShell.Result missing = ssh(ADMIN, "fcrp:get err-r nope");
        assertEquals(missing.toString(), 1, missing.exitStatus);
        assertTrue(missing.output, missing.output.contains("no live entry for key 'nope' in err-r"));
        SshShell.Result unknown = ssh(ADMIN, "fcrp:status nosuch");
        assertEquals(unknown.toString(), 1, unknown.exitStatus);
        assertTrue(
                unknown.output,
                unknown.output.contains(
                        "no primary or replica named 'nosuch'; primaries: err-p; " + "replicas: err-r"));
        SshShell.Result stopUnknown = ssh(ADMIN, "fcrp:stop nosuch");
        assertEquals(stopUnknown.toString(), 1, stopUnknown.exitStatus);
        assertTrue(stopUnknown.output, stopUnknown.output.contains("primaries: err-p; replicas: err-r"));
        SshShell.Result found = ssh(ADMIN, "fcrp:get err-p nope");
        assertEquals(1, found.exitStatus);
        // user errors are not failures of the container: karaf.log gets no ERROR line (checked after each test)
    }

    @Test
    public void statusShowsRejectedConfigurationsAndSummarisedWatermarks() throws Exception {
        expectLogError("FCRP replica: configuration io.fcrp.replica~rej-r rejected");
        int port = freePort();
        primary("rej-p", "bind.addr", loopback(port));
        Configuration replica = replica("rej-r", "replica.of", loopback(port));
        ReplicaClient client = service(ReplicaClient.class, "rej-r");
        Poll.until("replica streaming", TIMEOUT, () -> client.state() == ReplicaState.STREAMING);

        update(replica, "replica.of", loopback(port), "reconnect.backoff.max.ms", "10");
        String status = Poll.await("the rejection in fcrp:status", TIMEOUT, () -> {
            String text = execute("fcrp:status");
            return text.contains("Rejected configurations") ? text : null;
        });
        // the reason and what runs now are wrapped in their columns
        assertTrue(
                status,
                status.matches("(?s).*io\\.fcrp\\.replica~rej-r +\\| [0-9-]+ [0-9:]+ +\\| "
                        + "reconnect\\.backoff\\.max\\.ms must be at least .*"));
        assertTrue(status, status.contains("not 10") && status.contains("the replica keeps running"));
        String details = execute("fcrp:status rej-r");
        assertTrue(
                details,
                details.matches("(?s).*Rejected change +\\| [0-9-]+ [0-9:]+ io\\.fcrp\\.replica~rej-r: "
                        + "reconnect\\.backoff\\.max\\.ms.*"));
        update(replica, "replica.of", loopback(port));
        Poll.until(
                "a valid configuration withdraws it",
                TIMEOUT,
                () -> !execute("fcrp:status").contains("Rejected"));

        String primary = execute("fcrp:status rej-p");
        assertTrue(primary, primary.matches("(?s).*Watermarks +\\| 16 shards: min \\d+, max \\d+, sum [0-9.e+]+\\b.*"));
        String every = execute("fcrp:status --watermarks rej-p");
        assertEquals(every, 16, count(every.replaceAll("\\d{15,}", "#"), "#"));
        String replicaDetails = execute("fcrp:status rej-r");
        assertTrue(replicaDetails, replicaDetails.matches("(?s).*Shards behind +\\| 0\\b.*"));
        assertTrue(replicaDetails, replicaDetails.matches("(?s).*Lag ms p50/p99/p999/max +\\| \\d+/\\d+/\\d+/\\d+ .*"));
    }

    private static int count(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
            count++;
        }
        return count;
    }

    private static List<String> rows(String text, String regex) {
        return text.lines()
                .map(String::trim)
                .filter(line -> line.matches(regex))
                .collect(java.util.stream.Collectors.toList());
    }

    /** The {@code fromEnd}-th cell from the end of a table row (0: the last), as a number. */
    private static double rate(String row, int fromEnd) {
        String[] cells = row.split("\\|");
        Matcher number = Pattern.compile("[\\d,.]+").matcher(cells[cells.length - 1 - fromEnd].trim());
        assertTrue(row, number.find());
        return Double.parseDouble(number.group().replace(",", ""));
    }
}
