/**
 * Socket plumbing both roles share: non-blocking channel reads and writes with deadlines
 * ({@link ChannelIO}), TCP keep-alive settings, host:port addresses, and telling a normal disconnect
 * from a failure.
 *
 * <p>Imports only {@code settings}; knows nothing of frames or stores.
 */
package io.fcrp.impl.net;
