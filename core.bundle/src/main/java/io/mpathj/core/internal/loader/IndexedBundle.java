package io.mpathj.core.internal.loader;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Version;

/**
 * One resource of an OSGi Repository index (the R5 {@code repository} XML): its identity, where its content is,
 * its capabilities with their attributes and its requirements with their filters.
 */
record IndexedBundle(String symbolicName, Version version, URI content, List<Capability> capabilities,
        List<Requirement> requirements) {

    IndexedBundle(String symbolicName, Version version, URI content, List<Capability> capabilities) {
        this(symbolicName, version, content, capabilities, List.of());
    }

    /** One {@code <capability namespace="…">} with its attributes (typed as the index says). */
    record Capability(String namespace, Map<String, Object> attributes) {
    }

    /**
     * One {@code <requirement namespace="…">}: its {@code filter} directive and whether it is optional
     * ({@code resolution:=optional}).
     */
    record Requirement(String namespace, String filter, boolean optional) {
    }
}
