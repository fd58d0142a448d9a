/**
 * The sharded key-value stores, held off the Java heap: slab arenas with size classes, hash tables
 * of one long per slot, the memory budget ({@code store.max.bytes}), expiry, the primary's embedded
 * store, the replica's store with its applied watermarks, snapshots and digests.
 *
 * <p>Imports only {@code io.fcrp.api} and {@code protocol} (records are applied straight from their
 * frames into the slabs); knows nothing of the network, replication sessions or OSGi.
 */
package io.fcrp.impl.store;
