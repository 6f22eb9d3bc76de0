package io.mpathj.core.internal.map;

import io.mpathj.api.map.MapOptions;
import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.table.MultipathTable;
import io.mpathj.core.internal.table.PathSpec;
import io.mpathj.core.internal.table.PriorityGroupSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Assembles a map in the kernel's constructor order (handler, then per group its selector and paths), and tears
 * down what was built if a later step fails.
 */
public final class MapBuilder {
    private final String name;
    private final MultipathTable table;
    private final MapOptions options;
    private final ScheduledExecutorService executor;
    private final MapEventSink events;
    private HardwareHandler handler;
    private final List<PriorityGroup> groups = new ArrayList<>();
    private Geometry geometry;
    /** Offline paths the handler could not attach: they start failed. */
    private final Set<PathDevice> unattached = new LinkedHashSet<>();

    public MapBuilder(String name, MultipathTable table, MapOptions options, ScheduledExecutorService executor,
            MapEventSink events) {
        this.name = name;
        this.events = events;
        this.table = table;
        this.options = options;
        this.executor = executor;
    }

    public void handler(HardwareHandler handler) {
        this.handler = handler;
    }

    public void group(PriorityGroupSpec spec, PathSelectorType type, PathSelector selector) {
        groups.add(new PriorityGroup(groups.size() + 1, spec.selector(), spec.selectorArgs(), type, selector));
    }

    /** Adds a path to the last group; the selector's refusal text is the error, as in the kernel. */
    public void path(PathSpec spec, PathDevice device) throws InvalidArgumentsException {
        PriorityGroup pg = groups.get(groups.size() - 1);
        PgPath path = new PgPath(spec.device(), device, pg, spec.selectorArgs());
        try {
            pg.selector().addPath(path, spec.selectorArgs());
        } catch (RuntimeException e) {
            throw new InvalidArgumentsException(pg.selectorName() + " ps: add_path failed: " + e);
        }
        pg.addPath(path);
    }

    /**
     * scsi_dh_attach for every path, once per path even where a device appears in several groups. A path that is
     * offline and refuses is not a reason to refuse the map (the kernel attached its handler when the device was
     * probed, not at table load): the map starts with it failed and attaches it when it is reinstated. A path that
     * is online and refuses (the handler truly cannot drive it) fails the whole table.
     */
    public void attachPaths() throws AttachException {
        if (handler == null) {
            return;
        }
        Set<PathDevice> done = new java.util.HashSet<>();
        for (PriorityGroup pg : groups) {
            for (PgPath p : pg.paths()) {
                if (!done.add(p.device())) {
                    continue;
                }
                try {
                    handler.attach(p);
                } catch (AttachException e) {
                    if (p.device().isOnline()) {
                        throw e;
                    }
                    unattached.add(p.device());
                }
            }
        }
    }

    /** The distinct devices, in table order. */
    public List<PathDevice> devices() {
        Set<PathDevice> devices = new LinkedHashSet<>();
        groups.forEach(pg -> pg.paths().forEach(p -> devices.add(p.device())));
        return List.copyOf(devices);
    }

    public void geometry(Geometry geometry) {
        this.geometry = geometry;
    }

    public MultipathMap build() {
        MultipathMap map = new MultipathMap(name, table.features(), handler == null ? null : table.handlerName(),
                table.handlerArgs(), handler, groups, table.initialGroup(), geometry.blockSize(),
                geometry.blockCount(), options, executor, events);
        if (!unattached.isEmpty()) {
            map.startUnattached(unattached);
        }
        return map;
    }

    /** Destroys the handler and selectors built so far. */
    public void abandon() {
        if (handler != null) {
            handler.close();
        }
        groups.forEach(pg -> pg.selector().close());
    }
}
