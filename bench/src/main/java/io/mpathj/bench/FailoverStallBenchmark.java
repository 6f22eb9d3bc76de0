package io.mpathj.bench;

import io.mpathj.testkit.TestMap;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.storage.sim.SimPort;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * Failover stall: group A's four ports go down under a map that has been carrying I/O on them; the time until the
 * next 4 KiB read completes on group B. That covers failing each A path on its transport error, choosing group B,
 * and (with {@code alua}) the pg_init of both B paths: RTPG, STPG, RTPG on a zero-latency array.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FailoverStallBenchmark {
    @Param({"none", "alua"})
    public String handler;

    private final ScheduledExecutorService aluaWorker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-alua");
        t.setDaemon(true);
        return t;
    });
    private SimFixture sim;
    private TestMap map;
    private final ByteBuffer block = ByteBuffer.allocate(4096);

    @Setup(Level.Invocation)
    public void setUp() throws Exception {
        sim = new SimFixture("fo");
        if (handler.equals("alua")) {
            sim.harness.handler("alua", new AluaHandlerType(aluaWorker, Duration.ofMillis(100)));
        }
        String hw = handler.equals("alua") ? "1 alua" : "0";
        map = sim.harness.create("fo", "0 " + hw + " 2 1 " + sim.groupA() + " " + sim.groupB());
        map.write(0, block).toCompletableFuture().join(); // group A initialized and carrying I/O
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws Exception {
        sim.close();
    }

    @TearDown(Level.Trial)
    public void stopWorker() {
        aluaWorker.shutdownNow();
    }

    @Benchmark
    public Object failover() {
        for (SimPort p : sim.array.portGroup(1).ports()) {
            p.faults().linkDown();
        }
        return map.read(0, block).toCompletableFuture().join();
    }
}
