package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.Identity;
import io.mpathj.storage.sim.personality.UnitAttention;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an array's personality sees of it: the {@link ArrayContext} of one {@link ArrayImpl}. */
final class Context implements ArrayContext {
    private final ArrayImpl array;
    private final ArraySpec spec;
    private final Topology topology;
    private final Map<String, String> options;

    Context(ArrayImpl array, ArraySpec spec, Topology topology) {
        this.array = array;
        this.spec = spec;
        this.topology = topology;
        this.options = spec.options();
    }

    @Override
    public String arrayName() {
        return array.name();
    }

    @Override
    public Identity identity() {
        return spec.identity();
    }

    @Override
    public SimTime time() {
        return spec.time();
    }

    @Override
    public List<SimPortGroup> portGroups() {
        return array.portGroups();
    }

    @Override
    public SimPortGroup portGroup(int id) {
        return array.portGroup(id);
    }

    @Override
    public List<SimPort> ports() {
        return array.ports();
    }

    @Override
    public List<SimLogicalUnit> logicalUnits() {
        return array.logicalUnits();
    }

    @Override
    public SimLogicalUnit logicalUnit(int lun) {
        return array.logicalUnit(lun);
    }

    @Override
    public List<SimPath> paths(SimLogicalUnit lu) {
        return Collections.unmodifiableList(impl(lu).paths());
    }

    @Override
    public void raiseUnitAttention(SimLogicalUnit lu, UnitAttention condition, SimPath except) {
        impl(lu).raiseUnitAttention(UnitAttentions.bit(condition), except);
    }

    @Override
    public void raiseUnitAttention(UnitAttention condition) {
        for (LogicalUnitImpl lu : topology.lus()) {
            lu.raiseUnitAttention(UnitAttentions.bit(condition), null);
        }
    }

    /** The array's own LU object: a personality can only name the LUs this context gave it. */
    private LogicalUnitImpl impl(SimLogicalUnit lu) {
        LogicalUnitImpl l = topology.lus().get(lu.index());
        if (l != lu) {
            throw new IllegalArgumentException(lu + " is not an LU of array " + array.name());
        }
        return l;
    }

    @Override
    public Optional<AccessState> initialState(SimPortGroup group) {
        return Optional.ofNullable(spec.groups().get(group.index()).initialState());
    }

    @Override
    public Optional<SimPortGroup> defaultOwner(SimLogicalUnit lu) {
        int id = spec.lus().get(lu.index()).defaultOwnerGroup();
        return id < 0 ? Optional.empty() : Optional.of(topology.group(id));
    }

    @Override
    public Duration transitionTime() {
        return spec.transitionTime();
    }

    @Override
    public int advertisedTransitionTimeoutSeconds() {
        return spec.advertisedTransitionTimeoutSeconds();
    }

    @Override
    public AccessState demotedState() {
        return spec.demotedState();
    }

    @Override
    public boolean implicitFailover() {
        return spec.implicitFailover();
    }

    @Override
    public int failoverMode() {
        return spec.failoverMode();
    }

    @Override
    public boolean rtpgExtendedHeader() {
        return spec.rtpgExtendedHeader();
    }

    @Override
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
