package io.mpathj.handler.hp_sw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.prio.PrioritizerType;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: three DS components and the capabilities the on-demand loaders look for. */
class HpSwBundleTest {

    private static void assertComponent(Class<?> implementation, Class<?> service, String nameProperty)
            throws Exception {
        String resource = "OSGI-INF/" + implementation.getName() + ".xml";
        Document xml;
        try (InputStream in = HpSwBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element property = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(nameProperty, property.getAttribute("name"));
        assertEquals("hp_sw", property.getAttribute("value"));
        assertEquals(service.getName(),
                ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
        assertEquals(implementation.getName(),
                ((Element) xml.getElementsByTagName("implementation").item(0)).getAttribute("class"));
    }

    @Test
    void componentsProvideTheHandlerCheckerAndPrioritizerByName() throws Exception {
        assertComponent(HpSwHandlerType.class, HardwareHandlerType.class, HardwareHandlerType.NAME_PROPERTY);
        assertComponent(HpSwChecker.class, PathCheckerType.class, PathCheckerType.NAME_PROPERTY);
        assertComponent(HpSwPrioritizer.class, PrioritizerType.class, PrioritizerType.NAME_PROPERTY);
    }

    @Test
    void manifestDeclaresTheThreeCapabilitiesAndExportsNothing() throws Exception {
        Manifest manifest;
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(
                "target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("io.mpathj.handler.hp_sw", main.getValue("Bundle-SymbolicName"));
        List<String> provided = Arrays.asList(main.getValue("Provide-Capability").split(","));
        assertTrue(provided.contains("mpathj.hw_handler;mpathj.hw_handler=hp_sw"), provided.toString());
        assertTrue(provided.contains("mpathj.path_checker;mpathj.path_checker=hp_sw"), provided.toString());
        assertTrue(provided.contains("mpathj.prioritizer;mpathj.prioritizer=hp_sw"), provided.toString());
        assertTrue(provided.contains("mpathj.device_rules;mpathj.device_rules=COMPAQ"), provided.toString());
        assertTrue(provided.contains("mpathj.device_rules;mpathj.device_rules=HP"), provided.toString());
        assertNull(main.getValue("Export-Package"));
        List<String> components = Arrays.asList(main.getValue("Service-Component").split(","));
        assertEquals(4, components.size(), components.toString());
        assertTrue(components.contains("OSGI-INF/" + HpSwDeviceRules.class.getName() + ".xml"));
        assertTrue(components.contains("OSGI-INF/" + HpSwHandlerType.class.getName() + ".xml"));
    }
}
