/**
 * What the OSGi components offer the shell beyond the public API: stopping and starting a
 * configured instance ({@link io.fcrp.impl.control.InstanceControl}, which for a replica means a
 * new client built from its configuration) and the last rejected configuration of each PID
 * ({@link io.fcrp.impl.control.RejectedConfiguration}). Kept out of {@code io.fcrp.api} because
 * they are operator plumbing tied to Config Admin, not a contract applications build on; kept
 * out of {@code io.fcrp.impl.osgi} so that {@code io.fcrp.impl.command} does not depend on the
 * components. Imports nothing of FCRP.
 */
package io.fcrp.impl.control;
