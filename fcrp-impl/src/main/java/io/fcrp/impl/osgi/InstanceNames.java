package io.fcrp.impl.osgi;

import java.util.Map;

/** Where an instance name comes from: the {@code name} property, else the factory configuration's name. */
final class InstanceNames {

    private InstanceNames() {
    }

    /**
     * {@code configured} when it is not blank; otherwise the part of the configuration PID after
     * {@code ~} ({@code io.fcrp.primary~east} → {@code east}), or after the factory PID for
     * configurations created without a name.
     */
    static String resolve(String configured, Map<String, ?> properties, String factoryPid) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Object pid = properties.get("service.pid");
        if (!(pid instanceof String) || ((String) pid).isEmpty()) {
            throw new InvalidConfigurationException("name is required when the configuration has no PID");
        }
        String text = (String) pid;
        int tilde = text.lastIndexOf('~');
        if (tilde >= 0 && tilde < text.length() - 1) {
            return text.substring(tilde + 1);
        }
        if (text.startsWith(factoryPid + ".") && text.length() > factoryPid.length() + 1) {
            return text.substring(factoryPid.length() + 1);
        }
        return text;
    }

    /** The configuration PID, for log messages. */
    static String pid(Map<String, ?> properties, String fallback) {
        Object pid = properties.get("service.pid");
        return pid instanceof String ? (String) pid : fallback;
    }
}
