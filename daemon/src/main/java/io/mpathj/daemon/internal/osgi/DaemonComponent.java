package io.mpathj.daemon.internal.osgi;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.config.ConfigReader;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.plugin.PluginLoader;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.daemon.internal.ExecutorClock;
import io.mpathj.daemon.internal.PathDaemon;
import io.mpathj.daemon.internal.PluginTypes;
import io.mpathj.daemon.internal.Settings;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon in OSGi: its defaults from {@code etc/io.mpathj.daemon.cfg}, per-map overrides from the factory PID
 * {@value #MAP_FACTORY_PID} ({@code etc/io.mpathj.daemon.map-NAME.cfg} with {@code map=NAME}), the checker and
 * prioritizer types from the service registry, and the core's {@link Multipath} service.
 */
@Component(service = DaemonComponent.class, immediate = true, configurationPid = DaemonComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DaemonComponent {
    public static final String PID = "io.mpathj.daemon";
    public static final String MAP_FACTORY_PID = "io.mpathj.daemon.map";
    private static final Logger LOG = LoggerFactory.getLogger(DaemonComponent.class);

    private final PluginTypes types = new PluginTypes();
    private final ExecutorClock clock = new ExecutorClock("mpathj-multipathd");
    private final Map<String, Map<String, Object>> overrides = new ConcurrentHashMap<>();
    private volatile Settings defaults = Settings.DEFAULTS;
    /** Maps the assembly made, with the settings multipath.conf gives them (under any per-map file). */
    private final Map<String, Settings> assembled = new ConcurrentHashMap<>();
    private final PathDaemon daemon;
    private final ServiceRegistration<ManagedServiceFactory> factory;

    @Activate
    public DaemonComponent(@Reference Multipath multipath, BundleContext context, Map<String, Object> config) {
        defaults = read(config, Settings.DEFAULTS, Settings.DEFAULTS);
        daemon = new PathDaemon(multipath, types, clock, this::settings);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, MAP_FACTORY_PID);
        factory = context.registerService(ManagedServiceFactory.class, new MapOverrides(), props);
        daemon.start();
    }

    /**
     * The settings of one map: its override file over the assembly's settings for it (an assembled map) or over
     * the defaults.
     */
    Settings settings(String map) {
        Settings base = assembled.getOrDefault(map, defaults);
        for (Map<String, Object> o : overrides.values()) {
            if (map.equals(o.get("map"))) {
                return read(o, base, base);
            }
        }
        return base;
    }

    /**
     * The assembly's settings for a map it makes (null: it no longer does). Set before the map is created or
     * reloaded, so the daemon adopts it with them; a change of a live map's settings alone re-adopts the maps.
     */
    public void assembled(String map, Settings settings) {
        Settings before = settings == null ? assembled.remove(map) : assembled.put(map, settings);
        if (before != null && settings != null && !before.equals(settings)) {
            daemon.reconfigure();
        }
    }

    public PluginTypes types() {
        return types;
    }

    /** Reads settings over {@code base}; a file with problems is refused (its WARN names them): {@code refused}. */
    private static Settings read(Map<String, ?> properties, Settings base, Settings refused) {
        ConfigReader reader = new ConfigReader(properties);
        reader.string("map", null);
        Settings s = base.read(reader);
        if (!reader.unknownKeys().isEmpty()) {
            LOG.warn("{}: unknown keys {} (known: {})", reader.source(), reader.unknownKeys(), reader.knownKeys());
        }
        if (!reader.problems().isEmpty()) {
            LOG.error("{}: refused: {}", reader.source(), reader.problemSummary());
            return refused;
        }
        return s;
    }

    @Modified
    void modified(Map<String, Object> config) {
        defaults = read(config, Settings.DEFAULTS, defaults);
        daemon.reconfigure();
    }

    public PathDaemon daemon() {
        return daemon;
    }

    @Deactivate
    void deactivate() {
        factory.unregister();
        daemon.close();
        clock.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addChecker(PathCheckerType type, ServiceReference<PathCheckerType> ref) {
        Object name = ref.getProperty(PathCheckerType.NAME_PROPERTY);
        if (name instanceof String n) {
            types.checker(n, type);
            if (daemon != null) {
                daemon.reconfigure();
            }
        }
    }

    void removeChecker(PathCheckerType type, ServiceReference<PathCheckerType> ref) {
        if (ref.getProperty(PathCheckerType.NAME_PROPERTY) instanceof String n) {
            types.withdrawChecker(n, type);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPrioritizer(PrioritizerType type, ServiceReference<PrioritizerType> ref) {
        if (ref.getProperty(PrioritizerType.NAME_PROPERTY) instanceof String n) {
            types.prioritizer(n, type);
            if (daemon != null) {
                daemon.reconfigure();
            }
        }
    }

    void removePrioritizer(PrioritizerType type, ServiceReference<PrioritizerType> ref) {
        if (ref.getProperty(PrioritizerType.NAME_PROPERTY) instanceof String n) {
            types.withdrawPrioritizer(n, type);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setLoader(PluginLoader loader) {
        types.loader(loader);
    }

    void unsetLoader(PluginLoader loader) {
        types.loader(null);
    }

    /** The per-map files: {@code map=NAME} plus any of the default keys. */
    private final class MapOverrides implements ManagedServiceFactory {
        @Override
        public String getName() {
            return "mpathj daemon per-map settings";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
            Map<String, Object> p = new HashMap<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                p.put(k, properties.get(k));
            }
            ConfigReader reader = new ConfigReader(p);
            String map = reader.required("map");
            defaults.read(reader);
            if (!reader.problems().isEmpty()) {
                LOG.error("{}: refused: {}", reader.source(), reader.problemSummary());
                overrides.remove(pid);
                daemon.reconfigure();
                throw new ConfigurationException(null, reader.problemSummary());
            }
            if (!reader.unknownKeys().isEmpty()) {
                LOG.warn("{}: unknown keys {} (known: {})", reader.source(), reader.unknownKeys(),
                        reader.knownKeys());
            }
            p.put("map", map);
            overrides.put(pid, p);
            daemon.reconfigure();
        }

        @Override
        public void deleted(String pid) {
            overrides.remove(pid);
            daemon.reconfigure();
        }
    }
}
