package io.mpathj.core.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.map.MapListener;
import io.mpathj.api.map.MapOptions;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import io.mpathj.api.path.PathDevice;
import io.mpathj.core.internal.map.MappedDevice;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The public map API over the engine: what the daemon, the exports, tests and vendors use. */
public final class MultipathService implements Multipath {
    private final MultipathEngine engine;

    public MultipathService(MultipathEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<String> names() {
        return engine.devices().stream().map(MappedDevice::name).toList();
    }

    @Override
    public Optional<MapView> view(String name) {
        return engine.device(name).map(MappedDevice::view);
    }

    @Override
    public List<MapView> views() {
        return engine.devices().stream().map(MappedDevice::view).toList();
    }

    @Override
    public void create(String name, String table, MapOptions options) throws InvalidArgumentsException {
        engine.create(name, table, options);
    }

    @Override
    public void reload(String name, String table, MapOptions options) throws InvalidArgumentsException {
        engine.reload(name, table, options);
    }

    @Override
    public void suspend(String name) throws InvalidArgumentsException {
        engine.suspend(name);
    }

    @Override
    public void resume(String name) throws InvalidArgumentsException {
        engine.resume(name);
    }

    @Override
    public void remove(String name, boolean force) throws InvalidArgumentsException {
        engine.remove(name, force);
    }

    @Override
    public void message(String name, String... words) throws InvalidArgumentsException {
        existing(name).table().message(Arrays.asList(words));
    }

    @Override
    public String status(String name, StatusType type) throws InvalidArgumentsException {
        return existing(name).table().status(type);
    }

    @Override
    public OpenMap open(String name, String holder) throws InvalidArgumentsException {
        MappedDevice device = existing(name);
        device.open(holder);
        return new Handle(device, holder);
    }

    @Override
    public Optional<PathDevice> pathDevice(String pathName) {
        return engine.pathDevice(pathName);
    }

    @Override
    public Subscription listen(MapListener listener) {
        return engine.events().listen(listener);
    }

    private MappedDevice existing(String name) throws InvalidArgumentsException {
        return engine.existing(name);
    }

    /** One open of a device; it follows reloads because the device does. */
    private static final class Handle implements OpenMap {
        private final MappedDevice device;
        private final String holder;
        private final AtomicBoolean closed = new AtomicBoolean();

        Handle(MappedDevice device, String holder) {
            this.device = device;
            this.holder = holder;
        }

        @Override
        public String name() {
            return device.name();
        }

        @Override
        public int blockSize() {
            return device.blockSize();
        }

        @Override
        public long blockCount() {
            return device.blockCount();
        }

        @Override
        public void submit(BlockRequest request) {
            device.submit(request);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                device.release(holder);
            }
        }
    }
}
