package io.mpathj.api.path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A path as a multipath map holds it (the kernel's {@code struct dm_path} with its pgpath state). The core provides
 * it; selectors and handlers receive it.
 */
@ProviderType
public interface MapPath {
    /** The device name used in the table. */
    String name();

    /** The device that executes commands on this path. */
    PathDevice device();

    /** The kernel's A/F: false once the path has been failed and until it is reinstated. */
    boolean isActive();

    /** How many times the path has been failed since the map was created. */
    int failCount();

    /**
     * The selector's per-path state, the kernel's {@code pscontext}: a selector keeps it here instead of in a map
     * so that choosing a path needs no lookup.
     */
    Object selectorContext();

    void setSelectorContext(Object context);
}
