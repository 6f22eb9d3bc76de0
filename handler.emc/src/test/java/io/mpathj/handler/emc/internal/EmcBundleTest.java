package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mpathj.api.handler.HardwareHandlerType;
import java.io.InputStream;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: the DS component and the capability the on-demand loader looks for. */
class EmcBundleTest {

    @Test
    void componentProvidesTheTypeWithItsNameProperty() throws Exception {
        String resource = "OSGI-INF/" + EmcHandlerType.class.getName() + ".xml";
        Document xml;
        try (InputStream in = EmcBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element property = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(HardwareHandlerType.NAME_PROPERTY, property.getAttribute("name"));
        assertEquals("emc", property.getAttribute("value"));
        assertEquals(HardwareHandlerType.class.getName(),
                ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
        assertEquals(EmcHandlerType.class.getName(),
                ((Element) xml.getElementsByTagName("implementation").item(0)).getAttribute("class"));
    }

    @Test
    void manifestDeclaresTheCapabilityAndExportsNothing() throws Exception {
        Manifest manifest;
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(
                "target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("io.mpathj.handler.emc", main.getValue("Bundle-SymbolicName"));
        String provided = main.getValue("Provide-Capability");
        assertEquals(true, provided.endsWith(",mpathj.hw_handler;mpathj.hw_handler=emc")
                || provided.contains(",mpathj.hw_handler;mpathj.hw_handler=emc,"), provided);
        assertNull(main.getValue("Export-Package"));
        assertEquals("OSGI-INF/" + EmcHandlerType.class.getName() + ".xml", main.getValue("Service-Component"));
    }
}
