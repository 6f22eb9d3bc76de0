package io.mpathj.core.internal.osgi;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.plugin.PluginLoader;
import io.mpathj.core.internal.MultipathEngine;
import io.mpathj.core.internal.MultipathService;
import io.mpathj.core.internal.Workers;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.path.PathResolver;
import io.mpathj.core.internal.registry.RegistryException;
import io.mpathj.core.internal.registry.TypeLoader;
import io.mpathj.core.internal.registry.TypeRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.mpathj.core.internal.loader.Repositories;
import io.mpathj.core.internal.loader.RepositoryLoader;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multipath target in OSGi: tracks every HardwareHandlerType, PathSelectorType and PathDeviceProvider service
 * (dynamic, multiple, greedy) into the registries and the path resolver, and owns the engine with its maps and its
 * executor (the kernel's kmpathd / kmpath_handlerd).
 */
@Component(service = MultipathPlatform.class, immediate = true, configurationPid = Repositories.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class MultipathPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(MultipathPlatform.class);

    private final ScheduledExecutorService executor;
    private final TypeRegistry<HardwareHandlerType> handlers;
    private final TypeRegistry<PathSelectorType> selectors;
    private final PathResolver paths = new PathResolver();
    private final MultipathEngine engine;
    private final ConfiguredMaps configurations = new ConfiguredMaps();
    /** Framework property naming the repository indexes the on-demand loader may install from, comma separated. */
    public static final String REPOSITORY_PROPERTY = "mpathj.repository";
    private static final long LOAD_WAIT_MILLIS = 5000;
    private volatile TypeLoader loader = TypeLoader.NONE;
    private volatile Repositories repositories = new Repositories(List.of(), null);
    private volatile PluginBundles pluginBundles;
    /** Which bundle provides each plug-in instance, for unload and for listings. */
    private final Map<Object, Bundle> providers = new ConcurrentHashMap<>();
    private final MultipathService service;
    private ServiceRegistration<Multipath> registration;
    private ServiceRegistration<PluginLoader> loaderRegistration;
    private Multipath.Subscription eventForwarding;
    /** Where map events are posted, when an EventAdmin runs. */
    private volatile EventAdmin eventAdmin;
    /**
     * The one thread that posts map events: EventAdmin keeps the order of asynchronous events per posting thread
     * only, and the core's deliveries run on whichever worker is free.
     */
    private final java.util.concurrent.ExecutorService eventPoster = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mpathj-event-poster");
                t.setDaemon(true);
                return t;
            });

    public MultipathPlatform() {
        executor = Workers.start("mpathj-worker-");
        TypeLoader onDemand = (kind, name) -> loader.load(kind, name);
        handlers = new TypeRegistry<>("hardware handler", onDemand);
        selectors = new TypeRegistry<>("path selector", onDemand);
        engine = new MultipathEngine(handlers, selectors, paths, executor);
        service = new MultipathService(engine);
    }

    public MultipathEngine engine() {
        return engine;
    }

    /** What became of each map file in etc/. */
    public ConfiguredMaps configurations() {
        return configurations;
    }

    public TypeRegistry<HardwareHandlerType> handlers() {
        return handlers;
    }

    public TypeRegistry<PathSelectorType> selectors() {
        return selectors;
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        String home = context.getProperty("mpathj.home");
        repositories = new Repositories(Repositories.parse(context.getProperty(REPOSITORY_PROPERTY)),
                home == null ? null : Path.of(home, "etc", Repositories.PID + ".cfg"));
        repositories.configure(properties.get(Repositories.KEY));
        RepositoryLoader onDemand = new RepositoryLoader(context, repositories::all, handlers::contains,
                selectors::contains, LOAD_WAIT_MILLIS);
        loader = onDemand;
        pluginBundles = new PluginBundles(context, executor, List.of(HardwareHandlerType.CAPABILITY_NAMESPACE,
                PathSelectorType.CAPABILITY_NAMESPACE), (namespace, name) -> namespace.equals(
                HardwareHandlerType.CAPABILITY_NAMESPACE) ? handlers.contains(name) : selectors.contains(name));
        pluginBundles.open();
        eventForwarding = service.listen(this::post);
        registration = context.registerService(Multipath.class, service, null);
        loaderRegistration = context.registerService(PluginLoader.class, onDemand::loadCapability, null);
    }

    /** etc/io.mpathj.repositories.cfg changed (FileInstall through ConfigAdmin): the operator's indexes. */
    @Modified
    void modified(Map<String, Object> properties) {
        repositories.configure(properties.get(Repositories.KEY));
    }

    /** The repository indexes the on-demand loader searches ({@code mpath:repo}, {@code mpath:repos}). */
    public Repositories repositories() {
        return repositories;
    }

    /** Plug-in bundles of a kind (a capability namespace) that are installed but serve nothing, with why. */
    List<PluginBundles.Problem> problems(String namespace) {
        PluginBundles p = pluginBundles;
        return p == null ? List.of() : p.problems(namespace);
    }

    /** The public map API this platform serves. */
    public Multipath service() {
        return service;
    }

    /** Posts a map event on EventAdmin (asynchronously, in order), as dm sends a uevent. */
    private void post(MapEvent event) {
        if (eventAdmin == null) {
            return;
        }
        try {
            eventPoster.execute(() -> {
                EventAdmin admin = eventAdmin;
                if (admin != null) {
                    admin.postEvent(new Event(event.topic(), event.properties()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: no one is left to tell
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (pluginBundles != null) {
            pluginBundles.close();
        }
        if (loaderRegistration != null) {
            loaderRegistration.unregister();
        }
        if (registration != null) {
            registration.unregister();
        }
        if (eventForwarding != null) {
            eventForwarding.close();
        }
        for (MultipathMap map : engine.maps()) {
            try {
                engine.remove(map.name(), true);
            } catch (Exception e) {
                LOG.warn("removing map {} on shutdown: {}", map.name(), e.getMessage());
            }
        }
        executor.shutdownNow();
        // the last events (the maps' removal) are posted, not interrupted: EventAdmin prints a warning on stdout
        // when a posting thread is interrupted, which a script would show
        eventPoster.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            eventPoster.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(HardwareHandlerType type, ServiceReference<HardwareHandlerType> ref) {
        offer(handlers, type, ref, HardwareHandlerType.NAME_PROPERTY);
    }

    void removeHandler(HardwareHandlerType type, ServiceReference<HardwareHandlerType> ref) {
        withdraw(handlers, type, ref, HardwareHandlerType.NAME_PROPERTY);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSelector(PathSelectorType type, ServiceReference<PathSelectorType> ref) {
        offer(selectors, type, ref, PathSelectorType.NAME_PROPERTY);
    }

    void removeSelector(PathSelectorType type, ServiceReference<PathSelectorType> ref) {
        withdraw(selectors, type, ref, PathSelectorType.NAME_PROPERTY);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPathProvider(PathDeviceProvider provider) {
        paths.addProvider(provider);
    }

    void removePathProvider(PathDeviceProvider provider) {
        paths.removeProvider(provider);
    }

    private <T> void offer(TypeRegistry<T> registry, T type, ServiceReference<T> ref, String property) {
        Object name = ref.getProperty(property);
        if (!(name instanceof String) || ((String) name).isBlank() || ((String) name).contains(" ")) {
            LOG.error("ignoring a {} service from {} without a valid {} property (got {})", registry.kind(),
                    describe(ref.getBundle()), property, name);
            return;
        }
        Bundle bundle = ref.getBundle();
        providers.put(type, bundle);
        Bundle serving = registry.lookup((String) name).map(providers::get).orElse(null);
        if (serving != null && serving != bundle && bundle.getSymbolicName().equals(serving.getSymbolicName())) {
            int newer = bundle.getVersion().compareTo(serving.getVersion());
            if (newer > 0) {
                // a newer version dropped in beside the old one (any file name): it takes over, as an update would
                registry.offerReplacing((String) name, type, describe(bundle));
                return;
            }
            LOG.warn("refused {} {} from {}: {}", registry.kind(), name, describe(bundle), newer == 0
                    ? "the same version already serves it (another copy of one jar?)"
                    : "it is older than " + describe(serving) + ", which serves it; remove the newer one first to "
                    + "go back");
        }
        registry.offer((String) name, type, describe(bundle));
    }

    private <T> void withdraw(TypeRegistry<T> registry, T type, ServiceReference<T> ref, String property) {
        Object name = ref.getProperty(property);
        if (name instanceof String) {
            registry.withdraw((String) name, type);
        }
        providers.remove(type);
    }

    /**
     * {@code mpath:unload}: refuses while a map uses the name (the kernel's -ETXTBSY), else stops the bundle that
     * provides it.
     *
     * @return what was stopped
     */
    public String unload(String name) throws RegistryException, BundleException {
        Object type;
        String kind;
        if (handlers.lookup(name).isPresent()) {
            type = handlers.checkUnloadable(name);
            kind = handlers.kind();
        } else if (selectors.lookup(name).isPresent()) {
            type = selectors.checkUnloadable(name);
            kind = selectors.kind();
        } else {
            throw new RegistryException(RegistryException.Errno.ENOENT,
                    "no hardware handler or path selector named " + name + " is loaded");
        }
        Bundle bundle = providers.get(type);
        if (bundle == null) {
            throw new RegistryException(RegistryException.Errno.ENOENT, "no bundle provides " + kind + " " + name);
        }
        bundle.stop();
        return "unloaded " + kind + " " + name + ": stopped bundle " + describe(bundle);
    }

    static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
