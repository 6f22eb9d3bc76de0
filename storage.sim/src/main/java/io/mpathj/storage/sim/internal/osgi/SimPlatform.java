package io.mpathj.storage.sim.internal.osgi;

import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.path.PathDeviceProvider;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated arrays in OSGi: one {@link SimArrayRegistry}, registered as the {@code sim} transport
 * ({@link PathDeviceProvider}) and under its own class so commands, configurations and tests can add arrays to it.
 * It also owns the wall-clock time the arrays use for latency and transitions, knows the array personalities:
 * every {@link ArrayPersonality} service (whiteboard), by its {@value ArrayPersonality#NAME_PROPERTY} property, and
 * announces the arrays' paths to every {@link PathDeviceListener} service (the whiteboard): all of them when the
 * listener arrives, then each array's as it is created or destroyed.
 */
@Component(service = SimPlatform.class, immediate = true)
public final class SimPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(SimPlatform.class);
    private final SimArrayRegistry registry = new SimArrayRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mpathj-sim-time");
        t.setDaemon(true);
        return t;
    });
    private final SimTime time = new SystemSimTime(scheduler);
    private ServiceRegistration<?> registration;
    /** Array name to where it came from; also the lock for adding and removing arrays. */
    private final Map<String, String> origins = new HashMap<>();
    private final Map<Object, String> refusals = new ConcurrentHashMap<>();
    private final Map<Object, Runnable> waiting = new ConcurrentHashMap<>();
    /** Personality name to the services of that name, first registered first; guarded by itself. */
    private final Map<String, List<ArrayPersonality>> personalities = new TreeMap<>();

    @Activate
    void activate(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PathDeviceProvider.SCHEME_PROPERTY, SimArrayRegistry.SCHEME);
        registration = context.registerService(
                new String[] {PathDeviceProvider.class.getName(), SimArrayRegistry.class.getName()}, registry, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        waiting.clear();
        for (SimArray array : registry.arrays()) {
            remove(array);
        }
        scheduler.shutdownNow();
    }

    /**
     * A personality service arrived: it is found by its {@value ArrayPersonality#NAME_PROPERTY} property (by
     * {@link ArrayPersonality#name()} without one). Configurations waiting for a personality try again.
     */
    @Reference(service = ArrayPersonality.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addPersonality(ArrayPersonality personality, Map<String, Object> properties) {
        String name = personalityName(personality, properties);
        synchronized (personalities) {
            List<ArrayPersonality> named = personalities.computeIfAbsent(name, n -> new ArrayList<>());
            if (!named.isEmpty()) {
                LOG.warn("a second array personality named {} ({}) is not used while the first ({}) is registered",
                        name, personality.getClass().getName(), named.get(0).getClass().getName());
            }
            named.add(personality);
        }
        retryWaiting();
    }

    public void removePersonality(ArrayPersonality personality, Map<String, Object> properties) {
        String name = personalityName(personality, properties);
        synchronized (personalities) {
            List<ArrayPersonality> named = personalities.get(name);
            if (named != null && named.remove(personality) && named.isEmpty()) {
                personalities.remove(name);
            }
        }
    }

    private static String personalityName(ArrayPersonality personality, Map<String, Object> properties) {
        Object property = properties.get(ArrayPersonality.NAME_PROPERTY);
        String name = property == null ? personality.name() : property.toString();
        if (!name.equals(personality.name())) {
            LOG.warn("array personality {} is registered as {}={}; it is found by the property", personality.name(),
                    ArrayPersonality.NAME_PROPERTY, name);
        }
        return name;
    }

    /** The personality registered under this name, if any. */
    public Optional<ArrayPersonality> personality(String name) {
        synchronized (personalities) {
            List<ArrayPersonality> named = personalities.get(name);
            return named == null || named.isEmpty() ? Optional.empty() : Optional.of(named.get(0));
        }
    }

    /** The names of the registered personalities, sorted. */
    public List<String> personalityNames() {
        synchronized (personalities) {
            return List.copyOf(personalities.keySet());
        }
    }

    /** The personalities with their descriptions, one {@code NAME: DESCRIPTION} line each, sorted by name. */
    public List<String> personalityDescriptions() {
        synchronized (personalities) {
            return personalities.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().get(0).description())
                    .toList();
        }
    }

    /** "no array personality named X; personalities: alua, clariion, …": what an unknown name is told. */
    public String unknownPersonality(String name) {
        List<String> known = personalityNames();
        return "no array personality named " + name + "; " + (known.isEmpty() ? "none is registered"
                : "personalities: " + String.join(", ", known));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPathDeviceListener(PathDeviceListener listener) {
        registry.addListener(listener);
    }

    void removePathDeviceListener(PathDeviceListener listener) {
        registry.removeListener(listener);
    }

    public SimArrayRegistry registry() {
        return registry;
    }

    /**
     * Adds an array made by {@code origin} (a configuration file such as {@code etc/io.mpathj.sim.array-x.cfg}, or
     * {@code sim:create}).
     *
     * @throws IllegalStateException if an array of that name exists; the message names where that one came from
     */
    public void add(SimArray array, String origin) {
        replace(null, array, origin);
    }

    /**
     * Puts {@code fresh} in the place of {@code old} (null: in no array's place) in one step, so no other
     * configuration can take the name in between, and closes {@code old}. Configurations waiting for a name run
     * their retry when this frees one.
     *
     * @throws IllegalStateException if another array has {@code fresh}'s name; {@code old} then stays
     */
    public void replace(SimArray old, SimArray fresh, String origin) {
        boolean freed;
        synchronized (origins) {
            SimArray existing = registry.array(fresh.name()).orElse(null);
            if (existing != null && existing != old) {
                String from = origins.get(fresh.name());
                throw new IllegalStateException("a simulated array named " + fresh.name() + " already exists"
                        + (from == null ? "" : " (from " + from + ")"));
            }
            freed = old != null && unregister(old) && !old.name().equals(fresh.name());
            registry.add(fresh);
            origins.put(fresh.name(), origin);
        }
        if (old != null) {
            old.close();
        }
        if (freed) {
            retryWaiting();
        }
    }

    /**
     * Removes and closes this array if it is still registered (a configuration's array may have been destroyed and
     * another made under its name since); then retries the configurations that waited for its name.
     */
    public boolean remove(SimArray array) {
        boolean removed;
        synchronized (origins) {
            removed = unregister(array);
        }
        array.close();
        if (removed) {
            retryWaiting();
        }
        return removed;
    }

    private boolean unregister(SimArray array) {
        if (registry.array(array.name()).filter(a -> a == array).isEmpty()) {
            return false;
        }
        registry.remove(array.name());
        origins.remove(array.name());
        return true;
    }

    private void retryWaiting() {
        waiting.values().forEach(Runnable::run);
    }

    /** Where the array of this name came from ({@code sim:create} or its file), if it exists. */
    public Optional<String> origin(String name) {
        synchronized (origins) {
            return Optional.ofNullable(origins.get(name));
        }
    }

    /**
     * Records that a configuration was refused, shown by {@code sim:arrays} as {@code refused SOURCE: REASON} until
     * the configuration is fixed or deleted; {@code retry} runs whenever an array is removed (the refusal may have
     * been a name in use), null when only an edit of the file can help.
     */
    void refused(Object configuration, String source, String reason, Runnable retry) {
        refusals.put(configuration, "refused " + source + ": " + reason);
        if (retry != null) {
            waiting.put(configuration, retry);
        } else {
            waiting.remove(configuration);
        }
    }

    /** The configuration is accepted or gone: its refusal line and its retry go. */
    void accepted(Object configuration) {
        refusals.remove(configuration);
        waiting.remove(configuration);
    }

    /** The {@code refused …} lines of the configurations currently refused, sorted. */
    public List<String> refusals() {
        return refusals.values().stream().sorted().toList();
    }

    /** Wall-clock time for arrays built in the container. */
    public SimTime time() {
        return time;
    }
}
