package io.fcrp.impl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the {@code fcrp} tool. It talks only through the given streams, so tests can
 * run it in-process: stdout carries the contract's lines, stderr messages for humans.
 */
public interface Command {

    /** The word that selects the command, e.g. {@code primary}. */
    String name();

    /** The synopsis and options, printed on usage errors. */
    String usage();

    /**
     * Runs the command with the arguments that follow its name.
     *
     * @return the exit code: 0 success, 1 replication or protocol failure, 2 usage error
     */
    int run(List<String> args, InputStream in, PrintStream out, PrintStream err);
}
