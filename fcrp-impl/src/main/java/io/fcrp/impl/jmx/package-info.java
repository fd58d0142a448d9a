/**
 * The MBeans: one per primary, replica and snapshot provider, implementing the interfaces of
 * {@code io.fcrp.api.jmx}, whose annotations are the one source of descriptions, units, parameter
 * names and impacts ({@link DescribedMBean}); notifications from the engine's listeners.
 *
 * <p>Reads the engine through its services and listeners; nothing of OSGi or the command line.
 */
package io.fcrp.impl.jmx;
