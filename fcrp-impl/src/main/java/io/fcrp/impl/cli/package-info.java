/**
 * The {@code fcrp} command-line tool (design.md, "The fcrp command-line tool"): {@code primary},
 * {@code replica}, {@code decode} and {@code bench}, with the contract's stdout lines, exit codes and
 * shutdown hooks.
 *
 * <p>Runs the engine outside OSGi; nothing here may be imported by the engine.
 */
package io.fcrp.impl.cli;
