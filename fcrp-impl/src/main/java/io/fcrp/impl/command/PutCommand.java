package io.fcrp.impl.command;

import io.fcrp.api.KeyValueStore;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code fcrp:put <instance> <key> <value>}: writes one entry into a primary's embedded store. */
@Service
@Command(
        scope = "fcrp",
        name = "put",
        description = "Stores a value under a key in the embedded store of a primary; it is replicated like any other "
                + "write. Keys and values are taken as UTF-8 text.")
public final class PutCommand extends FcrpCommandSupport {

    @Argument(index = 0, name = "instance", required = true, description = "The primary to write to.")
    @Completion(WritableStoreCompleter.class)
    String instance;

    @Argument(index = 1, name = "key", required = true, description = "The key, as UTF-8 text.")
    String key;

    @Argument(index = 2, name = "value", required = true, description = "The value, as UTF-8 text.")
    String value;

    @Option(name = "-t", aliases = "--ttl", description = "Expire the entry after this many milliseconds.")
    long ttlMillis;

    @Override
    public Object execute() throws Exception {
        if (ttlMillis < 0) {
            throw new CommandException("--ttl must not be negative, not " + ttlMillis);
        }
        Instances instances = instances();
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        instances.use(
                instances.require(
                        KeyValueStore.class, instance, "writable store (a primary with an embedded " + "store)"),
                store -> {
                    if (ttlMillis > 0) {
                        store.set(
                                key.getBytes(StandardCharsets.UTF_8),
                                valueBytes,
                                System.currentTimeMillis() + ttlMillis);
                    } else {
                        store.set(key.getBytes(StandardCharsets.UTF_8), valueBytes);
                    }
                    return null;
                });
        System.out.println("stored '" + key + "' in " + instance + " (" + valueBytes.length + " bytes"
                + (ttlMillis > 0 ? ", expires in " + ttlMillis + " ms)" : ")"));
        return null;
    }
}
