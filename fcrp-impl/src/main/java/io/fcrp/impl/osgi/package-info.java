/**
 * The Karaf adapters: the Declarative Services components of primaries and replicas (one per
 * factory configuration), their settings read whole from Config Admin, the services and MBeans each
 * instance publishes, instance names, token files, Karaf's directories and rejected configurations.
 * Glue only: the engine owns every lifecycle.
 *
 * <p>The only package that imports the OSGi framework and Config Admin APIs besides {@code command}
 * and {@code events}.
 */
package io.fcrp.impl.osgi;
