package io.fcrp.impl.cli;

/** A command line that cannot be run as written; the tool exits with {@link ExitCodes#USAGE}. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
