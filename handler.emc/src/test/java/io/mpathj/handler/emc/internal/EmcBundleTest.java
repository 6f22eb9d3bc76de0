package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.prio.PrioritizerType;
import java.io.InputStream;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: the DS components and the capabilities the on-demand loaders look for. */
class EmcBundleTest {

    @Test
    void componentsProvideTheTypesWithTheirNameProperties() throws Exception {
        assertComponent(EmcHandlerType.class, HardwareHandlerType.class, HardwareHandlerType.NAME_PROPERTY, "emc");
        assertComponent(EmcClariionChecker.class, PathCheckerType.class, PathCheckerType.NAME_PROPERTY,
                "emc_clariion");
        assertComponent(EmcPrioritizer.class, PrioritizerType.class, PrioritizerType.NAME_PROPERTY, "emc");
    }

    private static void assertComponent(Class<?> implementation, Class<?> service, String property, String name)
            throws Exception {
        String resource = "OSGI-INF/" + implementation.getName() + ".xml";
        Document xml;
        try (InputStream in = EmcBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element p = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(property, p.getAttribute("name"));
        assertEquals(name, p.getAttribute("value"));
        assertEquals(service.getName(),
                ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
        assertEquals(implementation.getName(),
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
        assertTrue(provided.contains("mpathj.path_checker;mpathj.path_checker=emc_clariion"), provided);
        assertTrue(provided.contains("mpathj.prioritizer;mpathj.prioritizer=emc"), provided);
        assertTrue(provided.contains("mpathj.device_rules;mpathj.device_rules=DGC"), provided);
        assertNull(main.getValue("Export-Package"));
        assertEquals(List.of("OSGI-INF/" + EmcClariionChecker.class.getName() + ".xml",
                "OSGI-INF/" + EmcDeviceRules.class.getName() + ".xml",
                "OSGI-INF/" + EmcHandlerType.class.getName() + ".xml",
                "OSGI-INF/" + EmcPrioritizer.class.getName() + ".xml"),
                List.of(main.getValue("Service-Component").split(",")));
    }
}
