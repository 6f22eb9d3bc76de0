package io.mpathj.core.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.map.MapBuilder;
import io.mpathj.core.internal.map.MapOptions;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.path.PathResolver;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeRegistry;
import io.mpathj.core.internal.table.MultipathTable;
import io.mpathj.core.internal.table.TableParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The multipath target as a whole: creates maps from tables (resolving handler and selector types through the
 * registries and path names through the transports), keeps them by name, removes them and releases what they held.
 */
public final class MultipathEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MultipathEngine.class);
    /** The kernel's DM_NAME_LEN less the terminating NUL. */
    private static final int MAX_NAME_LENGTH = 127;

    private final TypeRegistry<HardwareHandlerType> handlers;
    private final TypeRegistry<PathSelectorType> selectors;
    private final PathResolver paths;
    private final ScheduledExecutorService executor;
    private final CapacityProbe capacityProbe;
    private final Map<String, MultipathMap> maps = new TreeMap<>();

    public MultipathEngine(TypeRegistry<HardwareHandlerType> handlers, TypeRegistry<PathSelectorType> selectors,
            PathResolver paths, ScheduledExecutorService executor) {
        this.handlers = handlers;
        this.selectors = selectors;
        this.paths = paths;
        this.executor = executor;
        this.capacityProbe = new CapacityProbe();
        handlers.addListener(this::handlerProviderChanged);
        selectors.addListener(this::selectorProviderChanged);
    }

    /**
     * The provider serving a handler name changed. Gone: maps using it quiesce at once (before the bundle's classes
     * go). Back, or replaced by a promoted duplicate: each map gets a new instance from its table's args, built and
     * attached on the executor so the service event thread is not held by path I/O.
     */
    private void handlerProviderChanged(String name, HardwareHandlerType type) {
        for (MultipathMap map : maps()) {
            if (!name.equals(map.handlerName())) {
                continue;
            }
            map.detachHandler();
            if (type != null) {
                executor.execute(() -> {
                    try {
                        map.attachHandler(type.create(map.handlerArgs()));
                    } catch (InvalidArgumentsException | RuntimeException e) {
                        map.detachHandler();
                        LOG.error("{}: the new provider of hardware handler {} refused the table's args: {}",
                                map.name(), name, e.getMessage());
                    }
                });
            }
        }
    }

    /** The same for path selectors; rebinding re-adds the group's paths to a new selector instance. */
    private void selectorProviderChanged(String name, PathSelectorType type) {
        for (MultipathMap map : maps()) {
            if (!map.selectorNames().contains(name)) {
                continue;
            }
            map.detachSelector(name);
            if (type != null) {
                executor.execute(() -> map.attachSelector(name, type));
            }
        }
    }

    public TypeRegistry<HardwareHandlerType> handlers() {
        return handlers;
    }

    public TypeRegistry<PathSelectorType> selectors() {
        return selectors;
    }

    /** Parses a table without building anything (selector names are still checked). */
    public MultipathTable parse(String table) throws InvalidArgumentsException {
        return new TableParser(this::checkSelector).parse(table);
    }

    public MultipathMap create(String name, String table) throws InvalidArgumentsException {
        return create(name, table, MapOptions.DEFAULTS);
    }

    /**
     * Builds a map from a table and registers it under {@code name}. Nothing is held if it fails: the exception's
     * message is the kernel's error text, followed after ": " by what mpathj knows more.
     */
    public MultipathMap create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        checkName(name);
        synchronized (maps) {
            if (maps.containsKey(name)) {
                throw new InvalidArgumentsException("map " + name + " already exists");
            }
        }
        MultipathTable parsed = parse(table);
        MapBuilder builder = new MapBuilder(name, parsed, options, executor);
        List<Runnable> releases = new ArrayList<>();
        try {
            if (parsed.handlerName() != null) {
                HardwareHandlerType type = acquire(handlers, parsed.handlerName(), name, releases,
                        "unknown hardware handler type");
                builder.handler(construct(() -> type.create(parsed.handlerArgs()),
                        "hardware handler constructor failed"));
            }
            for (var pg : parsed.groups()) {
                PathSelectorType type = acquire(selectors, pg.selector(), name, releases, "unknown path selector type");
                PathSelector selector = construct(() -> type.create(pg.selectorArgs()),
                        "path selector constructor failed");
                builder.group(pg, type, selector);
                for (var path : pg.paths()) {
                    PathDevice device = paths.resolve(path.device()).orElseThrow(() ->
                            new InvalidArgumentsException("error getting device: no path named " + path.device()));
                    builder.path(path, device);
                }
            }
            builder.attachPaths();
            builder.geometry(capacityProbe.probe(builder.devices(), parsed.lengthSectors()));
            MultipathMap map = builder.build();
            synchronized (maps) {
                if (maps.putIfAbsent(name, map) != null) {
                    map.close();
                    throw new InvalidArgumentsException("map " + name + " already exists");
                }
            }
            return map;
        } catch (InvalidArgumentsException | RuntimeException e) {
            builder.abandon();
            releases.forEach(Runnable::run);
            throw e;
        } catch (AttachException e) {
            builder.abandon();
            releases.forEach(Runnable::run);
            throw new InvalidArgumentsException("error attaching hardware handler: " + e.getMessage());
        }
    }

    /** Removes a map: its queued I/O fails, its handler and selectors are destroyed and their use counts dropped. */
    public void remove(String name) throws InvalidArgumentsException {
        MultipathMap map;
        synchronized (maps) {
            map = maps.remove(name);
        }
        if (map == null) {
            throw new InvalidArgumentsException("no map named " + name);
        }
        map.close();
        if (map.handlerName() != null) {
            handlers.release(map.handlerName(), name);
        }
        for (String selector : map.selectorNames()) {
            selectors.release(selector, name);
        }
    }

    public Optional<MultipathMap> map(String name) {
        synchronized (maps) {
            return Optional.ofNullable(maps.get(name));
        }
    }

    /** Maps in name order. */
    public List<MultipathMap> maps() {
        synchronized (maps) {
            return List.copyOf(maps.values());
        }
    }

    private void checkSelector(String name) throws InvalidArgumentsException {
        Optional<String> searched = selectors.ensureRegistered(name);
        if (searched.isPresent()) {
            throw new InvalidArgumentsException("unknown path selector type" + searchedSuffix(searched.get()));
        }
    }

    private static <T> T acquire(TypeRegistry<T> registry, String type, String holder, List<Runnable> releases,
            String unknownText) throws InvalidArgumentsException {
        try {
            T t = registry.acquire(type, holder);
            releases.add(() -> registry.release(type, holder));
            return t;
        } catch (RegistryException e) {
            throw new InvalidArgumentsException(unknownText + searchedSuffix(e.searched()));
        }
    }

    private static String searchedSuffix(String searched) {
        return searched.isEmpty() ? "" : ": searched " + searched;
    }

    @FunctionalInterface
    private interface Constructor<T> {
        T create() throws InvalidArgumentsException;
    }

    /** A plug-in constructor's refusal (or crash) as the kernel's text plus the plug-in's own words. */
    private static <T> T construct(Constructor<T> constructor, String kernelText) throws InvalidArgumentsException {
        T t;
        try {
            t = constructor.create();
        } catch (InvalidArgumentsException e) {
            throw new InvalidArgumentsException(kernelText + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidArgumentsException(kernelText + ": " + e);
        }
        if (t == null) {
            throw new InvalidArgumentsException(kernelText + ": the constructor returned nothing");
        }
        return t;
    }

    private static void checkName(String name) throws InvalidArgumentsException {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.contains("/")
                || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidArgumentsException("invalid map name '" + name
                    + "': 1 to 127 characters, no '/', no white space");
        }
    }
}
