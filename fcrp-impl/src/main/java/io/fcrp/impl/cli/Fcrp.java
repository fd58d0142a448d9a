package io.fcrp.impl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code fcrp} command-line tool (design.md, "The fcrp command-line tool"): {@code primary},
 * {@code replica}, {@code decode} and {@code bench}. stdout carries only the contract's lines;
 * logs go to stderr (level warn, info with {@code --verbose}). Exit codes: 0 success, 1
 * replication or protocol failure, 2 usage error.
 */
public final class Fcrp {

    private static final String VERBOSE = "--verbose";

    private Fcrp() {}

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains(VERBOSE));
        int code;
        try {
            code = run(args, System.in, System.out, System.err, ShutdownHooks.jvm());
        } catch (RuntimeException e) {
            // a bug, not a usage or replication problem: say what it was without a stack trace on stdout
            System.err.println("fcrp: unexpected failure: " + e);
            code = ExitCodes.FAILURE;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs one command line with the given streams; in-process callers (tests) pass
     * {@link ShutdownHooks#none()}.
     *
     * @return the exit code
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, ShutdownHooks hooks) {
        Map<String, Command> commands = commands(hooks);
        List<String> words = Arrays.asList(args);
        // a leading --verbose applies to every command; it only affects logging (set up in main)
        if (!words.isEmpty() && words.get(0).equals(VERBOSE)) {
            words = words.subList(1, words.size());
        }
        if (words.isEmpty()) {
            return usageError(err, null, "no command given", overview(commands));
        }
        String name = words.get(0);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            out.println(overview(commands));
            return ExitCodes.OK;
        }
        Command command = commands.get(name);
        if (command == null) {
            return usageError(err, null, "unknown command '" + name + "'", overview(commands));
        }
        List<String> rest = words.subList(1, words.size());
        if (rest.contains("--help") && !name.equals("bench")) {
            out.println(command.usage());
            return ExitCodes.OK;
        }
        return command.run(rest, in, out, err);
    }

    /** Prints a usage error with the usage text on stderr; returns {@link ExitCodes#USAGE}. */
    static int usageError(PrintStream err, String command, String message, String usage) {
        err.println("fcrp" + (command == null ? "" : " " + command) + ": " + message);
        err.println(usage);
        err.flush();
        return ExitCodes.USAGE;
    }

    private static Map<String, Command> commands(ShutdownHooks hooks) {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command command : List.of(
                new PrimaryCommand(hooks), new ReplicaCommand(hooks), new DecodeCommand(), new BenchLauncher())) {
            commands.put(command.name(), command);
        }
        return commands;
    }

    private static String overview(Map<String, Command> commands) {
        StringBuilder text = new StringBuilder("usage: fcrp [--verbose] <command> [options]");
        text.append("   (fcrp <command> --help)\n");
        text.append("commands: ").append(String.join(", ", commands.keySet())).append('\n');
        for (Command command : commands.values()) {
            text.append('\n').append(command.usage()).append('\n');
        }
        return text.toString().stripTrailing();
    }

    /**
     * slf4j-simple reads its settings when the first logger is made, so this runs before any
     * engine class logs; settings given with -D (JAVA_OPTS) win.
     */
    private static void configureLogging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        } else if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
