package io.mpathj.core.internal.table;

import java.util.List;

/**
 * A parsed multipath table: what a map is built from.
 *
 * @param lengthSectors the target length from a full dmsetup line ({@code 0 <len> multipath …}), or -1 when only the
 *     target parameters were given
 * @param features the feature words
 * @param handlerName the hardware handler, or null for {@code 0}
 * @param handlerArgs the handler's parameters (the words after its name)
 * @param initialGroup the initial priority group number (1-based; may exceed the group count, which the kernel
 *     silently tolerates)
 * @param groups the priority groups in declaration order (numbered from 1)
 */
public record MultipathTable(long lengthSectors, Features features, String handlerName, List<String> handlerArgs,
        int initialGroup, List<PriorityGroupSpec> groups) {
    public MultipathTable {
        handlerArgs = List.copyOf(handlerArgs);
        groups = List.copyOf(groups);
    }

    /** Every device name of the table, in order, once per appearance. */
    public List<String> deviceNames() {
        return groups.stream().flatMap(g -> g.paths().stream()).map(PathSpec::device).toList();
    }
}
