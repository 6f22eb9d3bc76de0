package io.mpathj.api.selector;

import io.mpathj.api.path.MapPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The path lists of the kernel's load-balancing selectors (queue-length, service-time): usable paths in a list,
 * failed ones out of it. {@link #select} scans the list from its head and takes the first path that no later one
 * is {@linkplain #lessLoaded less loaded} than, then moves it to the tail, so among equally loaded paths the one
 * used longest ago wins. {@link #addPath}'s {@link #add} appends at the tail, {@link #failPath} takes a path out and
 * {@link #reinstatePath} puts it back at the tail (the kernel's {@code list_move_tail}, also for a path that is
 * usable already).
 *
 * <p>Threads: {@code select} and the membership changes take this selector's own lock (the kernel's per-selector
 * spinlock) and allocate nothing; subclasses keep their load in atomics so {@code startIo}/{@code endIo} take no
 * lock. An I/O may end on a selector it did not start on (the map rebuilt its selector after a plug-in came back):
 * {@link #ownEntry} returns null for a path whose context another selector set, and {@link #release} never takes a
 * load below zero, so such stragglers cannot leave a path looking busier or idler than it is for long.
 *
 * @param <E> the per-path entry (the kernel's {@code path_info})
 * @since 2.1.0
 */
@ConsumerType
public abstract class LoadBalancingSelector<E extends LoadBalancingSelector.Entry> implements PathSelector {
    /** A path's entry; each path's {@link MapPath#selectorContext()} is its entry. */
    public static class Entry {
        final MapPath path;
        LoadBalancingSelector<?> owner;
        boolean valid = true;

        protected Entry(MapPath path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        public final MapPath path() {
            return path;
        }
    }

    private final Object lock = new Object();
    /** The usable paths, head first (guarded by lock). */
    private final List<E> valid = new ArrayList<>();
    /** Every path added, usable or not (guarded by lock). */
    private final List<E> all = new ArrayList<>();
    private final Consumer<String> warnings;
    /** The kernel rate-limits the deprecation warning (DMWARN_LIMIT); this logs it once per selector. */
    private boolean warned;

    /** @param warnings receives each warning text (the kernel's DMWARN), e.g. a logger's {@code warn} */
    protected LoadBalancingSelector(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** Whether {@code candidate} should be chosen over {@code best}, the least loaded so far, for an I/O of nrBytes. */
    protected abstract boolean lessLoaded(E candidate, E best, long nrBytes);

    /**
     * A path's {@code repeat_count} as the kernel keeps it: above 1 is deprecated and used as 1, with the warning
     * {@value SelectorArgs#REPEAT_COUNT_DEPRECATED} (once per selector).
     */
    protected final long repeatCount(long parsed) {
        if (parsed <= 1) {
            return parsed;
        }
        synchronized (lock) {
            if (!warned) {
                warned = true;
                warnings.accept(SelectorArgs.REPEAT_COUNT_DEPRECATED);
            }
        }
        return 1;
    }

    /** Adds a usable path at the tail; {@code addPath} calls this once its arguments are read. */
    protected final void add(E entry) {
        MapPath path = entry.path;
        synchronized (lock) {
            if (path.selectorContext() instanceof Entry && ((Entry) path.selectorContext()).owner == this) {
                throw new IllegalStateException("path " + path.name() + " was already added to this selector");
            }
            entry.owner = this;
            path.setSelectorContext(entry);
            all.add(entry);
            valid.add(entry);
        }
    }

    @Override
    public final MapPath select(long nrBytes) {
        synchronized (lock) {
            E best = null;
            int bestIndex = -1;
            for (int i = 0; i < valid.size(); i++) {
                E candidate = valid.get(i);
                if (best == null || lessLoaded(candidate, best, nrBytes)) {
                    best = candidate;
                    bestIndex = i;
                }
            }
            if (best == null) {
                return null;
            }
            if (bestIndex != valid.size() - 1) {
                valid.remove(bestIndex);
                valid.add(best);
            }
            return best.path;
        }
    }

    @Override
    public final void failPath(MapPath path) {
        synchronized (lock) {
            E entry = entryOf(path);
            if (entry.valid) {
                entry.valid = false;
                valid.remove(entry);
            }
        }
    }

    @Override
    public final void reinstatePath(MapPath path) {
        synchronized (lock) {
            E entry = entryOf(path);
            if (entry.valid) {
                valid.remove(entry);
            }
            entry.valid = true;
            valid.add(entry);
        }
    }

    /** The destructor: forgets every path and clears the per-path contexts it set. */
    @Override
    public final void close() {
        synchronized (lock) {
            for (E entry : all) {
                if (entry.path.selectorContext() == entry) {
                    entry.path.setSelectorContext(null);
                }
            }
            all.clear();
            valid.clear();
        }
    }

    /** The path's entry; throws IllegalArgumentException if the path is not in this selector. */
    protected final E entryOf(MapPath path) {
        E entry = ownEntry(path);
        if (entry == null) {
            throw new IllegalArgumentException("path " + path.name() + " is not in this selector");
        }
        return entry;
    }

    /** The path's entry, or null if the path is not in this selector (an I/O started on another one). */
    @SuppressWarnings("unchecked")
    protected final E ownEntry(MapPath path) {
        Object context = path.selectorContext();
        return context instanceof Entry && ((Entry) context).owner == this ? (E) context : null;
    }

    /** Takes {@code amount} off a load, stopping at zero (an I/O this selector never counted ends here). */
    protected static void release(AtomicLong load, long amount) {
        long current;
        do {
            current = load.get();
        } while (!load.compareAndSet(current, Math.max(0, current - amount)));
    }
}
