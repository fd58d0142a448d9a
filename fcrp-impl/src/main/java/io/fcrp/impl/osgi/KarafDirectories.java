package io.fcrp.impl.osgi;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** Karaf's directories, as its framework properties name them. */
final class KarafDirectories {

    private KarafDirectories() {}

    /** {@code ${karaf.etc}}, where relative token files are; null outside Karaf. */
    static Path etc(BundleContext context) {
        String etc = context.getProperty("karaf.etc");
        return etc == null ? null : Path.of(etc);
    }

    /** {@code ${karaf.data}/fcrp}, where instances keep their persistence files by default; null outside Karaf. */
    static Path fcrpData(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return data == null ? null : Path.of(data, "fcrp");
    }
}
