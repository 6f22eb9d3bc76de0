package io.mpathj.handler.alua.internal;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.path.PathDevice;

/** A map path around a device, always active. */
final class FakePath implements MapPath {
    private final PathDevice device;
    private Object context;

    FakePath(PathDevice device) {
        this.device = device;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public PathDevice device() {
        return device;
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
    public void setSelectorContext(Object c) {
        context = c;
    }
}
