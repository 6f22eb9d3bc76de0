package io.mpathj.selector.round_robin;

import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.selector.round_robin.internal.RoundRobinPathSelectorType;

/** The dm-round-robin selector type, for embedding (e.g. {@code EmbeddedMultipath.selector(NAME, type())}). */
public final class RoundRobin {
    /** Its table name. */
    public static final String NAME = RoundRobinPathSelectorType.NAME;

    private RoundRobin() {
    }

    /** A new instance of the type. */
    public static PathSelectorType type() {
        return new RoundRobinPathSelectorType();
    }
}
