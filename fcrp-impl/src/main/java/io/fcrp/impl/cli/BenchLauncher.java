package io.fcrp.impl.cli;

import io.fcrp.impl.bench.BenchCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code fcrp bench}: hands its arguments to {@link BenchCommand}, which parses them itself.
 * Its {@code run} is called rather than its {@code main}, so the tool keeps ownership of the
 * streams and of the process exit.
 */
public final class BenchLauncher implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: fcrp bench [--writers N] [--mutations N] [--snapshot-keys N] [--compression none|zstd]",
                "                  [--backlog-bytes B] [--sections replication,snapshot,memory]",
                "  Replication throughput, lag, snapshot speed and memory per entry, one line of figures each.");
    }

    @Override
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        try {
            return BenchCommand.run(args.toArray(new String[0]), out, err);
        } catch (IllegalArgumentException e) {
            return Fcrp.usageError(err, "bench", e.getMessage(), usage());
        } catch (IOException e) {
            err.println("fcrp bench: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("fcrp bench: interrupted");
            return ExitCodes.FAILURE;
        }
    }
}
