package io.mpathj.core.internal.map;

import io.mpathj.api.map.MapEvent;

/**
 * Where a map reports what happened to it (dm_path_uevent and dm_table_event). Called under the map's lock, so an
 * implementation only records and hands the event on; it never calls back into the map.
 */
@FunctionalInterface
public interface MapEventSink {
    MapEventSink NONE = (map, kind, path, group, validPaths, detail) -> {
    };

    void emit(String map, MapEvent.Kind kind, String path, int group, int validPaths, String detail);
}
