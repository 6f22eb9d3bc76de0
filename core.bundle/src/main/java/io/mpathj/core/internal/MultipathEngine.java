package io.mpathj.core.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.map.MapBuilder;
import io.mpathj.api.map.MapOptions;
import io.mpathj.core.internal.map.MappedDevice;
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
    /** setup_scsi_dh's text when the handler refuses its parameters (scsi_dh_set_params). */
    private static final String HANDLER_PARAMETERS = "unable to set hardware handler parameters";
    /** The kernel's DM_NAME_LEN less the terminating NUL. */
    private static final int MAX_NAME_LENGTH = 127;

    private final TypeRegistry<HardwareHandlerType> handlers;
    private final TypeRegistry<PathSelectorType> selectors;
    private final PathResolver paths;
    private final ScheduledExecutorService executor;
    private final CapacityProbe capacityProbe;
    private final MapEventBus events;
    private final LuIdentityProbe identityProbe = new LuIdentityProbe();
    /** Map name → the logical unit its paths lead to, where they said (guarded by devices). */
    private final Map<String, String> logicalUnits = new java.util.HashMap<>();
    private final Map<String, MappedDevice> devices = new TreeMap<>();
    /** Path name → the map whose table holds it (dm's exclusive claim on a device); guarded by devices. */
    private final Map<String, String> claims = new java.util.HashMap<>();

    public MultipathEngine(TypeRegistry<HardwareHandlerType> handlers, TypeRegistry<PathSelectorType> selectors,
            PathResolver paths, ScheduledExecutorService executor) {
        this(handlers, selectors, paths, executor, new MapEventBus(executor));
    }

    public MultipathEngine(TypeRegistry<HardwareHandlerType> handlers, TypeRegistry<PathSelectorType> selectors,
            PathResolver paths, ScheduledExecutorService executor, MapEventBus events) {
        this.events = events;
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
     * Builds a map from a table and registers it under {@code name} ({@code dmsetup create}). Nothing is held if it
     * fails: the exception's message is the kernel's error text, followed after ": " by what mpathj knows more.
     *
     * @return the map's live table
     */
    public MultipathMap create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        checkName(name);
        synchronized (devices) {
            if (devices.containsKey(name)) {
                throw new InvalidArgumentsException("map " + name + " already exists");
            }
        }
        Built built = build(name, table, options);
        List<String> sharing;
        synchronized (devices) {
            if (devices.containsKey(name)) {
                built.abandon();
                throw new InvalidArgumentsException("map " + name + " already exists");
            }
            String claimed = claimedElsewhere(name, built.map);
            if (claimed != null) {
                built.abandon();
                throw new InvalidArgumentsException(claimed);
            }
            MappedDevice device = new MappedDevice(built.map);
            devices.put(name, device);
            claim(name, built.map);
            recordLogicalUnit(name, built.logicalUnit);
            sharing = sharingLogicalUnit(name);
            device.sharedAtCreation(sharing);
        }
        LOG.info("{}: created: {}", name, table.strip());
        announce(built.map, MapEvent.Kind.MAP_CREATED);
        if (!sharing.isEmpty()) {
            LOG.warn("{}: its logical unit {} is also reached through map {}", name, built.logicalUnit,
                    String.join(", ", sharing));
        }
        return built.map;
    }

    /**
     * {@code dmsetup reload NAME} + {@code dmsetup resume NAME}: the new table is built beside the live one; only
     * when that worked is I/O held (the old table suspended without flushing: what is on a path completes), the
     * table swapped and the held I/O resumed on the new one. Use counts move from the old table's plug-ins to the
     * new one's. On any failure the old table stays live, untouched.
     *
     * @param options the new table's options, or null to keep the live table's
     */
    public MultipathMap reload(String name, String table, MapOptions options) throws InvalidArgumentsException {
        MappedDevice device = existing(name);
        synchronized (device) {
            MultipathMap old = device.table();
            Built built = build(name, table, options == null ? old.options() : options);
            synchronized (devices) {
                String claimed = claimedElsewhere(name, built.map);
                if (claimed != null) {
                    built.abandon();
                    throw new InvalidArgumentsException(claimed);
                }
            }
            try {
                if (!device.swap(built.map, old.options().ioRetryDeadlineMillis())) {
                    built.abandon();
                    throw notQuiet(name, old.options().ioRetryDeadlineMillis(), "the old table stays live");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                built.abandon();
                throw new InvalidArgumentsException("reload of " + name + " interrupted; the old table stays live");
            }
            release(name, old);
            synchronized (devices) {
                unclaim(name, old);
                claim(name, built.map);
                recordLogicalUnit(name, built.logicalUnit);
            }
            LOG.info("{}: reloaded (table generation {}): {}", name, device.generation(), table.strip());
            announce(built.map, MapEvent.Kind.MAP_RELOADED);
            return built.map;
        }
    }

    /** {@code dmsetup suspend --noflush NAME}: new I/O queues; returns once I/O on the paths completed. */
    public void suspend(String name) throws InvalidArgumentsException {
        MappedDevice device = existing(name);
        long quiet = device.table().options().ioRetryDeadlineMillis();
        try {
            if (!device.suspend(quiet)) {
                throw notQuiet(name, quiet, "not suspended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidArgumentsException("suspend of " + name + " interrupted; not suspended");
        }
        LOG.info("{}: suspended", name);
        announce(device.table(), MapEvent.Kind.MAP_SUSPENDED);
    }

    /** {@code dmsetup resume NAME}: queued I/O is dispatched again. */
    public void resume(String name) throws InvalidArgumentsException {
        MappedDevice device = existing(name);
        boolean was = device.isSuspended();
        device.resume();
        if (was) {
            LOG.info("{}: resumed", name);
            announce(device.table(), MapEvent.Kind.MAP_RESUMED);
        }
    }

    /** A table built and attached, not yet live, with what it holds in the registries. */
    private final class Built {
        final MultipathMap map;
        final List<Runnable> releases;
        /** The LU its paths lead to, or null if none said. */
        final String logicalUnit;

        Built(MultipathMap map, List<Runnable> releases, String logicalUnit) {
            this.map = map;
            this.releases = releases;
            this.logicalUnit = logicalUnit;
        }

        void abandon() {
            map.close();
            releases.forEach(Runnable::run);
        }
    }

    private Built build(String name, String table, MapOptions options) throws InvalidArgumentsException {
        MultipathTable parsed = withAttachedHandler(parse(table));
        MapBuilder builder = new MapBuilder(name, parsed, options, executor, events);
        List<Runnable> releases = new ArrayList<>();
        try {
            if (parsed.handlerName() != null) {
                HardwareHandlerType type = acquire(handlers, parsed.handlerName(), name, releases,
                        "unknown hardware handler type");
                try {
                    builder.handler(construct(() -> type.create(parsed.handlerArgs()), HANDLER_PARAMETERS));
                } catch (InvalidArgumentsException e) {
                    // setup_scsi_dh attaches the handler before it sets the parameters: a path it cannot attach
                    // is what the kernel reports, even when the parameters are wrong too
                    String attach = firstAttachRefusal(type, parsed);
                    throw attach == null ? e : new InvalidArgumentsException("error attaching hardware handler: "
                            + attach);
                }
            }
            // one use per map and plug-in, for selectors as for the handler, however many groups name it
            Map<String, PathSelectorType> selectorTypes = new java.util.HashMap<>();
            for (var pg : parsed.groups()) {
                PathSelectorType type = selectorTypes.get(pg.selector());
                if (type == null) {
                    type = acquire(selectors, pg.selector(), name, releases, "unknown path selector type");
                    selectorTypes.put(pg.selector(), type);
                }
                PathSelectorType groupType = type;
                PathSelector selector = construct(() -> groupType.create(pg.selectorArgs()),
                        "path selector constructor failed");
                builder.group(pg, groupType, selector);
                for (var path : pg.paths()) {
                    PathDevice device = paths.resolve(path.device()).orElseThrow(() ->
                            new DependencyMissingException("error getting device: no path named " + path.device()));
                    builder.path(path, device);
                }
            }
            builder.attachPaths();
            builder.geometry(capacityProbe.probe(builder.devices(), parsed.lengthSectors()));
            String lu = oneLogicalUnit(builder.devices());
            return new Built(builder.build(), releases, lu);
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

    /**
     * The LU every path that answers leads to. Paths to different LUs in one map would mix their data, so such a
     * table is refused (the kernel cannot tell; multipathd never builds one).
     */
    private String oneLogicalUnit(List<PathDevice> devices) throws InvalidArgumentsException {
        String lu = null;
        PathDevice first = null;
        for (PathDevice d : devices) {
            Optional<String> id = identityProbe.probe(d);
            if (id.isEmpty()) {
                continue;
            }
            if (lu == null) {
                lu = id.get();
                first = d;
            } else if (!lu.equals(id.get())) {
                throw new InvalidArgumentsException("error getting device: " + d.name() + " leads to logical unit "
                        + id.get() + ", " + first.name() + " to " + lu + "; a map's paths must lead to one LU");
            }
        }
        return lu;
    }

    /** Other maps whose paths lead to the same logical unit as {@code name}'s (locked on devices). */
    private List<String> sharingLogicalUnit(String name) {
        String lu = logicalUnits.get(name);
        if (lu == null) {
            return List.of();
        }
        return logicalUnits.entrySet().stream().filter(e -> !e.getKey().equals(name) && lu.equals(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private void recordLogicalUnit(String name, String lu) {
        if (lu == null) {
            logicalUnits.remove(name);
        } else {
            logicalUnits.put(name, lu);
        }
    }

    /**
     * The handler a path device already has attached wins over the table's (setup_scsi_dh): a table naming another
     * handler gets the attached one (scsi_dh_attach answers -EBUSY, dm-mpath retains it and drops the table's
     * parameters), and so does a table naming none when it asks to {@code retain_attached_hw_handler} (also implied
     * by {@code queue_mode bio}). The first path with an attached handler decides, as the last one parsed does in the
     * kernel when they disagree, which one device per map never does.
     */
    private MultipathTable withAttachedHandler(MultipathTable t) {
        String attached = null;
        for (String device : t.deviceNames()) {
            Optional<String> a = paths.resolve(device).flatMap(PathDevice::attachedHandler);
            if (a.isPresent()) {
                attached = a.get();
                break;
            }
        }
        if (attached == null || attached.equals(t.handlerName())
                || (t.handlerName() == null && !t.features().retainAttachedHwHandler())) {
            return t;
        }
        if (t.handlerName() != null && handlers.ensureRegistered(t.handlerName()).isPresent()) {
            return t; // scsi_dh_attach looks the name up first: an unknown one is refused before -EBUSY
        }
        LOG.debug("table names hardware handler {}; the devices have {} attached, which is retained",
                t.handlerName() == null ? "none" : t.handlerName(), attached);
        return new MultipathTable(t.lengthSectors(), t.features(), attached, List.of(), t.initialGroup(), t.groups());
    }

    /** Removes a map ({@code dmsetup remove}); refused while it is open. */
    public void remove(String name) throws InvalidArgumentsException {
        remove(name, false);
    }

    /**
     * Removes a map: its queued I/O fails, its handler and selectors are destroyed and their use counts dropped.
     * An open map (an I/O workload or another user holds it) is refused with dmsetup's "device or resource busy"
     * unless {@code force}, which fails the queued I/O and leaves the users with a removed device.
     */
    public void remove(String name, boolean force) throws InvalidArgumentsException {
        MappedDevice device = existing(name);
        synchronized (device) {
            if (!force && device.openCount() > 0) {
                throw new InvalidArgumentsException("device or resource busy: " + name + " is open ("
                        + device.openCount() + " by " + device.openers() + "); --force fails its I/O and removes it");
            }
            synchronized (devices) {
                if (devices.remove(name) == null) {
                    throw new InvalidArgumentsException("no map named " + name);
                }
                unclaim(name, device.table());
                logicalUnits.remove(name);
            }
            device.markRemoved();
            MultipathMap map = device.table();
            map.close();
            release(name, map);
        }
        LOG.info("{}: removed{}", name, force ? " (forced)" : "");
        events.emit(name, MapEvent.Kind.MAP_REMOVED, null, 0, 0, force ? "forced" : "");
    }

    private void announce(MultipathMap map, MapEvent.Kind kind) {
        events.emit(map.name(), kind, null, 0, map.validPaths(), "");
    }

    /** Where map events go; listeners are added here. */
    public MapEventBus events() {
        return events;
    }

    /** The device behind a path name, from the transports, for a checker's commands. */
    public Optional<PathDevice> pathDevice(String pathName) {
        return paths.resolve(pathName);
    }

    private void release(String holder, MultipathMap map) {
        if (map.handlerName() != null) {
            handlers.release(map.handlerName(), holder);
        }
        for (String selector : new java.util.LinkedHashSet<>(map.selectorNames())) {
            selectors.release(selector, holder);
        }
    }

    /** dm's exclusive claim of a block device: a path in another map's table makes this one fail. */
    private String claimedElsewhere(String name, MultipathMap map) {
        for (String path : map.pathNames()) {
            String holder = claims.get(path);
            if (holder != null && !holder.equals(name)) {
                return "error getting device: " + path + " is in use by map " + holder;
            }
        }
        return null;
    }

    private void claim(String name, MultipathMap map) {
        map.pathNames().forEach(p -> claims.put(p, name));
    }

    private void unclaim(String name, MultipathMap map) {
        map.pathNames().forEach(p -> claims.remove(p, name));
    }

    /** The live table of a map. */
    public Optional<MultipathMap> map(String name) {
        return device(name).map(MappedDevice::table);
    }

    /** The device named, or "no map named NAME". */
    public MappedDevice existing(String name) throws InvalidArgumentsException {
        return device(name).orElseThrow(() -> new InvalidArgumentsException("no map named " + name));
    }

    /** dmsetup's EBUSY when a suspend (or a reload's) waited too long for the I/O on the paths. */
    private static InvalidArgumentsException notQuiet(String name, long millis, String outcome) {
        return new InvalidArgumentsException("device or resource busy: I/O on " + name + " did not complete within "
                + millis / 1000 + " s; " + outcome);
    }

    /** A map as a device that survives reloads (hold this, not a table, for I/O). */
    public Optional<MappedDevice> device(String name) {
        synchronized (devices) {
            return Optional.ofNullable(devices.get(name));
        }
    }

    /** Devices in name order. */
    public List<MappedDevice> devices() {
        synchronized (devices) {
            return List.copyOf(devices.values());
        }
    }

    /** Live tables in name order. */
    public List<MultipathMap> maps() {
        return devices().stream().map(MappedDevice::table).toList();
    }

    private void checkSelector(String name) throws InvalidArgumentsException {
        Optional<String> searched = selectors.ensureRegistered(name);
        if (searched.isPresent()) {
            throw new DependencyMissingException("unknown path selector type '" + name + "'"
                    + searchedSuffix(searched.get()));
        }
    }

    private static <T> T acquire(TypeRegistry<T> registry, String type, String holder, List<Runnable> releases,
            String unknownText) throws InvalidArgumentsException {
        try {
            T t = registry.acquire(type, holder);
            releases.add(() -> registry.release(type, holder));
            return t;
        } catch (RegistryException e) {
            throw new DependencyMissingException(unknownText + " '" + type + "'" + searchedSuffix(e.searched()));
        }
    }

    private static String searchedSuffix(String searched) {
        return searched.isEmpty() ? "" : ": searched " + searched;
    }

    @FunctionalInterface
    private interface Constructor<T> {
        T create() throws InvalidArgumentsException;
    }

    /**
     * What the handler (with its default parameters) says when attached to the table's online paths, in order: the
     * first refusal, or null if every one was accepted (or no default instance could be made).
     */
    private String firstAttachRefusal(HardwareHandlerType type, MultipathTable table) {
        HardwareHandler probe;
        try {
            probe = type.create(List.of());
        } catch (InvalidArgumentsException | RuntimeException e) {
            return null;
        }
        try (HardwareHandler h = probe) {
            for (String name : new java.util.LinkedHashSet<>(table.deviceNames())) {
                Optional<PathDevice> device = paths.resolve(name);
                if (device.isEmpty() || !device.get().isOnline()) {
                    continue;
                }
                try {
                    h.attach(new ProbePath(name, device.get()));
                } catch (AttachException e) {
                    return e.getMessage();
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A path as a handler's attach sees it, before any map exists. */
    private record ProbePath(String name, PathDevice device) implements io.mpathj.api.path.MapPath {
        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public int failCount() {
            return 0;
        }

        @Override
        public Object selectorContext() {
            return null;
        }

        @Override
        public void setSelectorContext(Object context) {
            // no selector sees a probe
        }
    }

    /**
     * A plug-in constructor's refusal (or crash) as the kernel's text plus the plug-in's own words (a plug-in that
     * already starts with the kernel's text is not repeated).
     */
    private static <T> T construct(Constructor<T> constructor, String kernelText) throws InvalidArgumentsException {
        T t;
        try {
            t = constructor.create();
        } catch (InvalidArgumentsException e) {
            String m = e.getMessage();
            throw new InvalidArgumentsException(m.startsWith(kernelText) ? m : kernelText + ": " + m);
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
