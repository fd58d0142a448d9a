package io.fcrp.impl.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/** Says in words why a connection ended, without exception class names (logs, LastError, events). */
public final class Disconnects {

    private Disconnects() {}

    /** "the peer closed the connection" for a plain disconnect; otherwise the exception's message (e.g. "Connection refused"). */
    public static String describe(IOException e) {
        if (isPlainDisconnect(e)) {
            return "the peer closed the connection";
        }
        String message = e.getMessage();
        return message == null || message.isEmpty() ? "the connection failed" : message;
    }

    /** True for an end of stream, a reset or a broken pipe: the peer went away, which needs no stack trace or alarm. */
    public static boolean isPlainDisconnect(IOException e) {
        if (e instanceof EOFException || e instanceof ClosedChannelException) {
            return true;
        }
        String message = e.getMessage();
        return message != null
                && (message.contains("Broken pipe")
                        || message.contains("Connection reset")
                        || message.contains("Socket closed"));
    }
}
