package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamesAndPropertiesTest {

    @Test
    void instanceNameComesFromTheNamePropertyOrTheConfiguration() {
        assertEquals(
                "east", InstanceNames.resolve("", Map.of("service.pid", "io.fcrp.primary~east"), "io.fcrp.primary"));
        assertEquals(
                "given",
                InstanceNames.resolve(" given ", Map.of("service.pid", "io.fcrp.primary~east"), "io.fcrp.primary"));
        assertEquals(
                "5e1c2a",
                InstanceNames.resolve(null, Map.of("service.pid", "io.fcrp.primary.5e1c2a"), "io.fcrp.primary"));
        // config:edit --factory --alias north io.fcrp.primary: a generated PID, the alias in the file name
        assertEquals(
                "north",
                InstanceNames.resolve(
                        "",
                        Map.of(
                                "service.pid",
                                "io.fcrp.primary.9c84427d",
                                "felix.fileinstall.filename",
                                "file:/opt/karaf/etc/io.fcrp.primary-north.cfg"),
                        "io.fcrp.primary"));
        assertEquals(
                "south",
                InstanceNames.resolve(
                        "",
                        Map.of(
                                "service.pid",
                                "io.fcrp.primary.9c84427d",
                                "felix.fileinstall.filename",
                                "file:/opt/karaf/etc/io.fcrp.primary~south.cfg.json"),
                        "io.fcrp.primary"));
        assertEquals(
                "9c84427d",
                InstanceNames.resolve(
                        "",
                        Map.of(
                                "service.pid",
                                "io.fcrp.primary.9c84427d",
                                "felix.fileinstall.filename",
                                "file:/opt/karaf/etc/other.cfg"),
                        "io.fcrp.primary"));
        assertThrows(InvalidConfigurationException.class, () -> InstanceNames.resolve("", Map.of(), "io.fcrp.primary"));
    }

    @Test
    void changesListAdditionsRemovalsAndSecrets() {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("a", "1");
        before.put("c", "4");
        Map<String, String> after = new LinkedHashMap<>();
        after.put("a", "2");
        after.put("b", "3");
        after.put("s", "x");
        assertEquals(
                "a 1 → 2, c 4 → (unset), b (unset) → 3, s set",
                Changes.describe(before, after, java.util.List.of("s")));
    }
}
