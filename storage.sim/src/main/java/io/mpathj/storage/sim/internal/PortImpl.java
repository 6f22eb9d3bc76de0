package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.Faults;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import java.util.function.Consumer;

/** A target port: identity plus the faults that every path through it passes. */
final class PortImpl implements SimPort {
    private final String name;
    private final int relativePortId;
    private final PortGroupImpl group;
    private final int indexInGroup;
    private final FaultState faults;

    /** {@code onLinkChange} hears of every link state change of this port, after it happened. */
    PortImpl(String name, int relativePortId, PortGroupImpl group, int indexInGroup, SimTime time,
            Consumer<PortImpl> onLinkChange) {
        this.name = name;
        this.relativePortId = relativePortId;
        this.group = group;
        this.indexInGroup = indexInGroup;
        this.faults = new FaultState("port " + name, time, () -> onLinkChange.accept(this));
    }

    PortGroupImpl group() {
        return group;
    }

    FaultState faultState() {
        return faults;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int relativePortId() {
        return relativePortId;
    }

    @Override
    public SimPortGroup portGroup() {
        return group;
    }

    @Override
    public int indexInGroup() {
        return indexInGroup;
    }

    @Override
    public boolean isLinkUp() {
        return !faults.isLinkDown();
    }

    @Override
    public Faults faults() {
        return faults;
    }

    @Override
    public String toString() {
        return "port " + name;
    }
}
