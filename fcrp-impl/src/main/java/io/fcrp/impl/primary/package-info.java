/**
 * The primary: the batcher that turns published mutations into MutationBatch frames, the per-shard
 * off-heap backlog and the subscriptions replica sessions read it with, the snapshot streamer, the TCP
 * server with its accept thread and handshake gate, one session thread per replica, heartbeats, and
 * {@link PrimaryNode}, which owns a primary's lifecycle (start, reconfigure, move, stop).
 *
 * <p>Imports {@code io.fcrp.api}, {@code protocol}, {@code store}, {@code net}, {@code settings} and
 * {@code tls}; nothing of the replica, OSGi, JMX or the command line.
 */
package io.fcrp.impl.primary;
