package io.mpathj.api.map;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives map events ({@link Multipath#listen}). */
@ConsumerType
@FunctionalInterface
public interface MapListener {
    void mapEvent(MapEvent event);
}
