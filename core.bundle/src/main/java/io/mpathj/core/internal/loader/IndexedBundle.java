package io.mpathj.core.internal.loader;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Version;

/**
 * One resource of an OSGi Repository index (the R5 {@code repository} XML): its identity, where its content is,
 * and its capabilities with their attributes.
 */
record IndexedBundle(String symbolicName, Version version, URI content, List<Capability> capabilities) {

    /** One {@code <capability namespace="…">} with its attributes (typed as the index says). */
    record Capability(String namespace, Map<String, Object> attributes) {
    }
}
