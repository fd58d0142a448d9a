/**
 * JMX interfaces of FCRP: one MBean per primary, per snapshot provider and per replica client,
 * registered under {@code io.fcrp:type=<Kind>,name=<instance>} (see {@link FcrpObjectNames}).
 * Exported so that JMX clients can build proxies with
 * {@link javax.management.JMX#newMBeanProxy(javax.management.MBeanServerConnection, javax.management.ObjectName, Class)}.
 * Attributes are read-only; operations change the running instance, never its configuration.
 */
@Export
@Version("1.0.0")
package io.fcrp.api.jmx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
