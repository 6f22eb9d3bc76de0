package io.mpathj.api.map;

import java.util.List;
import java.util.Optional;

/**
 * A consistent snapshot of one map: the device (generation, opens, suspension) and its live table's state.
 *
 * @param name the map's name
 * @param generation tables loaded so far: 1 after create, +1 per reload
 * @param openCount opens held ({@link Multipath#open})
 * @param suspended whether I/O is held by a suspend
 * @param blockSize logical block size in bytes
 * @param blockCount capacity in logical blocks
 * @param features the TABLE status's feature words with their count first, e.g. {@code 1 queue_if_no_path}
 * @param queueIfNoPath whether I/O queues when no path is usable (it may differ from the table after a message)
 * @param queuedIos I/Os waiting in the map's queue
 * @param pgInitCount path activations started (the INFO status's pg_init_count)
 * @param handler the hardware handler's name, or null
 * @param handlerStatus the handler's own INFO words (alua: each path's port group and state)
 * @param currentGroup the group I/O goes to (the INFO status's group number), 0 with no group
 * @param validPaths usable paths (the kernel's nr_valid_paths)
 * @param groups in table order
 * @param missingPlugins handler and selectors whose provider left: the map queues I/O until they return
 */
public record MapView(String name, int generation, int openCount, boolean suspended, int blockSize, long blockCount,
        String features, boolean queueIfNoPath, int queuedIos, int pgInitCount, String handler,
        List<String> handlerStatus, int currentGroup, int validPaths, List<GroupView> groups,
        List<String> missingPlugins) {
    public MapView {
        handlerStatus = List.copyOf(handlerStatus);
        groups = List.copyOf(groups);
        missingPlugins = List.copyOf(missingPlugins);
    }

    /** Every path entry of every group, in table order. */
    public List<PathView> paths() {
        return groups.stream().flatMap(g -> g.paths().stream()).toList();
    }

    /** The first entry for a path name. */
    public Optional<PathView> path(String pathName) {
        return paths().stream().filter(p -> p.name().equals(pathName)).findFirst();
    }

    /** Size in bytes. */
    public long sizeBytes() {
        return blockCount * blockSize;
    }
}
