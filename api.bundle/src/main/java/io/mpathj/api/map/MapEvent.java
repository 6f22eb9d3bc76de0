package io.mpathj.api.map;

import java.util.HashMap;
import java.util.Map;

/**
 * Something happened to a map. {@link Kind#PATH_FAILED} and {@link Kind#PATH_REINSTATED} are dm-mpath's uevents
 * (Documentation/admin-guide/device-mapper/dm-uevent.rst); the other kinds are the table events and
 * state changes the kernel signals by {@code dm_table_event} without saying what changed, named here.
 *
 * @param kind what happened
 * @param map the map's name (the uevent's DM_NAME)
 * @param sequence increases by one per event across all maps (the uevent's DM_SEQNUM)
 * @param path the path concerned (DM_PATH), or null
 * @param group the group concerned, 1-based, or 0
 * @param validPaths the map's usable paths after the event (DM_NR_VALID_PATHS)
 * @param detail for {@link Kind#PG_INIT_DONE} "ok" or the error; for {@link Kind#QUEUEING_CHANGED}
 *     {@code queue_if_no_path} or {@code fail_if_no_path}; else empty
 */
public record MapEvent(Kind kind, String map, long sequence, String path, int group, int validPaths,
        String detail) {
    /** EventAdmin topics are this prefix followed by the kind, e.g. {@code io/mpathj/dm/PATH_FAILED}. */
    public static final String TOPIC_PREFIX = "io/mpathj/dm/";
    /** Every map event ({@code io/mpathj/dm/*}), for an EventHandler's {@code event.topics}. */
    public static final String ALL_TOPICS = TOPIC_PREFIX + "*";

    public MapEvent {
        detail = detail == null ? "" : detail;
    }

    public enum Kind {
        /** The map failed a path (an I/O error, a pg_init error, or {@code fail_path}). */
        PATH_FAILED,
        /** A failed path is usable again ({@code reinstate_path}). */
        PATH_REINSTATED,
        /** I/O goes to another priority group now ({@link MapEvent#group}). */
        GROUP_SWITCHED,
        /** A path activation (the handler's pg_init) finished; {@link MapEvent#detail} says how. */
        PG_INIT_DONE,
        /** queue_if_no_path was turned on or off. */
        QUEUEING_CHANGED,
        MAP_CREATED,
        /** A new table was swapped in. */
        MAP_RELOADED,
        MAP_SUSPENDED,
        MAP_RESUMED,
        MAP_REMOVED
    }

    /** The EventAdmin topic. */
    public String topic() {
        return TOPIC_PREFIX + kind.name();
    }

    /**
     * The EventAdmin properties, named as the kernel's uevent variables: {@code DM_TARGET} (multipath),
     * {@code DM_ACTION} (the kind), {@code DM_SEQNUM}, {@code DM_NAME}, {@code DM_NR_VALID_PATHS}, and when set
     * {@code DM_PATH}, {@code MPATHJ_GROUP}, {@code MPATHJ_DETAIL}.
     */
    public Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("DM_TARGET", "multipath");
        p.put("DM_ACTION", kind.name());
        p.put("DM_SEQNUM", sequence);
        p.put("DM_NAME", map);
        p.put("DM_NR_VALID_PATHS", validPaths);
        if (path != null) {
            p.put("DM_PATH", path);
        }
        if (group > 0) {
            p.put("MPATHJ_GROUP", group);
        }
        if (!detail.isEmpty()) {
            p.put("MPATHJ_DETAIL", detail);
        }
        return p;
    }
}
