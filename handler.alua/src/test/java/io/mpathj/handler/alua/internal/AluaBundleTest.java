package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.testkit.FakeMapPath;
import io.mpathj.testkit.RecordingPgInitRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What bnd generated from the annotations: the DS component and the capability the on-demand loader looks for. */
class AluaBundleTest {

    @Test
    void componentProvidesTheTypeWithItsNameProperty() throws Exception {
        String resource = "OSGI-INF/" + AluaHandlerType.class.getName() + ".xml";
        Document xml;
        try (InputStream in = AluaBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element property = (Element) xml.getElementsByTagName("property").item(0);
        assertEquals(HardwareHandlerType.NAME_PROPERTY, property.getAttribute("name"));
        assertEquals("alua", property.getAttribute("value"));
        assertEquals(HardwareHandlerType.class.getName(),
                ((Element) xml.getElementsByTagName("provide").item(0)).getAttribute("interface"));
        assertEquals("deactivate", xml.getDocumentElement().getAttribute("deactivate"));
    }

    @Test
    void manifestDeclaresTheCapabilityAndExportsNothing() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertEquals("io.mpathj.handler.alua", main.getValue("Bundle-SymbolicName"));
        List<String> provided = List.of(main.getValue("Provide-Capability").split(",(?=[a-z._]+;)"));
        assertTrue(provided.contains("mpathj.hw_handler;mpathj.hw_handler=alua"), provided.toString());
        assertNull(main.getValue("Export-Package"));
        assertEquals("OSGI-INF/" + AluaHandlerType.class.getName() + ".xml", main.getValue("Service-Component"));
    }

    @Test
    void theDsConstructorOwnsAnExecutorAndStopsItOnDeactivate() throws Exception {
        AluaHandlerType type = new AluaHandlerType();
        TestTarget target = new TestTarget().group(1, 0x0, true);
        var handler = type.create(List.of());
        FakeMapPath path = new FakeMapPath(target.device("t:A", 1, 1));
        handler.attach(path);
        RecordingPgInitRequest r = RecordingPgInitRequest.resultsOnly(path).sendTo(handler);
        assertEquals(io.mpathj.api.handler.PgInitResult.OK, r.await(AluaHandlerTest.ANSWER));
        handler.close();
        type.deactivate();
        // a handler made after deactivation finds its executor shut down and answers instead of hanging
        var late = type.create(List.of());
        FakeMapPath again = new FakeMapPath(target.device("t:A", 1, 1));
        late.attach(again);
        RecordingPgInitRequest r2 = RecordingPgInitRequest.resultsOnly(again).sendTo(late);
        assertEquals(io.mpathj.api.handler.PgInitResult.DEV_OFFLINED, r2.await(AluaHandlerTest.ANSWER));
    }
}
