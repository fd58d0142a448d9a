/**
 * The FCRP v1 wire (fcrp-v1-spec.md): frame headers and kinds, Hello, Error, Ack, MutationBatch
 * and SnapshotChunk payloads, compression, the key hash, and the flyweight {@link RecordView} that
 * decodes a record in place. Pure encoding and decoding: no sockets, threads or stores.
 *
 * <p>Imports only {@code io.fcrp.api}.
 */
package io.fcrp.impl.protocol;
