package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: the capability the loader looks for, the imports, the DS component. */
class ${classPrefix}BundleTest {

    private static Attributes manifest() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            return new Manifest(in).getMainAttributes();
        }
    }

    @Test
    void theManifestDeclaresTheHandlerCapabilityAndImportsTheApiByMajorVersion() throws Exception {
        Attributes main = manifest();
        String provided = main.getValue("Provide-Capability");
        assertTrue(provided.contains("mpathj.hw_handler;mpathj.hw_handler=" + ${classPrefix}HandlerType.NAME),
                provided);
        String imports = main.getValue("Import-Package");
        assertTrue(imports.matches("(?s).*io\\.mpathj\\.api\\.handler;version=\"\\[1\\.\\d+,2\\)\".*"), imports);
        assertNull(main.getValue("Export-Package"), "a plug-in exports nothing");
        assertEquals("OSGI-INF/" + ${classPrefix}HandlerType.class.getName() + ".xml",
                main.getValue("Service-Component"));
    }

    @Test
    void theComponentProvidesTheHandlerTypeUnderItsTableName() throws Exception {
        String resource = "OSGI-INF/" + ${classPrefix}HandlerType.class.getName() + ".xml";
        Document xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element property = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(HardwareHandlerType.NAME_PROPERTY, property.getAttribute("name"));
        assertEquals(${classPrefix}HandlerType.NAME, property.getAttribute("value"));
        assertEquals(HardwareHandlerType.class.getName(),
                ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
    }
}
