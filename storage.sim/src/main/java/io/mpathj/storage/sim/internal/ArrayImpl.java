package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPort;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the parts of an array from its spec, wires them together, and answers for the whole. */
public final class ArrayImpl implements SimArray, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArrayImpl.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_LUN = 0x3FFF;

    private final String name;
    private final ArrayPersonality personality;
    private final Topology topology;
    private final ArrayBehavior behavior;
    private final List<PathImpl> paths = new ArrayList<>();
    private final Map<String, PathImpl> pathsByKey = new HashMap<>();
    private volatile boolean closed;
    /** The handler Linux would attach to each path at probe, or null. */
    private final String attachedHandler;

    public ArrayImpl(ArraySpec spec) {
        this.name = checkName(spec.name(), "array");
        this.personality = spec.personality();
        List<PortGroupImpl> groups = new ArrayList<>();
        List<PortImpl> ports = new ArrayList<>();
        Set<Integer> groupIds = new HashSet<>();
        for (ArraySpec.GroupSpec g : spec.groups()) {
            if (!groupIds.add(g.id())) {
                throw new IllegalArgumentException("port group " + g.id() + " defined twice");
            }
            PortGroupImpl group = new PortGroupImpl(groups.size(), g.id(), g.preferred());
            groups.add(group);
            for (String portName : g.ports()) {
                checkName(portName, "port");
                PortImpl port = new PortImpl(portName, ports.size() + 1, group, group.portImpls().size(),
                        spec.time(), this::portLinkChanged);
                group.addPort(port);
                ports.add(port);
            }
        }
        this.topology = new Topology(groups, ports, createLus(spec));
        checkUniquePorts(ports);
        this.behavior = Objects.requireNonNull(personality.attach(new Context(this, spec, topology)),
                () -> "personality " + personality.name() + " attached no behaviour to array " + name);
        // scsi_dh_find_driver: alua for a device that reports TPGS, else the vendor table (DGC: emc, …)
        this.attachedHandler = !spec.attachHandlerAtProbe() ? null : spec.identity().tpgs() != Tpgs.NONE ? "alua"
                : behavior.attachedHandler();
        DeviceServer server = new DeviceServer(behavior, new Inquiry(spec.identity(), behavior),
                new BlockCommands(), new ModePages(behavior), new ReportLuns(topology.lus()));
        for (PortImpl port : ports) {
            for (LogicalUnitImpl lu : topology.lus()) {
                PathImpl path = new PathImpl(this, port, lu, server, spec.time(), spec.powerOnUnitAttention());
                lu.addPath(path);
                paths.add(path);
                pathsByKey.put(port.name() + "/" + lu.lun(), path);
            }
        }
        LOG.debug("simulated {} array {}: {} port groups, {} ports, {} LUs", personality.name(), name, groups.size(),
                ports.size(), topology.lus().size());
    }

    private List<LogicalUnitImpl> createLus(ArraySpec spec) {
        List<LogicalUnitImpl> lus = new ArrayList<>();
        Set<Integer> luns = new HashSet<>();
        for (ArraySpec.LuSpec s : spec.lus()) {
            if (s.lun() < 0 || s.lun() > MAX_LUN || !luns.add(s.lun())) {
                throw new IllegalArgumentException("LU number " + s.lun() + " is out of 0.." + MAX_LUN + " or taken");
            }
            if (s.blockSize() != 512 && s.blockSize() != 4096) {
                throw new IllegalArgumentException("block size must be 512 or 4096: " + s.blockSize());
            }
            if (s.blocks() <= 0) {
                throw new IllegalArgumentException("LU " + s.lun() + " needs at least one block");
            }
            long naa = 0x3L << 60 | (name.hashCode() & 0x0FFF_FFFFL) << 32 | s.lun();
            String serial = String.format("SIM-%s-%04d", name, s.lun());
            lus.add(new LogicalUnitImpl(lus.size(), s.lun(), s.blockSize(), s.blocks(), store(s), naa, serial));
        }
        return lus;
    }

    private static BlockStore store(ArraySpec.LuSpec s) {
        long bytes = s.blocks() * s.blockSize();
        if (s.file() == null) {
            return new MemoryBlockStore(bytes);
        }
        try {
            return new FileBlockStore(s.file(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + s.file() + " for LU " + s.lun(), e);
        }
    }

    private static String checkName(String n, String what) {
        if (n == null || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException(what + " name must match " + NAME + ": " + n);
        }
        return n;
    }

    private static void checkUniquePorts(List<PortImpl> ports) {
        Set<String> names = new HashSet<>();
        for (PortImpl p : ports) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("port " + p.name() + " defined twice");
            }
        }
    }

    private void portLinkChanged(PortImpl port) {
        LOG.debug("array {}: {} link {}", name, port, port.isLinkUp() ? "up" : "down");
        behavior.portLinkChanged(port);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    /** The handler Linux would attach to each path at probe, or null. */
    String attachedHandler() {
        return attachedHandler;
    }

    @Override
    public String personality() {
        return personality.name();
    }

    /** The personality the array was built with. */
    public ArrayPersonality personalityService() {
        return personality;
    }

    @Override
    public String accessState(int lun, int groupId) {
        return behavior.accessState(topology.lu(lun), topology.group(groupId));
    }

    @Override
    public List<SimPortGroup> portGroups() {
        return Collections.unmodifiableList(topology.groups());
    }

    @Override
    public SimPortGroup portGroup(int id) {
        return topology.group(id);
    }

    @Override
    public List<SimPort> ports() {
        return Collections.unmodifiableList(topology.ports());
    }

    @Override
    public SimPort port(String portName) {
        PortImpl p = topology.findPort(portName);
        if (p == null) {
            throw new IllegalArgumentException("array " + name + " has no port " + portName);
        }
        return p;
    }

    @Override
    public List<SimLogicalUnit> logicalUnits() {
        return Collections.unmodifiableList(topology.lus());
    }

    @Override
    public SimLogicalUnit logicalUnit(int lun) {
        return topology.lu(lun);
    }

    @Override
    public List<SimPath> paths() {
        return Collections.unmodifiableList(paths);
    }

    @Override
    public Optional<SimPath> path(String port, int lun) {
        return Optional.ofNullable(pathsByKey.get(port + "/" + lun));
    }

    @Override
    public <T> T controls(Class<T> type) {
        if (!type.isInstance(behavior)) {
            throw new IllegalStateException("array " + name + " is a " + personality.name() + " array, which has no "
                    + type.getSimpleName());
        }
        return type.cast(behavior);
    }

    @Override
    public boolean hasControls(Class<?> type) {
        return type.isInstance(behavior);
    }

    @Override
    public void raisePowerOnUnitAttention() {
        for (PathImpl p : paths) {
            p.unitAttentions().raise(UnitAttentions.POWER_ON);
        }
    }

    @Override
    public void clearUnitAttentions() {
        for (PathImpl p : paths) {
            p.unitAttentions().clear();
        }
    }

    /** Paths fail every command with DEVICE_GONE from now on; file-backed LUs release their files. */
    @Override
    public void close() {
        closed = true;
        behavior.close();
        for (LogicalUnitImpl lu : topology.lus()) {
            try {
                lu.store().close();
            } catch (IOException e) {
                LOG.warn("array {}: closing the store of {} failed", name, lu, e);
            }
        }
    }

    @Override
    public String toString() {
        return "simulated array " + name;
    }
}
