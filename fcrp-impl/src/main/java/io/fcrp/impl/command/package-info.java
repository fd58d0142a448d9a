/**
 * The Karaf shell commands of the {@code fcrp} scope ({@code fcrp:status}, {@code fcrp:watch},
 * {@code fcrp:get}, ...) and their completers. Karaf's shell API is imported optionally, so the bundle
 * also runs without a shell.
 *
 * <p>Finds instances through the API services they publish ({@code PrimaryControl},
 * {@code ReplicaClient}, ...) and stops, starts and explains them through
 * {@code io.fcrp.impl.control}; imports nothing else of FCRP, the components least of all.
 */
package io.fcrp.impl.command;
