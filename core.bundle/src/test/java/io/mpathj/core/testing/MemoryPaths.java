package io.mpathj.core.testing;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** The transport {@code m:}: memory paths to one shared disk, by name. */
public final class MemoryPaths implements PathDeviceProvider {
    private final MemoryDisk disk;
    private final Executor completions;
    private final Map<String, MemoryPathDevice> devices = new ConcurrentHashMap<>();

    public MemoryPaths(MemoryDisk disk, Executor completions) {
        this.disk = disk;
        this.completions = completions;
    }

    /** Adds a path named {@code m:SUFFIX}. */
    public MemoryPathDevice add(String suffix) {
        String name = scheme() + ":" + suffix;
        MemoryPathDevice device = new MemoryPathDevice(name, disk, completions);
        devices.put(name, device);
        return device;
    }

    /** The path named {@code name} (with its scheme), or null. */
    public MemoryPathDevice get(String name) {
        return devices.get(name);
    }

    @Override
    public String scheme() {
        return "m";
    }

    @Override
    public Optional<PathDevice> resolve(String name) {
        return Optional.ofNullable(devices.get(name));
    }
}
