package io.mpathj.storage.sim;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.path.PathDeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The arrays of one container, and the transport SPI for scheme {@value #SCHEME}: {@code sim:ARRAY/PORT/LUN}. */
public final class SimArrayRegistry implements PathDeviceProvider {
    public static final String SCHEME = "sim";
    private static final String PREFIX = SCHEME + ":";

    private final Map<String, SimArray> arrays = new ConcurrentHashMap<>();

    /** Adds an array; IllegalStateException when one with the same name is registered. */
    public void add(SimArray array) {
        if (arrays.putIfAbsent(array.name(), array) != null) {
            throw new IllegalStateException("a simulated array named " + array.name() + " already exists");
        }
    }

    /** Removes an array; its paths no longer resolve (devices already resolved keep working). */
    public Optional<SimArray> remove(String name) {
        return Optional.ofNullable(arrays.remove(name));
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
        return array.path(parts[1], Integer.parseInt(parts[2])).map(p -> p);
    }

    private static boolean isDecimal(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit);
    }
}
