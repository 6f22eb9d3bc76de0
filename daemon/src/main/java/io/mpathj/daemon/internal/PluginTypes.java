package io.mpathj.daemon.internal;

import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.plugin.PluginLoader;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.api.rules.DeviceRules;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The path checker and prioritizer types by name, as their whiteboard services come and go; a name nobody provides
 * is loaded on demand through the platform's {@link PluginLoader} when there is one, and waited for a bounded time;
 * and the device rules of a vendor are loaded the same way ({@link #loadDeviceRules}).
 */
public final class PluginTypes {
    private static final long WAIT_MILLIS = 5000;
    private static final long POLL_MILLIS = 10;

    private final Map<String, PathCheckerType> checkers = new ConcurrentHashMap<>();
    private final Map<String, PrioritizerType> prioritizers = new ConcurrentHashMap<>();
    private volatile PluginLoader loader;

    public PluginTypes checker(String name, PathCheckerType type) {
        checkers.put(name, type);
        return this;
    }

    public void withdrawChecker(String name, PathCheckerType type) {
        checkers.remove(name, type);
    }

    public PluginTypes prioritizer(String name, PrioritizerType type) {
        prioritizers.put(name, type);
        return this;
    }

    public void withdrawPrioritizer(String name, PrioritizerType type) {
        prioritizers.remove(name, type);
    }

    public void loader(PluginLoader pluginLoader) {
        this.loader = pluginLoader;
    }

    /** Whether plug-ins can be loaded on demand (there is a loader: in the container, not in plain tests). */
    public boolean loadsOnDemand() {
        return loader != null;
    }

    /**
     * Has the repository's provider of device rules for a vendor ({@link DeviceRules#CAPABILITY_NAMESPACE} named
     * by the INQUIRY vendor) installed and started; blocks meanwhile. Its {@code DeviceRules} service then reaches
     * the daemon as any other. What the loader searched and did, or null without a loader.
     */
    public String loadDeviceRules(String vendor) {
        PluginLoader l = loader;
        return l == null ? null : l.load(DeviceRules.CAPABILITY_NAMESPACE, vendor);
    }

    /** The checker type of this name, loading it on demand; empty with the reason in {@code why[0]}. */
    public Optional<PathCheckerType> checker(String name, String[] why) {
        return find(checkers::get, PathCheckerType.CAPABILITY_NAMESPACE, "path checker", name, why);
    }

    public Optional<PrioritizerType> prioritizer(String name, String[] why) {
        return find(prioritizers::get, PrioritizerType.CAPABILITY_NAMESPACE, "prioritizer", name, why);
    }

    private <T> Optional<T> find(Function<String, T> get, String namespace, String kind, String name,
            String[] why) {
        T t = get.apply(name);
        PluginLoader l = loader;
        if (t != null || l == null) {
            why[0] = t == null ? "no " + kind + " named " + name : "";
            return Optional.ofNullable(t);
        }
        String searched = l.load(namespace, name);
        long end = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while ((t = get.apply(name)) == null && System.nanoTime() < end) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        why[0] = t == null ? "no " + kind + " named " + name + " (searched " + searched + ")" : "";
        return Optional.ofNullable(t);
    }
}
