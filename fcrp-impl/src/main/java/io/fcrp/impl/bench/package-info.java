/**
 * The in-process benchmark ({@code fcrp bench}): a primary and a replica in one JVM over loopback,
 * printing replicated mutations/s, CPU time per mutation, snapshot speed and memory per entry.
 *
 * <p>Imports the engine only.
 */
package io.fcrp.impl.bench;
