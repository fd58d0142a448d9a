package io.fcrp.impl.command;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code fcrp:get <instance> <key>}: one value of a primary's or a replica's store. */
@Service
@Command(
        scope = "fcrp",
        name = "get",
        description = "Prints the value of a key in the store of a primary (embedded store) or of a replica. Keys and "
                + "values are shown as UTF-8 text.")
public final class GetCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "instance", required = true, description = "The primary or replica to read from.")
    @Completion(StoreCompleter.class)
    String instance;

    @Argument(index = 1, name = "key", required = true, description = "The key, as UTF-8 text.")
    String key;

    @Option(name = "-x", aliases = "--hex", description = "Print the value as hexadecimal bytes instead of text.")
    boolean hex;

    @Option(name = "-e", aliases = "--expiry", description = "Also print when the entry expires.")
    boolean expiry;

    @Option(
            name = "-g",
            aliases = "--governed",
            description = "Also read a governed entry (one a shardmap 0.6-0.7 "
                    + "primary replicated with governance metadata, hidden from plain reads) and print its metadata.")
    boolean governed;

    @Override
    public Object execute() throws Exception {
        Instances instances = instances();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        Entry entry = instances.use(
                instances.require(KeyValueView.class, instance, "store"),
                store -> governed ? store.getWithGovernance(keyBytes) : store.getEntry(keyBytes));
        if (entry == null) {
            throw new CommandException("no live entry for key '" + key + "' in " + instance
                    + (governed ? "" : " (a governed entry shows with --governed)"));
        }
        System.out.println(text(entry.value()));
        if (expiry) {
            System.out.println(
                    entry.hasExpiry() ? "expires at " + Instant.ofEpochMilli(entry.expireAtMs()) : "no expiry");
        }
        if (governed) {
            System.out.println(entry.isGoverned() ? "governance: " + text(entry.governance()) : "not governed");
        }
        return null;
    }

    private String text(byte[] bytes) {
        return hex ? hex(bytes) : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
