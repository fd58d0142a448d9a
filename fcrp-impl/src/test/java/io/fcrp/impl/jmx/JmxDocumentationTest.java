package io.fcrp.impl.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fcrp.api.jmx.Description;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.api.jmx.Units;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** docs/operating.md: the attribute table of each MBean says what the interface's annotations say, row for row. */
class JmxDocumentationTest {

    @Test
    void theReadmeTablesRepeatTheOneDescriptionSource() throws Exception {
        String readme = Files.readString(Paths.get("..", "docs", "operating.md"));
        check(readme, "ReplicationPrimary", ReplicationPrimaryMBean.class);
        check(readme, "ReplicaClient", ReplicaClientMBean.class);
        check(readme, "SnapshotProvider", SnapshotProviderMBean.class);
    }

    private static void check(String readme, String kind, Class<?> mbean) {
        String heading = "**`io.fcrp:type=" + kind + ",name=<instance>`**";
        int start = readme.indexOf(heading);
        String section = readme.substring(
                start,
                readme.indexOf("\n\n**", start + heading.length()) < 0
                        ? readme.length()
                        : readme.indexOf("\n\n**", start + heading.length()));
        Map<String, String> documented = new LinkedHashMap<>();
        section.lines()
                .filter(line -> line.startsWith("| `") && line.split("\\|").length == 5)
                .forEach(line -> {
                    String[] cells = line.split("\\|");
                    documented.put(
                            cells[1].trim().replace("`", ""),
                            cells[2].trim() + " | " + cells[3].trim() + " | " + cells[4].trim());
                });
        Map<String, String> declared = new LinkedHashMap<>();
        for (Method method : mbean.getMethods()) {
            String name = method.getName();
            if (method.getParameterCount() == 0 && (name.startsWith("get") || name.startsWith("is"))) {
                Units units = method.getAnnotation(Units.class);
                declared.put(
                        name.substring(name.startsWith("is") ? 2 : 3),
                        method.getReturnType().getSimpleName()
                                + " | " + (units == null ? "" : units.value()) + " | "
                                + method.getAnnotation(Description.class).value());
            }
        }
        assertEquals(new TreeMap<>(declared), new TreeMap<>(documented), kind);
    }
}
