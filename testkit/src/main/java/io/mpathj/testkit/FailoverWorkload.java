package io.mpathj.testkit;

import io.mpathj.api.map.PathView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * A {@link VerifiedWorkload} on a map with a fault injected while it runs, for handler map tests on a simulated
 * array with a manual clock: each tick moves the clock on ({@code advance}) and then pauses the test thread for 20 µs,
 * so that the map's and the handler's own threads keep up with it; {@link #faultAfter} runs the fault once when
 * that many I/Os went through one group. The result has the figures a failover is judged by: the writes, the
 * longest stall (in ticks and wall-clock time) and the I/Os per path.
 */
public final class FailoverWorkload {
    private static final long PAUSE_NANOS = 20_000;
    private final TestMap map;
    private final Runnable advance;
    private long faultAfter = Long.MAX_VALUE;
    private int faultGroup = 1;
    private Runnable fault = () -> { };
    private IntConsumer everyTick = tick -> { };

    /** A workload on {@code map}; {@code advance} moves the simulated clock one tick on. */
    public FailoverWorkload(TestMap map, Runnable advance) {
        this.map = map;
        this.advance = advance;
    }

    /** Runs {@code fault} once, at the first tick after {@code ios} I/Os of the run went through group {@code group}. */
    public FailoverWorkload faultAfter(long ios, int group, Runnable fault) {
        this.faultAfter = ios;
        this.faultGroup = group;
        this.fault = fault;
        return this;
    }

    /** Runs {@code action} with the tick's number (from 1) at every tick, before the clock moves. */
    public FailoverWorkload everyTick(IntConsumer action) {
        this.everyTick = action;
        return this;
    }

    /**
     * {@code total} one-block writes, {@code depth} in flight, then every block read back.
     *
     * @throws AssertionError if a write failed, did not finish, or a block read back wrong
     */
    public Result run(int total, int depth) {
        Map<String, Long> before = ios();
        long groupBefore = groupIos();
        VerifiedWorkload workload = new VerifiedWorkload(map, total, depth);
        AtomicInteger ticks = new AtomicInteger();
        boolean[] faulted = {false};
        workload.write(() -> {
            int tick = ticks.incrementAndGet();
            if (!faulted[0] && groupIos() - groupBefore >= faultAfter) {
                faulted[0] = true;
                fault.run();
            }
            everyTick.accept(tick);
            advance.run();
            LockSupport.parkNanos(PAUSE_NANOS);
        }, 1_000_000);
        Map<String, Long> perPath = new LinkedHashMap<>();
        ios().forEach((path, n) -> perPath.put(path, n - before.getOrDefault(path, 0L)));
        workload.verify(advance, 100_000);
        return new Result(total, workload.longestStallTicks(), workload.longestStallMillis(), perPath);
    }

    private Map<String, Long> ios() {
        Map<String, Long> out = new LinkedHashMap<>();
        map.paths().forEach(p -> out.put(p.name(), p.ios()));
        return out;
    }

    private long groupIos() {
        List<PathView> paths = map.paths();
        return paths.stream().filter(p -> p.group() == faultGroup).mapToLong(PathView::ios).sum();
    }

    /**
     * What a run did: every write succeeded and read back right.
     *
     * @param writes the writes, each verified
     * @param stallTicks the most ticks without a write completing
     * @param stallMillis the longest wall-clock time without a write completing
     * @param iosPerPath the I/Os each path carried during the writes (retries of failed ones included), table order
     */
    public record Result(int writes, long stallTicks, double stallMillis, Map<String, Long> iosPerPath) {
        @Override
        public String toString() {
            return String.format("%d writes, 0 errors, all read back right; longest stall %d ticks, %.1f ms wall; "
                    + "I/Os per path: %s", writes, stallTicks, stallMillis, iosPerPath.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
    }
}
