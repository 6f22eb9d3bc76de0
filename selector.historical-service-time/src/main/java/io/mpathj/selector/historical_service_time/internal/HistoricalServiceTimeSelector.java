package io.mpathj.selector.historical_service_time.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.LoadBalancingSelector;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.api.selector.SelectorArgs;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One priority group's historical-service-time selector. Each path keeps an exponential moving average of its
 * service time (fixed point, 10 fractional bits), weighted by how long the I/O took; a path that has finished
 * nothing for {@code usable paths × its average} since its last completion is stale. {@link #compare} chooses
 * between two paths as the kernel's {@code hst_compare}: paths whose averages are within the threshold multiplier
 * of each other go by I/Os in flight; an idle stale path is probed; otherwise the smaller
 * {@code (1 + in flight) × average} wins, but a stale winner only wins on fewer I/Os in flight.
 *
 * <p>The usable-path list is {@link LoadBalancingSelector}'s (first path no later one beats, then to the tail). The
 * kernel also keeps the count of usable paths (for the stale time) and reads the clock once per selection; this
 * class wraps the list to do both: {@code failPath}/{@code reinstatePath} count as the kernel's do, and
 * {@code select} reads the clock under this selector's lock so every comparison of one scan uses that reading.
 */
final class HistoricalServiceTimeSelector implements PathSelector {
    /** HST_FIXED_SHIFT: 10 fractional bits. */
    static final int FIXED_SHIFT = 10;
    /** HST_FIXED_1. */
    static final long FIXED_1 = 1L << FIXED_SHIFT;
    /** HST_FIXED_95: the default base weight, 0.95 (972/1024). */
    static final long DEFAULT_BASE_WEIGHT = 972;
    /** HST_FIXED_MAX: the largest service time the average takes, as an unsigned 64-bit fixed-point value. */
    static final long FIXED_MAX = -1L >>> FIXED_SHIFT;
    /** HST_MAX_INFLIGHT: from this many I/Os in flight, averages are shifted down before multiplying. */
    static final long MAX_INFLIGHT = FIXED_1;
    /** HST_BUCKET_SHIFT: service times fall in buckets of 2^24 ns (about 16.8 ms). */
    static final int BUCKET_SHIFT = 24;
    /** HST_WEIGHT_COUNT: 64 buckets; the last one (a service time of 1.06 s or more) has weight 0. */
    static final int WEIGHT_COUNT = 64;

    private final long[] weights = new long[WEIGHT_COUNT];
    private final long thresholdMultiplier;
    private final LongSupplier clock;
    private final long origin;
    private final Paths paths = new Paths();
    /** The kernel's {@code valid_count}: incremented by add and reinstate, decremented by fail. */
    private volatile int validCount;
    /** The clock reading of the selection under way (guarded by this). */
    private long now;

    /**
     * {@code [<base_weight> [<threshold_multiplier>]]}: at most two words, the base weight below 1024 (default 972),
     * the multiplier any {@code %u} number (default 0). The kernel's constructor gives no text; the map says
     * {@code path selector constructor failed}.
     */
    HistoricalServiceTimeSelector(List<String> args, LongSupplier clock, long origin)
            throws InvalidArgumentsException {
        String error = "path selector constructor failed";
        if (args.size() > 2) {
            throw new InvalidArgumentsException(error);
        }
        long base = args.isEmpty() ? DEFAULT_BASE_WEIGHT : SelectorArgs.parseUnsigned(args.get(0), error);
        if (base >= FIXED_1) {
            throw new InvalidArgumentsException(error);
        }
        thresholdMultiplier = args.size() < 2 ? 0 : SelectorArgs.parseUnsigned(args.get(1), error);
        for (int i = 0; i < WEIGHT_COUNT - 1; i++) {
            weights[i] = fixedPower(base, i + 1);
        }
        weights[WEIGHT_COUNT - 1] = 0;
        this.clock = clock;
        this.origin = origin;
    }

    /** x^n for a fixed-point x (10 fractional bits), rounding each product (kernel/sched/loadavg.c's method). */
    static long fixedPower(long x, int n) {
        long result = FIXED_1;
        long half = FIXED_1 >> 1;
        while (n != 0) {
            if ((n & 1) != 0) {
                result = (result * x + half) >>> FIXED_SHIFT;
            }
            n >>>= 1;
            if (n != 0) {
                x = (x * x + half) >>> FIXED_SHIFT;
            }
        }
        return result;
    }

    /** The moving average's next value: last × weight + next × (1 − weight), unsigned, rounded. */
    static long ema(long last, long next, long weight) {
        return (last * weight + next * (FIXED_1 - weight) + (FIXED_1 >> 1)) >>> FIXED_SHIFT;
    }

    /** The weight the old average keeps after a service time of {@code delta} ns: its bucket's. */
    long weight(long delta) {
        return weights[(int) Math.min(delta >>> BUCKET_SHIFT, WEIGHT_COUNT - 1)];
    }

    /** Time on this selector's base (ns since the type was made, as the kernel's is since boot). */
    private long time() {
        return clock.getAsLong() - origin;
    }

    /** {@code [<repeat_count>]}: read as the other selectors read it, then not used (no deprecation warning). */
    @Override
    public void addPath(MapPath path, List<String> args) throws InvalidArgumentsException {
        SelectorArgs.repeatCount(HistoricalServiceTimePathSelectorType.NAME, args, 1);
        paths.append(new PathInfo(path));
        validCount++;
    }

    @Override
    public MapPath select(long nrBytes) {
        synchronized (this) {
            now = time();
            return paths.select(nrBytes);
        }
    }

    @Override
    public void failPath(MapPath path) {
        paths.failPath(path);
        validCount--;
    }

    @Override
    public void reinstatePath(MapPath path) {
        paths.reinstatePath(path);
        validCount++;
    }

    /** The start time feeds the service time. */
    @Override
    public boolean timesIo() {
        return true;
    }

    @Override
    public void startIo(MapPath path, long nrBytes) {
        PathInfo p = paths.own(path);
        if (p != null) {
            synchronized (p) {
                p.outstanding++;
            }
        }
    }

    /**
     * The service time is from the later of the I/O's start and the path's previous completion to now (I/Os that
     * overlap count as if sent one after the other), 0 if the clock went back; the average moves towards it with
     * its bucket's weight, and the path is fresh until {@code usable paths × average} after this completion.
     */
    @Override
    public void endIo(MapPath path, long nrBytes, long startNanos) {
        PathInfo p = paths.own(path);
        if (p == null) {
            return;
        }
        synchronized (p) {
            long end = time();
            long start = startNanos - origin;
            if (p.lastFinish - start > 0) {
                start = p.lastFinish;
            }
            p.lastFinish = end;
            long serviceTime = end - start < 0 ? 0 : end - start;
            if (p.outstanding > 0) {
                p.outstanding--;
            }
            long scaled = serviceTime * FIXED_1;
            long next = Long.compareUnsigned(scaled, FIXED_MAX) < 0 ? scaled : FIXED_MAX;
            p.average = ema(p.average, next, weight(serviceTime));
            p.staleAfter = p.lastFinish + validCount * (p.average >>> FIXED_SHIFT);
        }
    }

    /**
     * Negative when path 1 should take the next I/O rather than path 2, positive for path 2, 0 for neither; the
     * kernel's {@code hst_compare}, with its unsigned arithmetic.
     */
    static long compare(long hst1, long out1, long stale1, long hst2, long out2, long stale2, long now,
            long thresholdMultiplier) {
        boolean overThreshold = Long.compareUnsigned(hst1, hst2) > 0
                ? Long.compareUnsigned(hst1, thresholdMultiplier * hst2) > 0
                : Long.compareUnsigned(hst2, thresholdMultiplier * hst1) > 0;
        if (!overThreshold) {
            return out1 - out2;
        }
        // an idle stale path is probed; of two idle paths, the one stale longest
        if ((out1 == 0 && stale1 < now) || (out2 == 0 && stale2 < now) || (out1 == 0 && out2 == 0)) {
            return (out2 == 0 ? stale1 : 0) - (out1 == 0 ? stale2 : 0);
        }
        boolean secondBetter;
        if (out1 == out2) {
            secondBetter = Long.compareUnsigned(hst1, hst2) > 0;
        } else {
            if (out1 >= MAX_INFLIGHT || out2 >= MAX_INFLIGHT) {
                hst1 >>>= FIXED_SHIFT;
                hst2 >>>= FIXED_SHIFT;
            }
            secondBetter = Long.compareUnsigned((1 + out1) * hst1, (1 + out2) * hst2) > 0;
        }
        // a stale winner is held to an equal share
        if (secondBetter) {
            return stale2 < now ? out1 - out2 : 1;
        }
        return stale1 < now ? out1 - out2 : -1;
    }

    /** Group words, for TABLE and INFO alike: the base weight (weights[0]) and the threshold multiplier. */
    @Override
    public List<String> groupStatus(StatusType type) {
        return List.of(Long.toString(weights[0]), Long.toString(thresholdMultiplier));
    }

    /** TABLE: {@code 0}; INFO: the average service time (fixed point), I/Os in flight, stale-after time. */
    @Override
    public List<String> pathStatus(MapPath path, StatusType type) {
        PathInfo p = paths.entry(path);
        if (type == StatusType.TABLE) {
            return List.of("0");
        }
        synchronized (p) {
            return List.of(Long.toUnsignedString(p.average), Long.toString(p.outstanding),
                    Long.toString(p.staleAfter));
        }
    }

    @Override
    public void close() {
        paths.close();
    }

    /** The usable-path list; its comparisons use the clock reading of {@link #select}. */
    private final class Paths extends LoadBalancingSelector<PathInfo> {
        Paths() {
            super(warning -> {
            }); // repeat counts are not kept, so nothing warns
        }

        @Override
        public void addPath(MapPath path, List<String> args) {
            throw new UnsupportedOperationException("paths are added through the selector");
        }

        @Override
        protected boolean lessLoaded(PathInfo candidate, PathInfo best, long nrBytes) {
            long hst1;
            long out1;
            long stale1;
            synchronized (candidate) {
                hst1 = candidate.average;
                out1 = candidate.outstanding;
                stale1 = candidate.staleAfter;
            }
            synchronized (best) {
                return compare(hst1, out1, stale1, best.average, best.outstanding, best.staleAfter, now,
                        thresholdMultiplier) < 0;
            }
        }

        @Override
        public List<String> pathStatus(MapPath path, StatusType type) {
            throw new UnsupportedOperationException("status is the selector's");
        }

        PathInfo own(MapPath path) {
            return ownEntry(path);
        }

        PathInfo entry(MapPath path) {
            return entryOf(path);
        }

        void append(PathInfo p) {
            add(p);
        }
    }

    /** A path's entry (the kernel's {@code path_info}); its fields are guarded by the entry itself. */
    static final class PathInfo extends LoadBalancingSelector.Entry {
        /** The moving average of the service time, fixed point; starts at 1 ns. */
        long average = FIXED_1;
        long outstanding;
        long staleAfter;
        long lastFinish;

        PathInfo(MapPath path) {
            super(path);
        }
    }
}
