package io.mpathj.testkit;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.map.MapOptions;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.embedded.EmbeddedMultipath;
import io.mpathj.selector.round_robin.RoundRobin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A multipath target outside OSGi for plug-in tests, used through the public map API: the round-robin selector is
 * registered, handlers, selectors and path providers are added by the test. Close it to remove every map and stop
 * its threads.
 */
public final class EngineHarness implements AutoCloseable {
    private final EmbeddedMultipath multipath = new EmbeddedMultipath();
    private final Map<String, TestMap> maps = new ConcurrentHashMap<>();

    public EngineHarness() {
        multipath.selector(RoundRobin.NAME, RoundRobin.type());
    }

    /** Registers a handler type under its table name. */
    public EngineHarness handler(String name, HardwareHandlerType type) {
        multipath.handler(name, type);
        return this;
    }

    /** Registers another path selector type under its table name (round-robin is there already). */
    public EngineHarness selector(String name, PathSelectorType type) {
        multipath.selector(name, type);
        return this;
    }

    /** Adds a transport (e.g. the sim's array registry). */
    public EngineHarness paths(PathDeviceProvider provider) {
        multipath.paths(provider);
        return this;
    }

    /** Creates a map and opens it for the test's I/O. */
    public TestMap create(String name, String table) throws InvalidArgumentsException {
        return create(name, table, MapOptions.DEFAULTS);
    }

    public TestMap create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        multipath.create(name, table, options);
        TestMap map = new TestMap(multipath, name);
        maps.put(name, map);
        return map;
    }

    /** Gives back the test's open of the map and removes it ({@code dmsetup remove}). */
    public void remove(String name) throws InvalidArgumentsException {
        TestMap map = maps.remove(name);
        if (map != null) {
            map.release();
        }
        multipath.remove(name, false);
    }

    /** The names of the maps that exist. */
    public List<String> maps() {
        return multipath.names();
    }

    /** The target itself, through the public API (and the embedded extras: use counts, withdrawing providers). */
    public EmbeddedMultipath multipath() {
        return multipath;
    }

    /** The executor maps and handlers share (kmpathd / kmpath_handlerd). */
    public ScheduledExecutorService executor() {
        return multipath.executor();
    }

    @Override
    public void close() throws Exception {
        maps.values().forEach(TestMap::release);
        maps.clear();
        multipath.close();
    }
}
