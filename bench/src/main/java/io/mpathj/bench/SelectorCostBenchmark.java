package io.mpathj.bench;

import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.testkit.FakeMapPath;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A path selector's own cost per I/O: {@code select}, {@code startIo}, {@code endIo} on one group of 4 paths, with
 * the clock read for the start as the map reads it for selectors that time their I/O ({@code timesIo()}:
 * service-time does not, historical-service-time does). No map, no device: the figure is what the selector adds
 * to each I/O. io-affinity gets a CPU mask per path (path i: the CPUs c with c mod 4 = i); with fewer than 4
 * processors only as many paths get a CPU, and a thread always takes its stripe's path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SelectorCostBenchmark {
    private static final long SIZE = 4096;

    @Param({"round-robin", "queue-length", "service-time", "historical-service-time", "io-affinity"})
    public String selector;

    private PathSelector ps;
    private boolean timed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ps = Selectors.type(selector).create(List.of());
        List<List<String>> args = Selectors.pathArgs(selector, 4);
        for (int i = 0; i < args.size(); i++) {
            ps.addPath(new FakeMapPath("p" + i, null), args.get(i));
        }
        timed = ps.timesIo();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ps.close();
    }

    @Benchmark
    public MapPath selectStartEnd() {
        MapPath p = ps.select(SIZE);
        long start = timed ? System.nanoTime() : 0;
        ps.startIo(p, SIZE);
        ps.endIo(p, SIZE, start);
        return p;
    }
}
