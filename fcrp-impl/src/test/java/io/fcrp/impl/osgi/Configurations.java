package io.fcrp.impl.osgi;

import java.util.HashMap;
import java.util.Map;

/** Configuration dictionaries as Config Admin hands them to a component. */
final class Configurations {

    private Configurations() {}

    /** Configuration properties with {@code service.pid} set as Config Admin sets it. */
    static Map<String, Object> properties(String pid, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }
}
