package io.fcrp.impl.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.persist.PersistenceProperties;
import io.fcrp.impl.primary.PrimaryProperties;
import io.fcrp.impl.replica.ReplicaProperties;
import io.fcrp.impl.settings.Property;
import io.fcrp.impl.tls.TlsProperties;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The property catalogs are the one source of names, defaults, ranges and meanings: the metatype
 * bnd generates from the configuration annotations and the configuration tables of docs/operating.md must
 * say what they say.
 */
class PropertyCatalogTest {

    static Stream<Arguments> catalogs() {
        return Stream.of(
                Arguments.of(
                        PrimaryComponent.PID,
                        concat(
                                PrimaryProperties.ALL,
                                TlsProperties.PRIMARY,
                                PersistenceProperties.ALL,
                                KarafProperties.PRIMARY)),
                Arguments.of(
                        ReplicaComponent.PID,
                        concat(
                                ReplicaProperties.ALL,
                                TlsProperties.REPLICA,
                                PersistenceProperties.ALL,
                                KarafProperties.REPLICA)));
    }

    static Stream<Arguments> readmeTables() {
        return Stream.of(
                Arguments.of("### Primary", PrimaryProperties.ALL),
                Arguments.of("### Replica", ReplicaProperties.ALL),
                Arguments.of("### Persistence (primary and replica)", PersistenceProperties.ALL),
                Arguments.of("### TLS (primary and replica)", TlsProperties.PRIMARY),
                Arguments.of(
                        "### In Karaf",
                        List.of(KarafProperties.NAME, KarafProperties.STORE, KarafProperties.AUTH_TOKEN_FILE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogs")
    void theMetatypeHasTheCatalogsNamesTypesDefaultsRangesChoicesAndMeanings(String pid, List<Property<?>> catalog)
            throws Exception {
        Map<String, Element> definitions = attributeDefinitions(pid);
        assertEquals(
                sorted(names(catalog)), sorted(new ArrayList<>(definitions.keySet())), "the metatype's properties");
        for (Property<?> property : catalog) {
            Element definition = definitions.get(property.name());
            String name = property.name();
            assertEquals(
                    property.isSecret() ? "Password" : property.type().getSimpleName(),
                    definition.getAttribute("type"),
                    name + " type");
            String expectedDefault = property.defaultValue() == null ? "" : label(property);
            assertEquals(expectedDefault, definition.getAttribute("default"), name + " default");
            assertEquals(
                    property.min() == null ? "" : String.valueOf(property.min()),
                    definition.getAttribute("min"),
                    name + " min");
            assertEquals(
                    property.max() == null ? "" : String.valueOf(property.max()),
                    definition.getAttribute("max"),
                    name + " max");
            assertEquals(property.choices(), options(definition), name + " options");
            boolean optional = property.defaultValue() == null && !property.required();
            assertEquals(optional ? "false" : "", definition.getAttribute("required"), name + " required");
            String description = definition.getAttribute("description");
            assertTrue(
                    description.startsWith(property.meaning()),
                    name + ": the metatype description\n  " + description + "\nstarts with the catalog's meaning\n  "
                            + property.meaning());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readmeTables")
    void theReadmesTablesHaveTheCatalogsNamesDefaultsValidValuesAndMeanings(String section, List<Property<?>> catalog)
            throws Exception {
        Map<String, Map<String, String>> rows = readmeTable(section);
        assertEquals(names(catalog), new ArrayList<>(rows.keySet()), section + ": the table's properties, in order");
        for (Property<?> property : catalog) {
            Map<String, String> row = rows.get(property.name());
            String name = section + " " + property.name();
            if (row.containsKey("Reference field")) {
                String reference = property.referenceField();
                assertEquals(reference == null ? "(none)" : reference, row.get("Reference field"), name);
            }
            assertEquals(property.defaultText(), row.get("Default"), name + " default");
            assertEquals(property.validValues(), row.get("Valid values"), name + " valid values");
            assertEquals(property.meaning(), row.get("Meaning"), name + " meaning");
        }
    }

    private static Map<String, Element> attributeDefinitions(String pid) throws Exception {
        try (InputStream xml = PropertyCatalogTest.class.getResourceAsStream("/OSGI-INF/metatype/" + pid + ".xml")) {
            assertNotNull(xml, "bnd's metatype of " + pid + " in target/classes");
            NodeList nodes = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(xml)
                    .getElementsByTagName("AD");
            Map<String, Element> definitions = new LinkedHashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element definition = (Element) nodes.item(i);
                definitions.put(definition.getAttribute("id"), definition);
            }
            return definitions;
        }
    }

    private static List<String> options(Element definition) {
        List<String> values = new ArrayList<>();
        NodeList options = definition.getElementsByTagName("Option");
        for (int i = 0; i < options.getLength(); i++) {
            values.add(((Element) options.item(i)).getAttribute("value"));
        }
        return values;
    }

    /**
     * The rows of the Markdown table under {@code heading}, by property, each a map from column to
     * cell; cells are plain text (no backticks or bold).
     */
    private static Map<String, Map<String, String>> readmeTable(String heading) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "operating.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/operating.md has the section " + heading);
        int header = start;
        while (!lines.get(header).startsWith("|")) {
            header++;
        }
        List<String> columns = cells(lines.get(header));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c), cells.get(c));
            }
            rows.put(cells.get(0), row);
        }
        return rows;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.lastIndexOf('|')).split("\\|")) {
            cells.add(cell.replace("`", "").replace("**", "").trim());
        }
        return cells;
    }

    private static List<String> sorted(List<String> names) {
        names.sort(null);
        return names;
    }

    private static <T> String label(Property<T> property) {
        return property.label(property.defaultValue());
    }

    private static List<String> names(List<Property<?>> catalog) {
        List<String> names = new ArrayList<>();
        catalog.forEach(property -> names.add(property.name()));
        return names;
    }

    @SafeVarargs
    private static List<Property<?>> concat(List<Property<?>>... catalogs) {
        List<Property<?>> all = new ArrayList<>();
        for (List<Property<?>> catalog : catalogs) {
            all.addAll(catalog);
        }
        return all;
    }
}
