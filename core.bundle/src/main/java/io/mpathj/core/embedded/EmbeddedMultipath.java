package io.mpathj.core.embedded;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.map.MapListener;
import io.mpathj.api.map.MapOptions;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.MultipathEngine;
import io.mpathj.core.internal.MultipathService;
import io.mpathj.core.internal.Workers;
import io.mpathj.core.internal.path.PathResolver;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeLoader;
import io.mpathj.core.internal.registry.TypeRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A multipath target in the caller's process, outside OSGi: the caller registers handler and selector types by
 * name (as their bundles' services would be) and adds transports. There is no on-demand loading: an unregistered
 * name is refused as the kernel refuses an unknown type. Close it to remove every map (by force) and stop its
 * threads.
 */
public final class EmbeddedMultipath implements Multipath, AutoCloseable {
    private final ScheduledExecutorService executor;
    private final TypeRegistry<HardwareHandlerType> handlers = new TypeRegistry<>("hardware handler",
            TypeLoader.NONE);
    private final TypeRegistry<PathSelectorType> selectors = new TypeRegistry<>("path selector", TypeLoader.NONE);
    private final PathResolver paths = new PathResolver();
    private final MultipathService service;

    public EmbeddedMultipath() {
        executor = Workers.start("mpathj-embedded-");
        service = new MultipathService(new MultipathEngine(handlers, selectors, paths, executor));
    }

    /**
     * Makes a handler type available under its table name, as its bundle's service appearing would. A second type
     * under a name in use waits (refused) until the first is withdrawn, as in the container.
     */
    public EmbeddedMultipath handler(String name, HardwareHandlerType type) {
        handlers.offer(name, type, type.getClass().getName());
        return this;
    }

    /** The provider of a handler name leaves: maps using it queue I/O until another provider is offered. */
    public void withdrawHandler(String name, HardwareHandlerType type) {
        handlers.withdraw(name, type);
    }

    /** Makes a path selector type available under its table name. */
    public EmbeddedMultipath selector(String name, PathSelectorType type) {
        selectors.offer(name, type, type.getClass().getName());
        return this;
    }

    /** The provider of a selector name leaves. */
    public void withdrawSelector(String name, PathSelectorType type) {
        selectors.withdraw(name, type);
    }

    /** Adds a transport (e.g. the sim's array registry). */
    public EmbeddedMultipath paths(PathDeviceProvider provider) {
        paths.addProvider(provider);
        return this;
    }

    /** How many maps hold a handler type (the module's use count). */
    public int handlerUseCount(String name) {
        return handlers.useCount(name);
    }

    /** How many maps hold a selector type. */
    public int selectorUseCount(String name) {
        return selectors.useCount(name);
    }

    /**
     * {@code mpath:unload}: refuses while a map uses the handler type, with the kernel's busy text.
     *
     * @throws InvalidArgumentsException naming the maps that hold it
     */
    public void unregisterHandler(String name) throws InvalidArgumentsException {
        try {
            handlers.unregister(name);
        } catch (RegistryException e) {
            throw new InvalidArgumentsException(e.getMessage());
        }
    }

    /** The threads maps and handlers share (the kernel's kmpathd / kmpath_handlerd). */
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public List<String> names() {
        return service.names();
    }

    @Override
    public Optional<MapView> view(String name) {
        return service.view(name);
    }

    @Override
    public List<MapView> views() {
        return service.views();
    }

    @Override
    public void create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        service.create(name, table, options);
    }

    @Override
    public void reload(String name, String table, MapOptions options) throws InvalidArgumentsException {
        service.reload(name, table, options);
    }

    @Override
    public void suspend(String name) throws InvalidArgumentsException {
        service.suspend(name);
    }

    @Override
    public void resume(String name) throws InvalidArgumentsException {
        service.resume(name);
    }

    @Override
    public void remove(String name, boolean force) throws InvalidArgumentsException {
        service.remove(name, force);
    }

    @Override
    public void message(String name, String... words) throws InvalidArgumentsException {
        service.message(name, words);
    }

    @Override
    public String status(String name, StatusType type) throws InvalidArgumentsException {
        return service.status(name, type);
    }

    @Override
    public OpenMap open(String name, String holder) throws InvalidArgumentsException {
        return service.open(name, holder);
    }

    @Override
    public Optional<PathDevice> pathDevice(String pathName) {
        return service.pathDevice(pathName);
    }

    @Override
    public Subscription listen(MapListener listener) {
        return service.listen(listener);
    }

    @Override
    public void close() throws InterruptedException {
        for (String name : service.names()) {
            try {
                service.remove(name, true);
            } catch (InvalidArgumentsException e) {
                // removed meanwhile
            }
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
