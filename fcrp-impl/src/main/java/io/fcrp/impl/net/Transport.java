package io.fcrp.impl.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A primary's connection to one replica as its session thread uses it: plaintext
 * ({@link ChannelIO}) or TLS ({@code io.fcrp.impl.tls.TlsTransport}). Used by one thread, except
 * {@link #close()}.
 */
public interface Transport extends AutoCloseable {

    /** Writes every buffer completely, failing when the peer accepts nothing for {@code timeoutMs}. */
    void write(ByteBuffer[] buffers, long timeoutMs) throws IOException;

    /**
     * What the peer sent, without waiting: when nothing is there a read fails with
     * {@link java.net.SocketTimeoutException} and loses nothing ({@link AvailableInput}).
     */
    InputStream input();

    /** Reads and drops whatever the peer sent; true when the peer has closed its side. */
    boolean peerClosed() throws IOException;

    /** Closes the connection; from another thread it also wakes the thread waiting in {@link #write}. */
    @Override
    void close();
}
