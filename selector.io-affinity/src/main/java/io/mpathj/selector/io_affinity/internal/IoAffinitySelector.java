package io.mpathj.selector.io_affinity.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One priority group's io-affinity selector: each path serves the CPUs of its mask (the first path to claim a CPU
 * keeps it); an I/O goes to the path of the CPU it is submitted on, and when that CPU has no path or its path
 * failed, to the usable path of the lowest CPU that has one (the kernel tries the CPU's NUMA node first, then every
 * mapped CPU; here all CPUs are one node). A submission from a CPU no path claimed counts as a miss.
 *
 * <p>The "CPU" of a submission is the submitting thread's stripe, given by {@link IoAffinityPathSelectorType}.
 */
final class IoAffinitySelector implements PathSelector {
    static final String PREFIX = "io-affinity ps: ";

    private final int cpus;
    private final IntSupplier currentCpu;
    private final Consumer<String> warnings;
    /** The kernel's {@code path_map}: CPU to path, set while paths are added. */
    private final AtomicReferenceArray<PathInfo> pathMap;
    private final List<PathInfo> paths = new ArrayList<>();
    /** The kernel's {@code map_misses} (an {@code atomic_t}, printed with {@code %d}). */
    private final AtomicInteger mapMisses = new AtomicInteger();

    IoAffinitySelector(int cpus, IntSupplier currentCpu, Consumer<String> warnings) {
        this.cpus = cpus;
        this.currentCpu = currentCpu;
        this.warnings = warnings;
        this.pathMap = new AtomicReferenceArray<>(cpus);
    }

    /**
     * {@code <cpumask>}: exactly one word, a mask {@link CpuMask#parse} reads over this many CPUs, claiming at least
     * one CPU no earlier path claimed; a CPU already claimed is skipped with the warning
     * {@code CPU mapping for N exists. Ignoring.}
     */
    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        if (args.size() != 1) {
            throw new InvalidArgumentsException(PREFIX + "invalid number of arguments");
        }
        BitSet mask = CpuMask.parse(args.get(0), cpus);
        if (mask == null) {
            throw new InvalidArgumentsException(PREFIX + "invalid cpumask");
        }
        PathInfo pi = new PathInfo(this, path, CpuMask.format(mask, cpus));
        int claimed = 0;
        for (int cpu = mask.nextSetBit(0); cpu >= 0; cpu = mask.nextSetBit(cpu + 1)) {
            if (pathMap.get(cpu) != null) {
                warnings.accept("CPU mapping for " + cpu + " exists. Ignoring.");
                continue;
            }
            pathMap.set(cpu, pi);
            claimed++;
        }
        if (claimed == 0) {
            throw new InvalidArgumentsException(PREFIX + "No new/valid CPU mapping found");
        }
        synchronized (paths) {
            paths.add(pi);
        }
        path.setSelectorContext(pi);
    }

    @Override
    public MapPath select(long nrBytes) {
        int cpu = currentCpu.getAsInt();
        PathInfo pi = pathMap.get(cpu);
        if (pi != null && !pi.failed) {
            return pi.path;
        }
        if (pi == null) {
            mapMisses.incrementAndGet();
        }
        for (int i = 0; i < cpus; i++) {
            pi = pathMap.get(i);
            if (pi != null && !pi.failed) {
                return pi.path;
            }
        }
        return null;
    }

    @Override
    public void failPath(MapPath path) {
        entry(path).failed = true;
    }

    @Override
    public void reinstatePath(MapPath path) {
        entry(path).failed = false;
    }

    /** No group words ({@code 0}). */
    @Override
    public List<String> groupStatus(StatusType type) {
        return List.of();
    }

    /** TABLE: the path's mask as given (all its CPUs, also those another path had); INFO: the group's misses. */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        PathInfo pi = entry(path);
        return List.of(type == StatusType.TABLE ? pi.mask : Integer.toString(mapMisses.get()));
    }

    /** Forgets the paths and clears the contexts this selector set. */
    @Override
    public void close() {
        synchronized (paths) {
            for (PathInfo pi : paths) {
                if (pi.path.selectorContext() == pi) {
                    pi.path.setSelectorContext(null);
                }
            }
            paths.clear();
        }
        for (int i = 0; i < cpus; i++) {
            pathMap.set(i, null);
        }
    }

    private PathInfo entry(MapPath path) {
        if (path.selectorContext() instanceof PathInfo pi && pi.owner == this) {
            return pi;
        }
        throw new IllegalArgumentException("path " + path.name() + " is not in this selector");
    }

    /** A path's entry (the kernel's {@code path_info}): its printed mask and whether it failed. */
    private static final class PathInfo {
        final IoAffinitySelector owner;
        final MapPath path;
        final String mask;
        volatile boolean failed;

        PathInfo(IoAffinitySelector owner, MapPath path, String mask) {
            this.owner = owner;
            this.path = path;
            this.mask = mask;
        }
    }
}
