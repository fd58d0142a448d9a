/**
 * Persistence of a store to its data directory: the snapshot file (snapshot chunks with a footer
 * that proves the file whole), periodic and final saves, loading with the configured answer to a
 * corrupt file.
 *
 * <p>Imports the engine ({@code protocol}, {@code store}, {@code primary}'s snapshot streamer) and
 * {@code settings}; nothing of OSGi, JMX or the command line.
 */
package io.fcrp.impl.persist;
