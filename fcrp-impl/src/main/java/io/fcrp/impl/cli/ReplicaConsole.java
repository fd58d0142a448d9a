package io.fcrp.impl.cli;

import io.fcrp.api.ReplicaStatus;
import io.fcrp.impl.replica.ReplicaClientImpl;
import io.fcrp.impl.store.StoreDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code fcrp replica --stdin-commands}: a thread answering stdin lines while the replica runs:
 * {@code digest}, {@code watermarks}, {@code status}; {@code quit} and the end of stdin stop the
 * replica (which then prints its JSON line).
 */
final class ReplicaConsole {

    private final ReplicaClientImpl replica;
    private final StopSignal stop;
    private final PrintStream out;
    private final PrintStream err;
    private final Thread thread;
    private boolean closed;

    private ReplicaConsole(
            ReplicaClientImpl replica, StopSignal stop, InputStream in, PrintStream out, PrintStream err) {
        this.replica = replica;
        this.stop = stop;
        this.out = out;
        this.err = err;
        this.thread = new Thread(() -> readCommands(in), "fcrp-replica-stdin");
        // a read from stdin cannot be interrupted; the thread must not keep the JVM alive
        thread.setDaemon(true);
    }

    static ReplicaConsole start(
            ReplicaClientImpl replica, StopSignal stop, InputStream in, PrintStream out, PrintStream err) {
        ReplicaConsole console = new ReplicaConsole(replica, stop, in, out, err);
        console.thread.start();
        return console;
    }

    /** No answer is printed after this returns, so the JSON line stays the last one. */
    synchronized void close() {
        closed = true;
    }

    private void readCommands(InputStream in) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!handle(line.trim())) {
                    stop.raise(StopSignal.Reason.QUIT);
                    return;
                }
            }
        } catch (IOException e) {
            err.println("fcrp replica: reading stdin failed: " + e.getMessage());
        }
        stop.raise(StopSignal.Reason.END_OF_INPUT);
    }

    /** Answers one command; false for {@code quit}. */
    private synchronized boolean handle(String command) {
        if (closed) {
            return false;
        }
        switch (command) {
            case "quit":
                return false;
            case "digest":
                StoreDigest digest = StoreDigest.of(replica.replicaStore());
                out.println("DIGEST " + digest.hex() + " " + digest.liveKeys());
                break;
            case "watermarks":
                out.println("WATERMARKS "
                        + TextFormat.watermarkList(replica.replicaStore().watermarks()));
                break;
            case "status":
                ReplicaStatus status = replica.status();
                out.println("STATUS state=" + status.state() + " lastError="
                        + (status.lastError() == null ? "none" : status.lastError()));
                break;
            default:
                out.println("ERR unknown command '" + command + "' (digest, watermarks, status, quit)");
                break;
        }
        out.flush();
        return true;
    }
}
