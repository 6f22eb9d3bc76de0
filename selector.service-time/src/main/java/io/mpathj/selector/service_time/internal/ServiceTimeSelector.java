package io.mpathj.selector.service_time.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.LoadBalancingSelector;
import io.mpathj.api.selector.SelectorArgs;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One priority group's service-time selector: the usable path that would finish an incoming I/O first, estimated
 * as (bytes in flight + the I/O's bytes) / relative throughput, with the kernel's comparison order and tie-breaks
 * ({@link #compareLoad}); the first such path in the list wins a tie, and the chosen path goes to the tail.
 */
final class ServiceTimeSelector extends LoadBalancingSelector<ServiceTimeSelector.Path> {
    static final String INVALID_THROUGHPUT = "service-time ps: invalid relative_throughput value";
    /** The relative throughput of a path given without one. */
    static final long DEFAULT_THROUGHPUT = 1;
    /** ST_MAX_RELATIVE_THROUGHPUT. */
    static final long MAX_THROUGHPUT = 100;
    /** ST_MAX_RELATIVE_THROUGHPUT_SHIFT: 100 < 2^7. */
    static final int THROUGHPUT_SHIFT = 7;
    /** Sizes from here on are shifted down before multiplying by a throughput, so the product cannot overflow. */
    static final long MAX_INFLIGHT_SIZE = Long.MAX_VALUE >> THROUGHPUT_SHIFT;

    ServiceTimeSelector(Consumer<String> warnings) {
        super(warnings);
    }

    /**
     * [repeat_count [relative_throughput]] in the kernel's order: the argument count, then the repeat count (ST_MIN_IO,
     * 1, when absent; its deprecation warning comes before a bad throughput is refused), then the relative
     * throughput, 0 to 100 (1 when absent).
     */
    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        long repeatCount = repeatCount(SelectorArgs.repeatCount(ServiceTimePathSelectorType.NAME, args, 2));
        long throughput = args.size() < 2 ? DEFAULT_THROUGHPUT
                : SelectorArgs.parseUnsigned(args.get(1), INVALID_THROUGHPUT);
        if (throughput > MAX_THROUGHPUT) {
            throw new InvalidArgumentsException(INVALID_THROUGHPUT);
        }
        add(new Path(path, repeatCount, (int) throughput));
    }

    @Override
    protected boolean lessLoaded(Path candidate, Path best, long nrBytes) {
        return compareLoad(candidate.inFlightSize.get(), candidate.throughput, best.inFlightSize.get(),
                best.throughput, nrBytes) < 0;
    }

    /**
     * Negative when path 1 (sz1 bytes in flight, relative throughput rt1) should serve an incoming I/O before path
     * 2, as dm-service-time.c's {@code st_compare_load} decides:
     * <ol>
     * <li>equal throughputs: fewer bytes in flight wins;</li>
     * <li>equal bytes in flight, or either throughput 0: the higher throughput wins (a path of throughput 0 is
     * chosen only when every usable path has 0);</li>
     * <li>otherwise the smaller (sz + incoming) / rt, compared as (sz1 + incoming) * rt2 against
     * (sz2 + incoming) * rt1, both sizes shifted right by 7 first when either is too large to multiply;</li>
     * <li>equal service times: the higher throughput wins.</li>
     * </ol>
     * Zero means neither is preferred: the path found first stays the best.
     */
    static int compareLoad(long sz1, int rt1, long sz2, int rt2, long incoming) {
        if (rt1 == rt2) {
            return Long.compare(sz1, sz2);
        }
        if (sz1 == sz2 || rt1 == 0 || rt2 == 0) {
            return Integer.compare(rt2, rt1);
        }
        long total1 = sz1 + incoming;
        long total2 = sz2 + incoming;
        if (total1 >= MAX_INFLIGHT_SIZE || total2 >= MAX_INFLIGHT_SIZE) {
            total1 >>= THROUGHPUT_SHIFT;
            total2 >>= THROUGHPUT_SHIFT;
        }
        long st1 = total1 * rt2;
        long st2 = total2 * rt1;
        if (st1 != st2) {
            return Long.compare(st1, st2);
        }
        return Integer.compare(rt2, rt1);
    }

    @Override
    public void startIo(MapPath path, long nrBytes) {
        Path p = ownEntry(path);
        if (p != null) {
            p.inFlightSize.addAndGet(nrBytes);
        }
    }

    @Override
    public void endIo(MapPath path, long nrBytes, long startNanos) {
        Path p = ownEntry(path);
        if (p != null) {
            release(p.inFlightSize, nrBytes);
        }
    }

    /** TABLE: repeat count and relative throughput; INFO: bytes in flight and relative throughput. */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        Path p = entryOf(path);
        return type == StatusType.TABLE ? p.tableWords
                : List.of(Long.toString(p.inFlightSize.get()), p.tableWords.get(1));
    }

    /** A path's entry (the kernel's {@code path_info}). */
    static final class Path extends LoadBalancingSelector.Entry {
        final List<String> tableWords;
        final int throughput;
        final AtomicLong inFlightSize = new AtomicLong();

        Path(MapPath path, long repeatCount, int throughput) {
            super(path);
            this.throughput = throughput;
            this.tableWords = List.of(Long.toString(repeatCount), Integer.toString(throughput));
        }
    }
}
