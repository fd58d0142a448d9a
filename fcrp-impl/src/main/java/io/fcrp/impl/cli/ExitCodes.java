package io.fcrp.impl.cli;

/** The exit codes of the {@code fcrp} tool (design.md). */
final class ExitCodes {

    /** Done as asked. */
    static final int OK = 0;
    /** Replication or protocol failure; the reason is on stderr. */
    static final int FAILURE = 1;
    /** The command line is wrong; a usage text is on stderr. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
