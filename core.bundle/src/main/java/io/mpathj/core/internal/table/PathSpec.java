package io.mpathj.core.internal.table;

import java.util.List;

/** One path of a priority group in a table: the device name and its per-path selector args. */
public record PathSpec(String device, List<String> selectorArgs) {
    public PathSpec {
        selectorArgs = List.copyOf(selectorArgs);
    }
}
