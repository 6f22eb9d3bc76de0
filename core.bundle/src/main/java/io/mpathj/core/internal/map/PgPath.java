package io.mpathj.core.internal.map;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.path.PathDevice;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A path inside a priority group (the kernel's {@code struct pgpath}). State changes under the map's lock. */
final class PgPath implements MapPath {
    private final String name;
    private final PathDevice device;
    private final PriorityGroup group;
    private final List<String> selectorArgs;
    private volatile boolean active = true;
    private volatile int failCount;
    private volatile Object selectorContext;
    private final LongAdder ios = new LongAdder();

    PgPath(String name, PathDevice device, PriorityGroup group, List<String> selectorArgs) {
        this.name = name;
        this.device = device;
        this.group = group;
        this.selectorArgs = List.copyOf(selectorArgs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PathDevice device() {
        return device;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public int failCount() {
        return failCount;
    }

    @Override
    public Object selectorContext() {
        return selectorContext;
    }

    @Override
    public void setSelectorContext(Object context) {
        this.selectorContext = context;
    }

    PriorityGroup group() {
        return group;
    }

    List<String> selectorArgs() {
        return selectorArgs;
    }

    void markFailed() {
        active = false;
        failCount++;
    }

    void markActive() {
        active = true;
    }

    void countIo() {
        ios.increment();
    }

    /** I/Os dispatched on this path since the map was built. */
    long ioCount() {
        return ios.sum();
    }

    @Override
    public String toString() {
        return name;
    }
}
