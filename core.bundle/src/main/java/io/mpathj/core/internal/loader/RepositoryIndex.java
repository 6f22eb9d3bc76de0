package io.mpathj.core.internal.loader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;

/**
 * An OSGi Repository index ({@code index.xml}, namespace {@code http://www.osgi.org/xmlns/repository/v1.0.0}, as
 * bnd's indexer writes it) read into {@link IndexedBundle}s, and searched the way a Repository's
 * {@code findProviders} is: a requirement filter matched against each capability's attributes.
 */
final class RepositoryIndex {
    private static final String IDENTITY = "osgi.identity";
    private static final String CONTENT = "osgi.content";

    private final URI location;
    private final List<IndexedBundle> bundles;

    private RepositoryIndex(URI location, List<IndexedBundle> bundles) {
        this.location = location;
        this.bundles = List.copyOf(bundles);
    }

    URI location() {
        return location;
    }

    List<IndexedBundle> bundles() {
        return bundles;
    }

    /** Reads an index; content URLs are resolved against the index's own location. */
    static RepositoryIndex read(URI location) throws IOException {
        try (InputStream in = location.toURL().openStream()) {
            return new RepositoryIndex(location, parse(location, in));
        } catch (XMLStreamException e) {
            throw new IOException("repository index " + location + " is not valid XML: " + e.getMessage(), e);
        }
    }

    /** The bundles with a capability in {@code namespace} whose attributes match {@code filter}, highest version first. */
    List<IndexedBundle> providers(String namespace, String filter) throws InvalidSyntaxException {
        Filter f = FrameworkUtil.createFilter(filter);
        List<IndexedBundle> out = new ArrayList<>();
        for (IndexedBundle b : bundles) {
            if (b.capabilities().stream().anyMatch(c -> c.namespace().equals(namespace)
                    && f.matches(c.attributes()))) {
                out.add(b);
            }
        }
        out.sort((a, b) -> b.version().compareTo(a.version()));
        return out;
    }

    private static List<IndexedBundle> parse(URI base, InputStream in) throws XMLStreamException, IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        List<IndexedBundle> bundles = new ArrayList<>();
        List<IndexedBundle.Capability> caps = null;
        List<IndexedBundle.Requirement> reqs = null;
        Map<String, Object> attrs = null;
        Map<String, String> directives = null;
        String namespace = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "resource":
                        caps = new ArrayList<>();
                        reqs = new ArrayList<>();
                        break;
                    case "capability":
                        namespace = xml.getAttributeValue(null, "namespace");
                        attrs = new HashMap<>();
                        break;
                    case "requirement":
                        namespace = xml.getAttributeValue(null, "namespace");
                        directives = new HashMap<>();
                        break;
                    case "directive":
                        if (directives != null) {
                            directives.put(xml.getAttributeValue(null, "name"), xml.getAttributeValue(null,
                                    "value"));
                        }
                        break;
                    case "attribute":
                        if (attrs != null) {
                            attrs.put(xml.getAttributeValue(null, "name"), typed(xml.getAttributeValue(null, "type"),
                                    xml.getAttributeValue(null, "value")));
                        }
                        break;
                    default:
                        break;
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                if (xml.getLocalName().equals("capability") && caps != null && namespace != null) {
                    caps.add(new IndexedBundle.Capability(namespace, Map.copyOf(attrs)));
                    attrs = null;
                } else if (xml.getLocalName().equals("requirement") && reqs != null && namespace != null
                        && directives != null) {
                    if (directives.get("filter") != null) {
                        reqs.add(new IndexedBundle.Requirement(namespace, directives.get("filter"),
                                "optional".equals(directives.get("resolution"))));
                    }
                    directives = null;
                } else if (xml.getLocalName().equals("resource") && caps != null) {
                    bundles.add(bundle(base, caps, reqs));
                    caps = null;
                    reqs = null;
                }
            }
        }
        return bundles;
    }

    private static IndexedBundle bundle(URI base, List<IndexedBundle.Capability> caps,
            List<IndexedBundle.Requirement> reqs) throws IOException {
        Map<String, Object> identity = first(caps, IDENTITY);
        Map<String, Object> content = first(caps, CONTENT);
        Object url = content.get("url");
        if (identity.get(IDENTITY) == null || url == null) {
            throw new IOException("repository index " + base + " has a resource without identity or content url");
        }
        Object version = identity.getOrDefault("version", Version.emptyVersion);
        return new IndexedBundle(identity.get(IDENTITY).toString(),
                version instanceof Version ? (Version) version : Version.parseVersion(version.toString()),
                base.resolve(url.toString()), caps, List.copyOf(reqs));
    }

    private static Map<String, Object> first(List<IndexedBundle.Capability> caps, String namespace) {
        return caps.stream().filter(c -> c.namespace().equals(namespace)).findFirst()
                .map(IndexedBundle.Capability::attributes).orElse(Map.of());
    }

    /** Attribute values by their declared type (String when none); lists are kept as their text. */
    private static Object typed(String type, String value) {
        if (value == null) {
            return "";
        }
        if (type == null) {
            return value;
        }
        switch (type) {
            case "Version":
                return Version.parseVersion(value);
            case "Long":
                return Long.valueOf(value.trim());
            case "Double":
                return Double.valueOf(value.trim());
            default:
                return value;
        }
    }
}
