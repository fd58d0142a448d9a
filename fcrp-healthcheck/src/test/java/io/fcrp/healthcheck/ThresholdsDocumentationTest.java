package io.fcrp.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The table of the health check thresholds in docs/operating.md says what the metatype says (bnd generates it
 * from {@link FcrpHealthChecks.Config}): the same properties, defaults and meanings.
 */
class ThresholdsDocumentationTest {

    @Test
    void theReadmeTableIsTheMetatype() throws Exception {
        Map<String, String[]> readme = readmeRows();
        Map<String, String[]> metatype = new LinkedHashMap<>();
        try (InputStream xml = getClass().getResourceAsStream("/OSGI-INF/metatype/" + FcrpHealthChecks.PID + ".xml")) {
            NodeList definitions = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(xml)
                    .getElementsByTagName("AD");
            for (int i = 0; i < definitions.getLength(); i++) {
                Element definition = (Element) definitions.item(i);
                metatype.put(
                        definition.getAttribute("id"),
                        new String[] {definition.getAttribute("default"), definition.getAttribute("description")});
            }
        }
        assertEquals(List.copyOf(metatype.keySet()), List.copyOf(readme.keySet()), "the properties, in order");
        metatype.forEach((name, expected) -> {
            assertEquals(expected[0], readme.get(name)[0], name + ": default");
            assertEquals(expected[1], readme.get(name)[1], name + ": meaning");
        });
    }

    /** {default, meaning} by property, from the table that follows "| Property | Default | Meaning |" in "## Health checks". */
    private static Map<String, String[]> readmeRows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "operating.md"), StandardCharsets.UTF_8);
        int section = lines.indexOf("## Health checks");
        assertTrue(section >= 0, "docs/operating.md has the section ## Health checks");
        int header = lines.subList(section, lines.size()).indexOf("| Property | Default | Meaning |") + section;
        assertTrue(header > section, "the section has the thresholds table");
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (int i = header + 2; lines.get(i).startsWith("|"); i++) {
            List<String> cells = new ArrayList<>();
            for (String cell :
                    lines.get(i).substring(1, lines.get(i).lastIndexOf('|')).split("\\|")) {
                cells.add(cell.replace("`", "").trim());
            }
            rows.put(cells.get(0), new String[] {cells.get(1), cells.get(2)});
        }
        return rows;
    }
}
