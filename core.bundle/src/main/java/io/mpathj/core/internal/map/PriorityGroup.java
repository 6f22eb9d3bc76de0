package io.mpathj.core.internal.map;

import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A priority group (the kernel's {@code struct priority_group}): its selector, its paths, its bypassed flag. */
final class PriorityGroup {
    private final int number;
    private final String selectorName;
    private final List<String> selectorArgs;
    private volatile PathSelectorType selectorType;
    /** Null while the selector's provider is missing. */
    private volatile PathSelector selector;
    private final List<PgPath> paths = new ArrayList<>();
    /** "D" in status: avoided by path choice until enabled, switched to, or successfully initialized. */
    boolean bypassed;

    PriorityGroup(int number, String selectorName, List<String> selectorArgs, PathSelectorType selectorType,
            PathSelector selector) {
        this.number = number;
        this.selectorName = selectorName;
        this.selectorArgs = List.copyOf(selectorArgs);
        this.selectorType = selectorType;
        this.selector = selector;
    }

    int number() {
        return number;
    }

    String selectorName() {
        return selectorName;
    }

    List<String> selectorArgs() {
        return selectorArgs;
    }

    PathSelectorType selectorType() {
        return selectorType;
    }

    PathSelector selector() {
        return selector;
    }

    /** A new provider of the selector's name: swap in its instance (already holding this group's paths). */
    void rebind(PathSelectorType type, PathSelector newSelector) {
        this.selectorType = type;
        this.selector = newSelector;
    }

    /** The selector's provider left: no selector until another arrives. */
    void unbind() {
        this.selector = null;
    }

    void addPath(PgPath path) {
        paths.add(path);
    }

    List<PgPath> paths() {
        return Collections.unmodifiableList(paths);
    }
}
