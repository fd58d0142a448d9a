package io.fcrp.impl.command;

import io.fcrp.api.PrimaryControl;
import io.fcrp.api.ReplicaClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.support.CommandException;

/** {@code fcrp:watch [instance]}: a screen refreshed like {@code top} until Ctrl-C (or {@code --count} screens). */
@Service
@Command(
        scope = "fcrp",
        name = "watch",
        description = "Shows the primaries and replicas (state, lag percentiles, records behind, records and bytes per "
                + "second since the previous screen, replica sessions) and refreshes the screen until Ctrl-C.")
public final class WatchCommand extends FcrpCommandSupport {

    /** Clears an ANSI terminal and puts the cursor at the top left. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Argument(index = 0, name = "instance", required = false, description = "Only this primary or replica.")
    @Completion(AnyInstanceCompleter.class)
    String instance;

    @Option(name = "-i", aliases = "--interval", description = "Seconds between two screens (at least 0.1).")
    double intervalSeconds = 1;

    @Option(name = "-c", aliases = "--count", description = "Stop after this many screens (0: until Ctrl-C).")
    int count;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        if (intervalSeconds < 0.1) {
            throw new CommandException("--interval must be at least 0.1 seconds, not " + intervalSeconds);
        }
        if (count < 0) {
            throw new CommandException("--count must not be negative, not " + count);
        }
        Instances instances = instances();
        if (instance != null
                && !instances.of(PrimaryControl.class).containsKey(instance)
                && !instances.of(ReplicaClient.class).containsKey(instance)) {
            throw instances.unknown("primary or replica", instance);
        }
        WatchScreen screen = new WatchScreen(instances, instance);
        boolean clear = ansi();
        long pauseNanos = (long) (intervalSeconds * 1e9);
        for (int shown = 0; count == 0 || shown < count; shown++) {
            if (shown > 0 && !pause(pauseNanos)) {
                break; // Ctrl-C: the console interrupts the command's thread
            }
            // built whole, then written at once, so the screen does not flicker
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(frame, false, StandardCharsets.UTF_8);
            out.print(clear ? CLEAR_SCREEN : shown > 0 ? System.lineSeparator() : "");
            out.println("fcrp:watch  " + time(System.currentTimeMillis()) + "  every "
                    + BigDecimal.valueOf(intervalSeconds).stripTrailingZeros().toPlainString() + " s  (Ctrl-C stops)");
            out.println();
            screen.print(out, System.nanoTime());
            out.flush();
            System.out.print(frame.toString(StandardCharsets.UTF_8));
            System.out.flush();
        }
        return null;
    }

    /** True when the screen can be cleared: an ANSI terminal, not a pipe or a dumb one. */
    private boolean ansi() {
        Terminal terminal = session == null ? null : session.getTerminal();
        return terminal != null && terminal.isAnsiSupported() && !"dumb".equals(terminal.getType());
    }

    /** Waits until the next screen; false when interrupted. */
    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos); // the refresh period of the screen, not a synchronisation
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
