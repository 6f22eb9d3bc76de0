package io.mpathj.core.internal.registry;

import io.mpathj.core.internal.registry.RegistryException.Errno;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named plug-in types with use counts: the seed's dm-hw-handler registry (and dm-path-selector's). Its rules:
 * register refuses a duplicate name (-EEXIST), get raises the use count (try_module_get), put lowers it, unregister
 * refuses while the count is above zero (-ETXTBSY). Each use names its holder (a map) so a refusal can say who holds
 * the type. A miss on get calls the {@link TypeLoader} once and looks again.
 *
 * <p>Under OSGi a provider can always leave, and a second provider of a name can appear. {@link #offer} keeps such
 * a duplicate as REFUSED until the first leaves, then promotes it; {@link #withdraw} of a provider whose name is in
 * use leaves the name MISSING until another provider arrives. {@link Listener}s hear every change of the provider
 * in charge of a name, outside the registry's lock.
 *
 * @param <T> the type kind: HardwareHandlerType or PathSelectorType
 */
public final class TypeRegistry<T> {
    private static final Logger LOG = LoggerFactory.getLogger(TypeRegistry.class);

    /** A name's state as the shell shows it. */
    public enum State {
        /** This provider serves the name. */
        ACTIVE,
        /** A second provider of a name already served; it waits until the first leaves. */
        REFUSED,
        /** The provider left while maps still use the name; they wait for another. */
        MISSING
    }

    /** Hears which provider serves a name: the new one, or null when the name went missing. */
    @FunctionalInterface
    public interface Listener<T> {
        void providerChanged(String name, T type);
    }

    /** One row of {@link #describe()}. */
    public record Row(String name, String origin, State state, int useCount, List<String> holders) {
    }

    private record Provider<T>(T type, String origin) {
    }

    private static final class Entry<T> {
        /** Index 0 serves the name; the rest are refused, in arrival order. */
        final List<Provider<T>> providers = new ArrayList<>();
        final Map<String, Integer> holders = new LinkedHashMap<>();

        int useCount() {
            return holders.values().stream().mapToInt(Integer::intValue).sum();
        }

        T active() {
            return providers.isEmpty() ? null : providers.get(0).type();
        }
    }

    private final String kind;
    private final TypeLoader loader;
    private final Map<String, Entry<T>> entries = new TreeMap<>();
    private final List<Listener<T>> listeners = new CopyOnWriteArrayList<>();

    /** @param kind "hardware handler" or "path selector", used in messages */
    public TypeRegistry(String kind, TypeLoader loader) {
        this.kind = kind;
        this.loader = loader;
    }

    public String kind() {
        return kind;
    }

    public void addListener(Listener<T> listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener<T> listener) {
        listeners.remove(listener);
    }

    /** dm_register_*: refuses a name that is already served. */
    public void register(String name, T type) throws RegistryException {
        synchronized (this) {
            Entry<T> e = entries.get(name);
            if (e != null && e.active() != null) {
                throw new RegistryException(Errno.EEXIST, kind + " " + name + " is already registered");
            }
        }
        offer(name, type, "");
    }

    /**
     * A provider appears (a whiteboard service). It serves the name if nobody does; otherwise it is kept as REFUSED
     * until the providers before it leave.
     */
    public State offer(String name, T type, String origin) {
        boolean served;
        synchronized (this) {
            Entry<T> e = entries.computeIfAbsent(name, n -> new Entry<>());
            e.providers.add(new Provider<>(type, origin));
            served = e.providers.size() == 1;
        }
        if (served) {
            LOG.info("registered {} {}{}", kind, name, originSuffix(origin));
            notifyListeners(name, type);
            return State.ACTIVE;
        }
        LOG.warn("refused {} {}{}: the name is already registered; it waits until the first provider leaves", kind,
                name, originSuffix(origin));
        return State.REFUSED;
    }

    /**
     * A provider that takes a name over from the one serving it (a newer version of the same plug-in dropped in
     * beside the old one): it serves the name at once, the old provider waits behind it as REFUSED, and the
     * listeners hear the change, so the maps that use the name rebind to it as after an in-place update. Without a
     * serving provider this is {@link #offer}.
     */
    public State offerReplacing(String name, T type, String origin) {
        String replaced;
        synchronized (this) {
            Entry<T> e = entries.computeIfAbsent(name, n -> new Entry<>());
            replaced = e.providers.isEmpty() ? null : e.providers.get(0).origin();
            e.providers.add(0, new Provider<>(type, origin));
        }
        LOG.info("{} {}: {}{} replaces {}", kind, name, replaced == null ? "registered" : "the provider",
                originSuffix(origin), replaced == null ? "nothing" : replaced);
        notifyListeners(name, type);
        return State.ACTIVE;
    }

    /**
     * A provider leaves (its service went away; OSGi cannot refuse). If it served the name, the next refused provider
     * takes over; with none, a name still in use goes MISSING and one without users is forgotten.
     */
    public void withdraw(String name, T type) {
        T successor;
        boolean changed;
        synchronized (this) {
            Entry<T> e = entries.get(name);
            if (e == null) {
                return;
            }
            int index = indexOf(e, type);
            if (index < 0) {
                return;
            }
            e.providers.remove(index);
            changed = index == 0;
            successor = e.active();
            if (e.providers.isEmpty() && e.useCount() == 0) {
                entries.remove(name);
            }
            if (changed) {
                if (successor != null) {
                    LOG.info("{} {}: promoted the next provider{}", kind, name, originSuffix(e.providers.get(0)
                            .origin()));
                } else if (e.useCount() > 0) {
                    LOG.warn("{} {} left while {} use it: their I/O waits for a provider of that name", kind, name,
                            describeHolders(e.holders.keySet()));
                }
            }
        }
        if (changed) {
            notifyListeners(name, successor);
        }
    }

    /** dm_unregister_*: refuses while any holder uses the name; otherwise forgets its serving provider. */
    public void unregister(String name) throws RegistryException {
        T removed = checkUnloadable(name);
        withdraw(name, removed);
    }

    /**
     * What {@code mpath:unload} asks first: the serving provider of an unused name, or the refusal.
     *
     * @throws RegistryException ETXTBSY naming the maps while the name is in use, ENOENT when nobody serves it
     */
    public synchronized T checkUnloadable(String name) throws RegistryException {
        Entry<T> e = entries.get(name);
        if (e == null || e.active() == null) {
            throw new RegistryException(Errno.ENOENT, "no " + kind + " " + name + " is registered");
        }
        if (e.useCount() > 0) {
            throw new RegistryException(Errno.ETXTBSY,
                    kind + " " + name + " is in use by " + describeHolders(e.holders.keySet()));
        }
        return e.active();
    }

    /** The origin (e.g. bundle) of the provider serving a name, or empty. */
    public synchronized Optional<String> origin(String name) {
        Entry<T> e = entries.get(name);
        return e == null || e.providers.isEmpty() ? Optional.empty() : Optional.of(e.providers.get(0).origin());
    }

    /**
     * dm_get_*: the type serving that name with its use count raised for {@code holder}; on a miss, asks the loader
     * once.
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
                    "no " + kind + " named " + name + (searched.isEmpty() ? "" : " (searched " + searched + ")"),
                    searched);
        }
        return type;
    }

    /**
     * Makes sure a name is served, asking the loader on a miss.
     *
     * @return empty when it is served; otherwise where the loader searched (possibly an empty string)
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
        if (e == null || e.active() == null) {
            return null;
        }
        e.holders.merge(holder, 1, Integer::sum);
        return e.active();
    }

    /** dm_put_*: drops one use by {@code holder}; unknown names and holders are ignored. */
    public synchronized void release(String name, String holder) {
        Entry<T> e = entries.get(name);
        if (e == null) {
            return;
        }
        e.holders.computeIfPresent(holder, (h, n) -> n > 1 ? n - 1 : null);
        if (e.providers.isEmpty() && e.useCount() == 0) {
            entries.remove(name);
        }
    }

    /** The type serving a name, if any. */
    public synchronized Optional<T> lookup(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? Optional.empty() : Optional.ofNullable(e.active());
    }

    /** Whether a provider serves the name. */
    public synchronized boolean contains(String name) {
        Entry<T> e = entries.get(name);
        return e != null && e.active() != null;
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

    /** Served names in sorted order. */
    public synchronized List<String> names() {
        return entries.entrySet().stream().filter(en -> en.getValue().active() != null).map(Map.Entry::getKey)
                .toList();
    }

    /** Every provider and every missing name, sorted by name, serving provider first. */
    public synchronized List<Row> describe() {
        List<Row> rows = new ArrayList<>();
        entries.forEach((name, e) -> {
            List<String> holders = List.copyOf(e.holders.keySet());
            if (e.providers.isEmpty()) {
                rows.add(new Row(name, "", State.MISSING, e.useCount(), holders));
            }
            for (int i = 0; i < e.providers.size(); i++) {
                rows.add(new Row(name, e.providers.get(i).origin(), i == 0 ? State.ACTIVE : State.REFUSED,
                        i == 0 ? e.useCount() : 0, i == 0 ? holders : List.of()));
            }
        });
        return rows;
    }

    private static <T> int indexOf(Entry<T> e, T type) {
        for (int i = 0; i < e.providers.size(); i++) {
            if (e.providers.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    private void notifyListeners(String name, T type) {
        for (Listener<T> l : listeners) {
            try {
                l.providerChanged(name, type);
            } catch (RuntimeException ex) {
                LOG.error("{} {}: a listener failed on a provider change", kind, name, ex);
            }
        }
    }

    private static String originSuffix(String origin) {
        return origin.isEmpty() ? "" : " from " + origin;
    }

    private static String describeHolders(Iterable<String> holders) {
        List<String> names = new ArrayList<>();
        holders.forEach(names::add);
        return (names.size() == 1 ? "map " : "maps ") + String.join(", ", names);
    }
}
