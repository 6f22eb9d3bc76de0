package io.mpathj.handler.rdac.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.prio.PrioritizerType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: three DS components and the capabilities the on-demand loaders look for. */
class RdacBundleTest {

    @ParameterizedTest
    @CsvSource({
        "RdacHandlerType, io.mpathj.api.handler.HardwareHandlerType, " + HardwareHandlerType.NAME_PROPERTY,
        "RdacChecker, io.mpathj.api.checker.PathCheckerType, " + PathCheckerType.NAME_PROPERTY,
        "RdacPrioritizer, io.mpathj.api.prio.PrioritizerType, " + PrioritizerType.NAME_PROPERTY})
    void eachComponentProvidesItsTypeNamedRdac(String implementation, String service, String property)
            throws Exception {
        implementation = RdacBundleTest.class.getPackageName() + "." + implementation;
        String resource = "OSGI-INF/" + implementation + ".xml";
        Document xml;
        try (InputStream in = RdacBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element p = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(property, p.getAttribute("name"));
        assertEquals("rdac", p.getAttribute("value"));
        assertEquals(service, ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
        assertEquals(implementation,
                ((Element) xml.getElementsByTagName("implementation").item(0)).getAttribute("class"));
    }

    @Test
    void manifestDeclaresTheThreeCapabilitiesAndExportsNothing() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("io.mpathj.handler.rdac", main.getValue("Bundle-SymbolicName"));
        List<String> provided = Arrays.asList(main.getValue("Provide-Capability").split(","));
        for (String capability : List.of(HardwareHandlerType.CAPABILITY_NAMESPACE + ";mpathj.hw_handler=rdac",
                PathCheckerType.CAPABILITY_NAMESPACE + ";mpathj.path_checker=rdac",
                PrioritizerType.CAPABILITY_NAMESPACE + ";mpathj.prioritizer=rdac",
                "mpathj.device_rules;mpathj.device_rules=NETAPP", "mpathj.device_rules;mpathj.device_rules=LSI",
                "mpathj.device_rules;mpathj.device_rules=ENGENIO")) {
            assertTrue(provided.contains(capability), provided.toString());
        }
        assertNull(main.getValue("Export-Package"));
        assertEquals(4, main.getValue("Service-Component").split(",").length, "handler, checker, prio, rules");
    }
}
