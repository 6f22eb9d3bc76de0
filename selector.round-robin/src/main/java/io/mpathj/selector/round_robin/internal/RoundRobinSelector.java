package io.mpathj.selector.round_robin.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.SelectorArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

/**
 * One priority group's round-robin selector. The usable paths form a rotation: {@link #select} takes the head and
 * the next call the one after it (the kernel's "take the head of the valid list, move it to the tail");
 * {@link #failPath} drops a path from the rotation, {@link #reinstatePath} puts it back at the head (so it is chosen
 * next), and {@link #addPath} appends at the tail.
 *
 * <p>{@code select} takes no lock: it reads an immutable rotation and advances the calling thread's atomic cursor in
 * it, so the I/O fast path costs one uncontended atomic increment. Membership changes build a new rotation, starting
 * at the calling thread's current head, under a private lock. A select racing with a change may still pick the path
 * being failed once; the map copes.
 *
 * <p>Each path's node is its {@link MapPath#selectorContext()}, so failing and reinstating a path looks nothing up.
 */
final class RoundRobinSelector implements PathSelector {
    private final Object lock = new Object();
    private volatile Rotation rotation = new Rotation(List.of());
    /** Every path added, usable or not (guarded by lock). */
    private final List<Node> all = new ArrayList<>();
    private final Consumer<String> warnings;
    /** The kernel rate-limits the deprecation warning (DMWARN_LIMIT); this logs it once per selector. */
    private boolean warned;

    RoundRobinSelector(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        long repeatCount = SelectorArgs.repeatCount(RoundRobinPathSelectorType.NAME, args, 1);
        synchronized (lock) {
            if (path.selectorContext() instanceof Node && ((Node) path.selectorContext()).owner == this) {
                throw new IllegalStateException("path " + path.name() + " was already added to this selector");
            }
            if (repeatCount > 1) {
                if (!warned) {
                    warned = true;
                    warnings.accept(SelectorArgs.REPEAT_COUNT_DEPRECATED);
                }
                repeatCount = 1;
            }
            Node node = new Node(this, path, repeatCount);
            path.setSelectorContext(node);
            all.add(node);
            List<Node> order = rotation.fromHead();
            order.add(node);
            rotation = new Rotation(order);
        }
    }

    @Override
    public MapPath select(long nrBytes) {
        return rotation.next();
    }

    @Override
    public void failPath(MapPath path) {
        synchronized (lock) {
            Node node = nodeOf(path);
            if (!node.valid) {
                return;
            }
            node.valid = false;
            List<Node> order = rotation.fromHead();
            order.remove(node);
            rotation = new Rotation(order);
        }
    }

    @Override
    public void reinstatePath(MapPath path) {
        synchronized (lock) {
            Node node = nodeOf(path);
            List<Node> order = rotation.fromHead();
            order.remove(node);
            order.add(0, node);
            node.valid = true;
            rotation = new Rotation(order);
        }
    }

    /** Group status: no words, which the map prints as the kernel's {@code "0 "}. */
    @Override
    public List<String> groupStatus(StatusType type) {
        return List.of();
    }

    /** TABLE: the path's repeat count (one word, as {@code table_args = 1}); INFO: nothing ({@code info_args = 0}). */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        Node node = nodeOf(path);
        return type == StatusType.TABLE ? node.tableWords : List.of();
    }

    /** The destructor: forgets every path and clears the per-path contexts it set. */
    @Override
    public void close() {
        synchronized (lock) {
            for (Node node : all) {
                if (node.path.selectorContext() == node) {
                    node.path.setSelectorContext(null);
                }
            }
            all.clear();
            rotation = new Rotation(List.of());
        }
    }

    private Node nodeOf(MapPath path) {
        Object context = path.selectorContext();
        if (!(context instanceof Node) || ((Node) context).owner != this) {
            throw new IllegalArgumentException("path " + path.name() + " is not in this selector");
        }
        return (Node) context;
    }

    /**
     * The usable paths in order and cursors over them; immutable but for the cursors. Each submitting thread
     * advances the cursor of its own stripe (64 bytes apart), so two threads never fight over one cache line the way
     * CPUs do over the kernel selector's spinlock; every stripe walks the whole rotation from its head, so each
     * thread's I/O, and therefore all of it, spreads evenly.
     */
    private static final class Rotation {
        private static final int STRIPES = 8; // a power of two
        private static final int PAD = 16; // ints per 64-byte line
        private final Node[] order;
        private final MapPath[] paths;
        /** length - 1 when the length is a power of two (2, 4, 8 paths), so the common case needs no division. */
        private final int mask;
        private final AtomicIntegerArray cursors = new AtomicIntegerArray((STRIPES + 1) * PAD);

        Rotation(List<Node> order) {
            this.order = order.toArray(new Node[0]);
            this.paths = new MapPath[this.order.length];
            for (int i = 0; i < paths.length; i++) {
                paths[i] = this.order[i].path;
            }
            int n = paths.length;
            this.mask = n > 0 && Integer.bitCount(n) == 1 ? n - 1 : -1;
        }

        MapPath next() {
            MapPath[] p = paths;
            if (p.length == 0) {
                return null;
            }
            return p[index(cursors.getAndIncrement(stripe()), p.length)];
        }

        /** The paths from the one {@link #next} would choose now on this thread: a mutable copy. */
        List<Node> fromHead() {
            int n = order.length;
            List<Node> out = new ArrayList<>(n + 1);
            int head = n == 0 ? 0 : index(cursors.get(stripe()), n);
            for (int i = 0; i < n; i++) {
                out.add(order[(head + i) % n]);
            }
            return out;
        }

        private int index(int cursor, int length) {
            return mask >= 0 ? cursor & mask : Math.floorMod(cursor, length);
        }

        /** This thread's stripe: a multiplicative hash of its id, one line in from the array's header. */
        private static int stripe() {
            int h = (int) Thread.currentThread().getId() * 0x9E3779B9;
            return ((h >>> 29) + 1) * PAD;
        }
    }

    /** A path's entry (the kernel's {@code path_info}): its TABLE words and whether it is in the rotation. */
    private static final class Node {
        final RoundRobinSelector owner;
        final MapPath path;
        final List<String> tableWords;
        boolean valid = true;

        Node(RoundRobinSelector owner, MapPath path, long repeatCount) {
            this.owner = owner;
            this.path = path;
            this.tableWords = List.of(Long.toString(repeatCount));
        }
    }
}
