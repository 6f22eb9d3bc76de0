package io.mpathj.core.internal.table;

import java.util.List;

/** One priority group of a table: its selector with args, and its paths. */
public record PriorityGroupSpec(String selector, List<String> selectorArgs, List<PathSpec> paths) {
    public PriorityGroupSpec {
        selectorArgs = List.copyOf(selectorArgs);
        paths = List.copyOf(paths);
    }
}
