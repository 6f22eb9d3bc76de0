package io.mpathj.core.internal.osgi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What became of each map file in {@code etc/}, for {@code mpath:config} and for the launcher's wait at start: one
 * entry per ConfigAdmin configuration, and which file owns each map name (a second file naming the same map is
 * refused).
 */
public final class ConfiguredMaps {
    /** A map file's fate. */
    public enum State {
        /** Read, not yet tried. */
        PENDING,
        /** The map exists with this file's table. */
        CREATED,
        /** Waiting for a path or plug-in the table names; retried until it appears. */
        WAITING,
        /** Cannot work as written; reported once, retried only when the file changes. */
        ERROR
    }

    /** One configuration's row; {@code order} says which configuration was read first. */
    public record Entry(String pid, String file, String map, State state, String detail, long order) {
    }

    private final Map<String, Entry> entries = new TreeMap<>();
    private long reads;

    /** Records a configuration's state. */
    public synchronized void put(String pid, String file, String map, State state, String detail) {
        Entry old = entries.get(pid);
        entries.put(pid, new Entry(pid, file, map, state, detail, old == null ? reads++ : old.order()));
    }

    public synchronized void remove(String pid) {
        entries.remove(pid);
    }

    /**
     * The other configuration's file that already names {@code map}, if any: one whose map exists or waits, or one
     * read before this one that is still being tried (so of two files read at once, the first read keeps the name).
     */
    public synchronized Optional<String> ownerOf(String map, String pid) {
        Entry self = entries.get(pid);
        long order = self == null ? Long.MAX_VALUE : self.order();
        return entries.values().stream()
                .filter(e -> !e.pid().equals(pid) && map.equals(e.map()) && e.state() != State.ERROR
                        && (e.state() != State.PENDING || e.order() < order))
                .map(Entry::file).findFirst();
    }

    /** Rows ordered by file name. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(java.util.Comparator.comparing(Entry::file).thenComparing(Entry::pid));
        return out;
    }
}
