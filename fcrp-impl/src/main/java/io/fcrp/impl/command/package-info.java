/**
 * The Karaf shell commands of the {@code fcrp} scope ({@code fcrp:status}, {@code fcrp:watch},
 * {@code fcrp:get}, ...) and their completers. Karaf's shell API is imported optionally, so the bundle
 * also runs without a shell.
 *
 * <p>Finds instances through the services they publish.
 */
package io.fcrp.impl.command;
