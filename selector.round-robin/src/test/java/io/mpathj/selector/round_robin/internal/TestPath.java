package io.mpathj.selector.round_robin.internal;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.path.PathDevice;

/** A bare MapPath: a name and the selector context slot; no device. */
final class TestPath implements MapPath {
    private final String name;
    private Object context;

    TestPath(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PathDevice device() {
        return null;
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public int failCount() {
        return 0;
    }

    @Override
    public Object selectorContext() {
        return context;
    }

    @Override
    public void setSelectorContext(Object context) {
        this.context = context;
    }

    @Override
    public String toString() {
        return name;
    }
}
