package io.mpathj.storage.sim;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceListener;
import io.mpathj.api.path.PathDeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arrays of one container, and the transport SPI for scheme {@value #SCHEME}: {@code sim:ARRAY/PORT/LUN}. It
 * announces path devices to {@link PathDeviceListener}s: every LU × port of an array when it is added, the same
 * as gone when it is removed, and one port's paths when that port is {@linkplain #withdrawPort withdrawn} or
 * {@linkplain #presentPort presented} again (a port cabled out and back in: its paths vanish from the host and
 * come back, which is what a port added to a running array looks like to the host).
 */
public final class SimArrayRegistry implements PathDeviceProvider {
    public static final String SCHEME = "sim";
    private static final String PREFIX = SCHEME + ":";
    private static final Logger LOG = LoggerFactory.getLogger(SimArrayRegistry.class);

    private final Map<String, SimArray> arrays = new ConcurrentHashMap<>();
    /** Ports whose paths are not presented to the host, as {@code ARRAY/PORT}. */
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final List<PathDeviceListener> listeners = new CopyOnWriteArrayList<>();
    /** Serializes changes with their announcements, so each listener sees them in order. */
    private final Object announcing = new Object();

    /** Adds an array and announces its paths; IllegalStateException when one with the same name is registered. */
    public void add(SimArray array) {
        synchronized (announcing) {
            if (arrays.putIfAbsent(array.name(), array) != null) {
                throw new IllegalStateException("a simulated array named " + array.name() + " already exists");
            }
            announce(presented(array, null), true);
        }
    }

    /**
     * Removes an array and announces its paths gone; they no longer resolve (devices already resolved keep
     * working).
     */
    public Optional<SimArray> remove(String name) {
        synchronized (announcing) {
            SimArray array = arrays.remove(name);
            if (array != null) {
                announce(presented(array, null), false);
                withdrawn.removeIf(p -> p.startsWith(name + "/"));
            }
            return Optional.ofNullable(array);
        }
    }

    /**
     * Stops presenting one port of an array to the host: its paths are announced gone and stop resolving, as when
     * the port's cable is pulled from the fabric. False when there is no such array or port, or it is withdrawn.
     */
    public boolean withdrawPort(String array, String port) {
        synchronized (announcing) {
            SimArray a = arrays.get(array);
            if (a == null || a.port(port) == null) {
                return false;
            }
            List<PathDevice> paths = presented(a, port);
            if (!withdrawn.add(array + "/" + port)) {
                return false;
            }
            announce(paths, false);
            return true;
        }
    }

    /** Presents a withdrawn port again: its paths resolve and are announced. False when it was not withdrawn. */
    public boolean presentPort(String array, String port) {
        synchronized (announcing) {
            SimArray a = arrays.get(array);
            if (a == null || !withdrawn.remove(array + "/" + port)) {
                return false;
            }
            announce(presented(a, port), true);
            return true;
        }
    }

    /**
     * Follows announcements: the listener first hears of every path presented now, then of each change. Used by
     * the OSGi side for every {@link PathDeviceListener} service (the whiteboard).
     */
    public void addListener(PathDeviceListener listener) {
        synchronized (announcing) {
            listeners.add(listener);
            List<PathDevice> all = new ArrayList<>();
            arrays().forEach(a -> all.addAll(presented(a, null)));
            if (!all.isEmpty()) {
                listener.pathsAppeared(all);
            }
        }
    }

    public void removeListener(PathDeviceListener listener) {
        listeners.remove(listener);
    }

    /** The presented paths of an array, or of one of its ports ({@code port} not null, withdrawn or not). */
    private List<PathDevice> presented(SimArray array, String port) {
        List<PathDevice> out = new ArrayList<>();
        for (SimPath p : array.paths()) {
            String portName = p.port().name();
            if (port == null ? !withdrawn.contains(array.name() + "/" + portName) : port.equals(portName)) {
                out.add(p);
            }
        }
        return out;
    }

    private void announce(List<PathDevice> paths, boolean appeared) {
        if (paths.isEmpty()) {
            return;
        }
        for (PathDeviceListener l : listeners) {
            try {
                if (appeared) {
                    l.pathsAppeared(paths);
                } else {
                    l.pathsGone(paths);
                }
            } catch (RuntimeException e) {
                LOG.warn("a path device listener failed on {} paths of {}", paths.size(), paths.get(0).name(), e);
            }
        }
    }

    public Optional<SimArray> array(String name) {
        return Optional.ofNullable(arrays.get(name));
    }

    /** The arrays, sorted by name. */
    public List<SimArray> arrays() {
        List<SimArray> out = new ArrayList<>(arrays.values());
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return out;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Optional<PathDevice> resolve(String name) {
        if (name == null || !name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = name.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3 || !isDecimal(parts[2])) {
            return Optional.empty();
        }
        SimArray array = arrays.get(parts[0]);
        if (array == null) {
            return Optional.empty();
        }
        if (withdrawn.contains(parts[0] + "/" + parts[1])) {
            return Optional.empty();
        }
        return array.path(parts[1], Integer.parseInt(parts[2])).map(p -> p);
    }

    private static boolean isDecimal(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit);
    }
}
