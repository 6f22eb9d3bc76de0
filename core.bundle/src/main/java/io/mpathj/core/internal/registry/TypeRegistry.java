package io.mpathj.core.internal.registry;

import io.mpathj.core.internal.registry.RegistryException.Errno;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named plug-in types with use counts: the seed's dm-hw-handler registry (and dm-path-selector's), whose rules are
 * register refuses a duplicate name (-EEXIST), get raises the use count (try_module_get), put lowers it, unregister
 * refuses while the count is above zero (-ETXTBSY). Each use names its holder (a map) so a refusal can say who holds
 * the type. A miss on get calls the {@link TypeLoader} once and looks again.
 *
 * @param <T> the type kind: HardwareHandlerType or PathSelectorType
 */
public final class TypeRegistry<T> {
    private static final Logger LOG = LoggerFactory.getLogger(TypeRegistry.class);

    private final String kind;
    private final TypeLoader loader;
    private final Map<String, Entry<T>> entries = new TreeMap<>();

    private static final class Entry<T> {
        final T type;
        final Map<String, Integer> holders = new LinkedHashMap<>();

        Entry(T type) {
            this.type = type;
        }

        int useCount() {
            return holders.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** @param kind "hardware handler" or "path selector", used in messages */
    public TypeRegistry(String kind, TypeLoader loader) {
        this.kind = kind;
        this.loader = loader;
    }

    public String kind() {
        return kind;
    }

    /** dm_register_*: refuses a name that is already registered. */
    public synchronized void register(String name, T type) throws RegistryException {
        if (entries.containsKey(name)) {
            throw new RegistryException(Errno.EEXIST, kind + " " + name + " is already registered");
        }
        entries.put(name, new Entry<>(type));
        LOG.info("registered {} {}", kind, name);
    }

    /** dm_unregister_*: refuses while any holder uses the name. */
    public synchronized void unregister(String name) throws RegistryException {
        Entry<T> e = entries.get(name);
        if (e == null) {
            throw new RegistryException(Errno.ENOENT, "no " + kind + " " + name + " is registered");
        }
        if (e.useCount() > 0) {
            throw new RegistryException(Errno.ETXTBSY,
                    kind + " " + name + " is in use by " + describeHolders(e.holders.keySet()));
        }
        entries.remove(name);
        LOG.info("unregistered {} {}", kind, name);
    }

    /**
     * dm_get_*: the type of that name with its use count raised for {@code holder}; on a miss, asks the loader once.
     */
    public T acquire(String name, String holder) throws RegistryException {
        T type = tryAcquire(name, holder);
        if (type != null) {
            return type;
        }
        String searched = loader.load(kind, name);
        type = tryAcquire(name, holder);
        if (type == null) {
            throw new RegistryException(Errno.ENOENT,
                    "no " + kind + " named " + name + (searched.isEmpty() ? "" : " (searched " + searched + ")"));
        }
        return type;
    }

    /**
     * Makes sure a name is registered, asking the loader on a miss.
     *
     * @return empty when it is registered; otherwise where the loader searched (possibly an empty string)
     */
    public Optional<String> ensureRegistered(String name) {
        if (contains(name)) {
            return Optional.empty();
        }
        String searched = loader.load(kind, name);
        return contains(name) ? Optional.empty() : Optional.of(searched);
    }

    private synchronized T tryAcquire(String name, String holder) {
        Entry<T> e = entries.get(name);
        if (e == null) {
            return null;
        }
        e.holders.merge(holder, 1, Integer::sum);
        return e.type;
    }

    /** dm_put_*: drops one use by {@code holder}; unknown names and holders are ignored. */
    public synchronized void release(String name, String holder) {
        Entry<T> e = entries.get(name);
        if (e == null) {
            return;
        }
        e.holders.computeIfPresent(holder, (h, n) -> n > 1 ? n - 1 : null);
    }

    public synchronized Optional<T> lookup(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.type);
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    public synchronized int useCount(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? 0 : e.useCount();
    }

    /** The holders of a name, in the order they first took it. */
    public synchronized List<String> holders(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? List.of() : List.copyOf(e.holders.keySet());
    }

    /** Registered names in sorted order. */
    public synchronized List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    private static String describeHolders(Iterable<String> holders) {
        List<String> names = new ArrayList<>();
        holders.forEach(names::add);
        return (names.size() == 1 ? "map " : "maps ") + String.join(", ", names);
    }
}
