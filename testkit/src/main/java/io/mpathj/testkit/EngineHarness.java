package io.mpathj.testkit;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.MultipathEngine;
import io.mpathj.core.internal.map.MapOptions;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.path.PathResolver;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeLoader;
import io.mpathj.core.internal.registry.TypeRegistry;
import io.mpathj.selector.round_robin.internal.RoundRobinPathSelectorType;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A multipath engine outside OSGi for plug-in tests: the round-robin selector is registered, handlers and path
 * providers are added by the test. Close it to remove every map and stop its executor.
 */
public final class EngineHarness implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "mpathj-harness");
        t.setDaemon(true);
        return t;
    });
    private final TypeRegistry<HardwareHandlerType> handlers = new TypeRegistry<>("hardware handler",
            TypeLoader.NONE);
    private final TypeRegistry<PathSelectorType> selectors = new TypeRegistry<>("path selector", TypeLoader.NONE);
    private final PathResolver resolver = new PathResolver();
    private final MultipathEngine engine = new MultipathEngine(handlers, selectors, resolver, executor);

    public EngineHarness() {
        try {
            selectors.register(RoundRobinPathSelectorType.NAME, new RoundRobinPathSelectorType());
        } catch (RegistryException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers a handler type under its table name. */
    public EngineHarness handler(String name, HardwareHandlerType type) throws RegistryException {
        handlers.register(name, type);
        return this;
    }

    /** Registers another path selector type under its table name (round-robin is there already). */
    public EngineHarness selector(String name, PathSelectorType type) throws RegistryException {
        selectors.register(name, type);
        return this;
    }

    /** Adds a transport (e.g. the sim's array registry). */
    public EngineHarness paths(PathDeviceProvider provider) {
        resolver.addProvider(provider);
        return this;
    }

    public MultipathMap create(String name, String table) throws InvalidArgumentsException {
        return engine.create(name, table);
    }

    public MultipathMap create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        return engine.create(name, table, options);
    }

    public MultipathEngine engine() {
        return engine;
    }

    public TypeRegistry<HardwareHandlerType> handlers() {
        return handlers;
    }

    /** The executor maps and handlers share (kmpathd / kmpath_handlerd). */
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public void close() throws Exception {
        for (MultipathMap m : engine.maps()) {
            engine.remove(m.name());
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
