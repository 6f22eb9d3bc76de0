package io.mpathj.bench;

import io.mpathj.api.StatusType;
import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.map.Multipath;
import java.lang.management.ManagementFactory;
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
 * Scale: {@code count} maps of 4 paths each (two groups of two) over one simulated array with one LU per map (a
 * path belongs to one map, as dm claims each device exclusively). {@code createAll} times
 * building them all; {@code statusAll} times an INFO status of every map. After the create trial the heap in use
 * after a full GC is printed as {@code heap-after-gc-MB}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ManyMapsBenchmark {
    @Param({"10000"})
    public int count;

    private SimFixture sim;

    @Setup(Level.Invocation)
    public void setUp() {
        sim = new SimFixture("many", count);
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws Exception {
        sim.close();
    }

    private String table(int i) {
        int a = i % 4;
        int b = (i + 1) % 4;
        return "0 0 2 1 round-robin 0 2 0 sim:many/A" + a + "/" + i + " sim:many/A" + b + "/" + i
                + " round-robin 0 2 0 sim:many/B" + a + "/" + i + " sim:many/B" + b + "/" + i;
    }

    private void createAll() throws Exception {
        Multipath multipath = sim.harness.multipath();
        for (int i = 0; i < count; i++) {
            multipath.create("m" + i, table(i));
        }
    }

    @Benchmark
    public int create() throws Exception {
        createAll();
        int n = sim.harness.maps().size();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%nheap-after-gc-MB %d maps: %.1f%n", n, used / 1048576.0);
        return n;
    }

    /** The INFO status of every map; the maps are built before the timer starts. */
    @State(Scope.Benchmark)
    public static class Built {
        @Param({"10000"})
        public int count;
        SimFixture sim;

        @Setup(Level.Invocation)
        public void setUp() throws Exception {
            sim = new SimFixture("many", count);
            ManyMapsBenchmark b = new ManyMapsBenchmark();
            b.count = count;
            b.sim = sim;
            b.createAll();
        }

        @TearDown(Level.Invocation)
        public void tearDown() throws Exception {
            sim.close();
        }
    }

    @Benchmark
    public long statusAll(Built built) throws InvalidArgumentsException {
        long words = 0;
        Multipath multipath = built.sim.harness.multipath();
        for (String m : multipath.names()) {
            words += multipath.status(m, StatusType.INFO).length();
        }
        return words;
    }
}
