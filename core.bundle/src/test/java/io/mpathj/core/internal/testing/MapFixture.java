package io.mpathj.core.internal.testing;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.core.internal.MultipathEngine;
import io.mpathj.api.map.MapOptions;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.path.PathResolver;
import io.mpathj.core.internal.registry.TypeLoader;
import io.mpathj.core.internal.registry.TypeRegistry;
import io.mpathj.core.testing.MemoryDisk;
import io.mpathj.core.testing.MemoryPathDevice;
import io.mpathj.core.testing.MemoryPaths;
import io.mpathj.core.testing.ScriptedHandler;
import io.mpathj.selector.round_robin.RoundRobin;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An engine with the real round-robin selector, a scripted handler type registered as "alua", and memory paths
 * named {@code m:0}, {@code m:1}, … on one shared disk.
 */
public final class MapFixture implements AutoCloseable {
    public static final int BLOCK = 512;
    public static final int BLOCKS = 256;

    public final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    public final ExecutorService transport = Executors.newFixedThreadPool(2);
    public final MemoryDisk disk = new MemoryDisk(BLOCK, BLOCKS);
    public final MemoryPaths devices = new MemoryPaths(disk, transport);
    public final TypeRegistry<HardwareHandlerType> handlers = new TypeRegistry<>("hardware handler", TypeLoader.NONE);
    public final TypeRegistry<PathSelectorType> selectors = new TypeRegistry<>("path selector", TypeLoader.NONE);
    public final PathResolver resolver = new PathResolver();
    public final MultipathEngine engine = new MultipathEngine(handlers, selectors, resolver, executor);
    /** Handlers the "alua" type created, in order. */
    public final List<ScriptedHandler> created = new ArrayList<>();

    public MapFixture(int paths) throws Exception {
        for (int i = 0; i < paths; i++) {
            devices.add(String.valueOf(i));
        }
        resolver.addProvider(devices);
        selectors.register(RoundRobin.NAME, RoundRobin.type());
        handlers.register("alua", args -> {
            if (args.contains("bad")) {
                throw new InvalidArgumentsException("invalid trespass mode selected");
            }
            ScriptedHandler h = new ScriptedHandler(args);
            synchronized (created) {
                created.add(h);
            }
            return h;
        });
    }

    public MemoryPathDevice device(int i) {
        return devices.get("m:" + i);
    }

    public ScriptedHandler handler() {
        synchronized (created) {
            return created.get(created.size() - 1);
        }
    }

    public MultipathMap create(String table) throws InvalidArgumentsException {
        return engine.create("mpatha", table);
    }

    public MultipathMap create(String table, MapOptions options) throws InvalidArgumentsException {
        return engine.create("mpatha", table, options);
    }

    /** A buffer of whole blocks filled with a pattern derived from {@code seed}. */
    public static ByteBuffer pattern(int blocks, long seed) {
        ByteBuffer b = ByteBuffer.allocate(blocks * BLOCK);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (seed * 31 + i * 7 + (i >> 9)));
        }
        return b;
    }

    @Override
    public void close() throws Exception {
        for (MultipathMap m : engine.maps()) {
            engine.remove(m.name());
        }
        executor.shutdownNow();
        transport.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        transport.awaitTermination(5, TimeUnit.SECONDS);
    }
}
