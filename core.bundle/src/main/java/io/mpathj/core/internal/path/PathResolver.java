package io.mpathj.core.internal.path;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves path names to devices through the transport providers, chosen by the scheme before the first colon. */
public final class PathResolver {
    private final Map<String, PathDeviceProvider> providers = new ConcurrentHashMap<>();

    public void addProvider(PathDeviceProvider provider) {
        providers.put(provider.scheme(), provider);
    }

    public void removeProvider(PathDeviceProvider provider) {
        providers.remove(provider.scheme(), provider);
    }

    /** The device for a path name, or empty when no provider knows it (the kernel's dm_get_device failing). */
    public Optional<PathDevice> resolve(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        PathDeviceProvider provider = providers.get(name.substring(0, colon));
        return provider == null ? Optional.empty() : provider.resolve(name);
    }
}
