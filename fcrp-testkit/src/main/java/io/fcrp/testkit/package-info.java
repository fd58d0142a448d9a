/**
 * What the tests of every module share: {@link io.fcrp.testkit.Poll} waits for a condition with a
 * deadline (never a fixed sleep), {@link io.fcrp.testkit.FcrpThreads} sees the engine's threads and
 * {@link io.fcrp.testkit.NoLeakedThreads} fails a JUnit 5 test that leaves one behind,
 * {@link io.fcrp.testkit.Keytool} makes certificates. Test scope
 * only; exported so that the Karaf tests' probe finds it in the container. Imports nothing of the
 * project.
 */
@Export
@Version("1.0.0")
package io.fcrp.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
