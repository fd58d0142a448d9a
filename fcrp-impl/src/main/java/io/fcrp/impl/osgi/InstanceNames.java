package io.fcrp.impl.osgi;

import java.util.Map;

/** Where an instance name comes from: the {@code name} property, else the factory configuration's name. */
final class InstanceNames {

    private InstanceNames() {}

    /** Set by Karaf's file installer on configurations it reads from, or writes to, {@code etc/}. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    /**
     * {@code configured} when it is not blank; otherwise the name of the factory configuration:
     * from its PID ({@code io.fcrp.primary~east} → {@code east}), else from its file in
     * {@code etc/} ({@code io.fcrp.primary-east.cfg} → {@code east}: what Karaf's
     * {@code config:edit --factory --alias east io.fcrp.primary} writes, with a generated PID that a
     * restart would turn into {@code io.fcrp.primary~east}), else the generated part of the PID.
     */
    static String resolve(String configured, Map<String, ?> properties, String factoryPid) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Object pid = properties.get("service.pid");
        if (!(pid instanceof String text) || text.isEmpty()) {
            throw new InvalidConfigurationException("name is required when the configuration has no PID");
        }
        int tilde = text.lastIndexOf('~');
        if (tilde >= 0 && tilde < text.length() - 1) {
            return text.substring(tilde + 1);
        }
        String fromFile = fromFileName(properties.get(FILEINSTALL_FILENAME), factoryPid);
        if (fromFile != null) {
            return fromFile;
        }
        if (text.startsWith(factoryPid + ".") && text.length() > factoryPid.length() + 1) {
            return text.substring(factoryPid.length() + 1);
        }
        return text;
    }

    /** {@code east} for a file named {@code <factoryPid>-east.cfg} or {@code <factoryPid>~east.cfg.json}. */
    private static String fromFileName(Object fileName, String factoryPid) {
        if (fileName == null) {
            return null;
        }
        String path = fileName.toString();
        String file = path.substring(path.lastIndexOf('/') + 1);
        for (String extension : new String[] {".cfg.json", ".cfg", ".config"}) {
            if (file.endsWith(extension)) {
                file = file.substring(0, file.length() - extension.length());
                break;
            }
        }
        for (char separator : new char[] {'-', '~'}) {
            String prefix = factoryPid + separator;
            if (file.startsWith(prefix) && file.length() > prefix.length()) {
                return file.substring(prefix.length());
            }
        }
        return null;
    }

    /** The configuration PID, for log messages. */
    static String pid(Map<String, ?> properties, String fallback) {
        Object pid = properties.get("service.pid");
        return pid instanceof String ? (String) pid : fallback;
    }
}
