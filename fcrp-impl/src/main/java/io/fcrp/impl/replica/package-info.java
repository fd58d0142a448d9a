/**
 * The replica: {@link ReplicaClientImpl}, which connects, bootstraps (backlog or snapshot, staged so
 * data is replaced only whole), applies the live stream in place, watches an idle link and backs off;
 * its lag, counters and events.
 *
 * <p>Imports {@code io.fcrp.api}, {@code protocol}, {@code store}, {@code net}, {@code settings},
 * {@code tls} (and the primary's property declarations it shares); nothing of OSGi, JMX or the
 * command line.
 */
package io.fcrp.impl.replica;
