package io.mpathj.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Assertions on a built bundle's manifest and DS component descriptions, as the container and the on-demand loader
 * will read them: the symbolic name, exported package versions, imports, the {@code mpathj.hw_handler},
 * {@code mpathj.path_selector}, {@code mpathj.path_checker} and {@code mpathj.prioritizer} capabilities the loader
 * finds plug-ins by, and the component XML each {@code Service-Component} entry names. Every check throws
 * {@link AssertionError} with the header it read; each returns this checker, so checks chain.
 *
 * <pre>{@code
 * // import io.mpathj.api.handler.HardwareHandlerType;
 * ManifestChecker.of(Path.of("target/my-handler-1.0.0.jar"))
 *         .symbolicName("com.example.my_handler").exportsNothing()
 *         .providesHardwareHandler("my_handler")
 *         .importsPackage("io.mpathj.api.handler", "[1.0,2)")
 *         .hasComponent("com.example.MyHandlerType", HardwareHandlerType.class.getName(),
 *                 HardwareHandlerType.NAME_PROPERTY, "my_handler");
 * }</pre>
 *
 * Reads a jar or an exploded bundle (a folder with {@code META-INF/MANIFEST.MF}, e.g. {@code target/classes}).
 */
public final class ManifestChecker {
    /** One clause of a manifest header: its paths (usually one) with their attributes and directives. */
    public record Clause(String path, Map<String, String> attributes, Map<String, String> directives) {
        /** An attribute's value with any {@code :Type} of its name ignored, or null. */
        public String attribute(String name) {
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                String key = e.getKey();
                int colon = key.indexOf(':');
                if ((colon < 0 ? key : key.substring(0, colon)).equals(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    private final String source;
    private final Attributes main;
    private final Map<String, byte[]> resources;

    private ManifestChecker(String source, Attributes main, Map<String, byte[]> resources) {
        this.source = source;
        this.main = main;
        this.resources = resources;
    }

    /** Reads the bundle at {@code jarOrFolder}. */
    public static ManifestChecker of(Path jarOrFolder) throws IOException {
        Map<String, byte[]> osgiInf = new LinkedHashMap<>();
        if (Files.isDirectory(jarOrFolder)) {
            Path mf = jarOrFolder.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(mf)) {
                throw new AssertionError(jarOrFolder + " has no META-INF/MANIFEST.MF");
            }
            Manifest manifest;
            try (InputStream in = Files.newInputStream(mf)) {
                manifest = new Manifest(in);
            }
            Path dir = jarOrFolder.resolve("OSGI-INF");
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        osgiInf.put("OSGI-INF/" + f.getFileName(), Files.readAllBytes(f));
                    }
                }
            }
            return new ManifestChecker(jarOrFolder.toString(), manifest.getMainAttributes(), osgiInf);
        }
        try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new AssertionError(jarOrFolder + " has no manifest");
            }
            for (ZipEntry e : jar.stream().filter(e -> e.getName().startsWith("OSGI-INF/") && !e.isDirectory())
                    .toList()) {
                try (InputStream in = jar.getInputStream(e)) {
                    osgiInf.put(e.getName(), in.readAllBytes());
                }
            }
            return new ManifestChecker(jarOrFolder.toString(), manifest.getMainAttributes(), osgiInf);
        }
    }

    /** A main attribute, or null. */
    public String header(String name) {
        return main.getValue(name);
    }

    /** A header's clauses (none when it is absent). */
    public List<Clause> clauses(String header) {
        return parse(header(header));
    }

    private AssertionError fail(String what, String header) {
        return new AssertionError(source + ": " + what + "; " + header + ": " + header(header));
    }

    public ManifestChecker symbolicName(String expected) {
        List<Clause> c = clauses("Bundle-SymbolicName");
        if (c.isEmpty() || !c.get(0).path().equals(expected)) {
            throw fail("expected Bundle-SymbolicName " + expected, "Bundle-SymbolicName");
        }
        return this;
    }

    /** Bundle-Version equals {@code expected} (bnd writes {@code 1.0.0.SNAPSHOT} for {@code 1.0.0-SNAPSHOT}). */
    public ManifestChecker bundleVersion(String expected) {
        if (!expected.equals(header("Bundle-Version"))) {
            throw fail("expected Bundle-Version " + expected, "Bundle-Version");
        }
        return this;
    }

    /** The bundle exports {@code pkg} at exactly {@code version}. */
    public ManifestChecker exportsPackage(String pkg, String version) {
        Clause c = clause("Export-Package", pkg)
                .orElseThrow(() -> fail("does not export " + pkg, "Export-Package"));
        if (!version.equals(c.attribute("version"))) {
            throw fail("exports " + pkg + " at " + c.attribute("version") + ", expected " + version,
                    "Export-Package");
        }
        return this;
    }

    /** A plug-in exports nothing: the container's API is all it shares. */
    public ManifestChecker exportsNothing() {
        if (header("Export-Package") != null) {
            throw fail("a plug-in should export nothing", "Export-Package");
        }
        return this;
    }

    /** The bundle imports {@code pkg} with exactly this version range (e.g. {@code [1.0,2)}). */
    public ManifestChecker importsPackage(String pkg, String range) {
        Clause c = clause("Import-Package", pkg).orElseThrow(() -> fail("does not import " + pkg, "Import-Package"));
        if (!range.equals(c.attribute("version"))) {
            throw fail("imports " + pkg + " at " + c.attribute("version") + ", expected " + range, "Import-Package");
        }
        return this;
    }

    /** The bundle does not import {@code pkg} (e.g. mpathj's internals, or the sim in a production bundle). */
    public ManifestChecker doesNotImport(String pkgPrefix) {
        for (Clause c : clauses("Import-Package")) {
            if (c.path().startsWith(pkgPrefix)) {
                throw fail("imports " + c.path(), "Import-Package");
            }
        }
        return this;
    }

    /** {@code Provide-Capability: NAMESPACE;NAMESPACE=NAME}, the form the on-demand loader's index search needs. */
    public ManifestChecker providesCapability(String namespace, String name) {
        boolean found = clauses("Provide-Capability").stream().anyMatch(c -> c.path().equals(namespace)
                && name.equals(c.attribute(namespace)));
        if (!found) {
            throw fail("no capability " + namespace + "=" + name, "Provide-Capability");
        }
        return this;
    }

    /**
     * A hardware handler as the container finds it: the {@code mpathj.hw_handler} capability for the table name, and
     * a component providing {@code HardwareHandlerType} with {@code mpathj.hardware.handler.name} set to it.
     */
    public ManifestChecker providesHardwareHandler(String name) {
        return providesPlugIn("mpathj.hw_handler", "io.mpathj.api.handler.HardwareHandlerType",
                "mpathj.hardware.handler.name", name);
    }

    /** A path selector: capability {@code mpathj.path_selector} and a {@code PathSelectorType} component. */
    public ManifestChecker providesPathSelector(String name) {
        return providesPlugIn("mpathj.path_selector", "io.mpathj.api.selector.PathSelectorType",
                "mpathj.path.selector.name", name);
    }

    /** A path checker: capability {@code mpathj.path_checker} and a {@code PathCheckerType} component. */
    public ManifestChecker providesPathChecker(String name) {
        return providesPlugIn("mpathj.path_checker", "io.mpathj.api.checker.PathCheckerType",
                "mpathj.path.checker.name", name);
    }

    /** A prioritizer: capability {@code mpathj.prioritizer} and a {@code PrioritizerType} component. */
    public ManifestChecker providesPrioritizer(String name) {
        return providesPlugIn("mpathj.prioritizer", "io.mpathj.api.prio.PrioritizerType", "mpathj.prioritizer.name",
                name);
    }

    private ManifestChecker providesPlugIn(String namespace, String service, String property, String name) {
        providesCapability(namespace, name);
        for (Clause c : clauses("Service-Component")) {
            String implementation = c.path().replaceFirst("^OSGI-INF/", "").replaceFirst("\\.xml$", "");
            try {
                return hasComponent(implementation, service, property, name);
            } catch (AssertionError notThisOne) {
                // the next component
            }
        }
        throw fail("no component provides " + service + " with " + property + "=" + name, "Service-Component");
    }

    /**
     * {@code Service-Component} names {@code OSGI-INF/IMPLEMENTATION.xml}, the file is in the bundle, its
     * implementation class is {@code implementation}, it provides {@code service}, and (unless {@code property} is
     * null) it sets {@code property} to {@code value}.
     */
    public ManifestChecker hasComponent(String implementation, String service, String property, String value) {
        String entry = "OSGI-INF/" + implementation + ".xml";
        if (clauses("Service-Component").stream().noneMatch(c -> c.path().equals(entry))) {
            throw fail("Service-Component does not name " + entry, "Service-Component");
        }
        byte[] xml = resources.get(entry);
        if (xml == null) {
            throw new AssertionError(source + ": " + entry + " is named but not in the bundle");
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError(source + ": " + entry + " is not XML: " + e.getMessage(), e);
        }
        String impl = first(doc, "implementation").map(e -> e.getAttribute("class")).orElse(null);
        if (!implementation.equals(impl)) {
            throw new AssertionError(source + ": " + entry + " implementation " + impl + ", expected "
                    + implementation);
        }
        NodeList provides = doc.getElementsByTagName("provide");
        boolean provided = false;
        for (int i = 0; i < provides.getLength(); i++) {
            provided |= service.equals(((Element) provides.item(i)).getAttribute("interface"));
        }
        if (!provided) {
            throw new AssertionError(source + ": " + entry + " does not provide " + service);
        }
        if (property != null) {
            NodeList properties = doc.getElementsByTagName("property");
            boolean set = false;
            for (int i = 0; i < properties.getLength(); i++) {
                Element p = (Element) properties.item(i);
                set |= property.equals(p.getAttribute("name")) && value.equals(p.getAttribute("value"));
            }
            if (!set) {
                throw new AssertionError(source + ": " + entry + " does not set " + property + "=" + value);
            }
        }
        return this;
    }

    private static Optional<Element> first(Document doc, String tag) {
        NodeList l = doc.getElementsByTagName(tag);
        return l.getLength() == 0 ? Optional.empty() : Optional.of((Element) l.item(0));
    }

    private Optional<Clause> clause(String header, String path) {
        return clauses(header).stream().filter(c -> c.path().equals(path)).findFirst();
    }

    /** Parses an OSGi header: clauses split at commas outside quotes, parameters at semicolons. */
    public static List<Clause> parse(String header) {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            List<String> paths = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : parts) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    paths.add(part.trim());
                } else if (eq > 0 && part.charAt(eq - 1) == ':') {
                    directives.put(part.substring(0, eq - 1).trim(), unquote(part.substring(eq + 1)));
                } else {
                    attributes.put(part.substring(0, eq).trim(), unquote(part.substring(eq + 1)));
                }
            }
            for (String p : paths) {
                out.add(new Clause(p, Map.copyOf(attributes), Map.copyOf(directives)));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static List<String> split(String s, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
