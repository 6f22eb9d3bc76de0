package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A target port group; {@link #index()} addresses per-group state. */
final class PortGroupImpl implements SimPortGroup {
    private final int index;
    private final int id;
    private final boolean preferred;
    private final List<PortImpl> ports = new ArrayList<>();

    PortGroupImpl(int index, int id, boolean preferred) {
        this.index = index;
        this.id = id;
        this.preferred = preferred;
    }

    @Override
    public int index() {
        return index;
    }

    void addPort(PortImpl port) {
        ports.add(port);
    }

    List<PortImpl> portImpls() {
        return ports;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean preferred() {
        return preferred;
    }

    @Override
    public List<SimPort> ports() {
        return Collections.unmodifiableList(ports);
    }

    @Override
    public boolean isReachable() {
        for (PortImpl p : ports) {
            if (p.isLinkUp()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "port group " + id;
    }
}
