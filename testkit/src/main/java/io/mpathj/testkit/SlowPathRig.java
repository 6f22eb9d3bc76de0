package io.mpathj.testkit;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.selector.PathSelectorType;
import io.mpathj.api.map.PathView;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For path selector tests: simulated arrays on one manual clock (so every run is the same), each with two ports
 * P0 and P1 in one active/optimized group and a 4096-block LU, and an engine that has the selector under test
 * besides round-robin. {@link #slowDown} gives the ports latencies; {@link #writesPerPath} runs a verified workload
 * on a map and says how many writes each path carried.
 */
public final class SlowPathRig implements AutoCloseable {
    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final List<SimArray> made = new ArrayList<>();
    private final EngineHarness engine;

    /** Arrays named {@code arrayNames}; paths are {@code sim:NAME/P0/0} and {@code sim:NAME/P1/0}. */
    public SlowPathRig(String selectorName, PathSelectorType selector, String... arrayNames) {
        for (String name : arrayNames) {
            SimArray array = SimArrayBuilder.alua(name, time).powerOnUnitAttention(false)
                    .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, 4096, 512).build();
            arrays.add(array);
            made.add(array);
        }
        engine = new EngineHarness().selector(selectorName, selector).paths(arrays);
    }

    public TestMap create(String name, String table) throws InvalidArgumentsException {
        return engine.create(name, table);
    }

    /**
     * Every array's P0 answers {@code p0Millis} and P1 {@code p1Millis} later. Call it once the maps exist: a table
     * load waits for READ CAPACITY, and the manual clock does not move during it.
     */
    public void slowDown(long p0Millis, long p1Millis) {
        for (SimArray array : made) {
            array.port("P0").faults().setLatency(Duration.ofMillis(p0Millis));
            array.port("P1").faults().setLatency(Duration.ofMillis(p1Millis));
        }
    }

    /** Moves the clock on, completing what falls due. */
    public void advance(long millis) {
        time.advance(Duration.ofMillis(millis));
    }

    /**
     * Runs a {@link VerifiedWorkload} of {@code total} writes with {@code depth} in flight on the map, the clock
     * moving 1 ms a tick, and returns how many I/Os each path (in table order) carried during the writes; then
     * reads every block back.
     */
    public List<Long> writesPerPath(TestMap map, int total, int depth) {
        List<Long> before = ios(map);
        VerifiedWorkload workload = new VerifiedWorkload(map, total, depth);
        Runnable tick = () -> advance(1);
        workload.write(tick, 1_000_000);
        List<Long> after = ios(map);
        workload.verify(tick, 1_000_000);
        List<Long> split = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            split.add(after.get(i) - before.get(i));
        }
        return split;
    }

    private static List<Long> ios(TestMap map) {
        return map.paths().stream().map(PathView::ios).toList();
    }

    @Override
    public void close() throws Exception {
        engine.close();
        for (SimArray array : made) {
            array.close();
        }
    }
}
