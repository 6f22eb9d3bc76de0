package io.mpathj.testkit;

import io.mpathj.testkit.bundle.TurHandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** A handler bundle built by hand, as bnd would build it, from the test's {@code bundle} package. */
final class TestBundles {
    static final String SYMBOLIC_NAME = "test.tur_handler";

    private TestBundles() {
    }

    /** The bundle jar in {@code dir}: manifest, the DS component XML, the classes of {@link TurHandlerType}. */
    static Path handlerBundle(Path dir, String version) throws IOException {
        String component = "OSGI-INF/" + TurHandlerType.class.getName() + ".xml";
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.putValue("Manifest-Version", "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        a.putValue("Bundle-Version", version);
        a.putValue("Import-Package", "io.mpathj.api;version=\"[1.0,2)\",io.mpathj.api.handler;version=\"[1.0,2)\","
                + "io.mpathj.api.path;version=\"[1.2,2)\",io.mpathj.api.scsi;version=\"[1.1,2)\"");
        a.putValue("Provide-Capability", "osgi.service;objectClass:List<String>=\"io.mpathj.api.handler."
                + "HardwareHandlerType\";uses:=\"io.mpathj.api.handler\",mpathj.hw_handler;mpathj.hw_handler="
                + TurHandlerType.NAME);
        a.putValue("Service-Component", component);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\""
                + TurHandlerType.class.getName() + "\">\n"
                + "  <property name=\"mpathj.hardware.handler.name\" type=\"String\" value=\"" + TurHandlerType.NAME
                + "\"/>\n  <service><provide interface=\"io.mpathj.api.handler.HardwareHandlerType\"/></service>\n"
                + "  <implementation class=\"" + TurHandlerType.class.getName() + "\"/>\n</scr:component>\n";
        Path classes = Path.of(TurHandlerType.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = TurHandlerType.class.getPackageName().replace('.', '/');
        Path jar = dir.resolve("tur-handler-" + version + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, m);
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            out.putNextEntry(new JarEntry(component));
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path c : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}
