package io.mpathj.bench;

import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.testkit.TestMap;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 4 KiB reads through a 4-path map whose path A0 answers 200 µs late (the sim's per-port latency) while A1..A3
 * answer at once, {@value #DEPTH} in flight from one submitting thread, per selector: what each selector makes of
 * one slow path. Each invocation is {@value #BATCH} reads (a closed loop: a read is submitted whenever fewer than
 * {@value #DEPTH} are in flight); the score is reads per second. Round-robin sends every fourth read to A0 and so
 * soon has all {@value #DEPTH} slots waiting there; the load-balancing selectors see A0's queue (queue-length,
 * service-time) or its service time (historical-service-time) and keep the fast paths busy. io-affinity sends all
 * of one thread's reads to the path of that thread's stripe (with fewer than 4 processors, only as many paths get
 * a CPU), so its figure is either a fast path's or the slow path's.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SelectorThroughputBenchmark {
    static final int DEPTH = 8;
    static final int BATCH = 1024;
    static final Duration SLOW = Duration.ofNanos(200_000);
    private static final int SIZE = 4096;

    @Param({"round-robin", "queue-length", "service-time", "historical-service-time", "io-affinity"})
    public String selector;

    private SimFixture sim;
    private TestMap map;
    private final ArrayBlockingQueue<BlockRequest> free = new ArrayBlockingQueue<>(DEPTH);
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicReference<BlockIoException> failure = new AtomicReference<>();
    private long lba;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        sim = new SimFixture("bench");
        if (!selector.equals("round-robin")) {
            sim.harness.selector(selector, Selectors.type(selector));
        }
        List<List<String>> args = Selectors.pathArgs(selector, 4);
        StringBuilder table = new StringBuilder("0 0 1 1 ").append(selector).append(" 0 ").append(args.size())
                .append(selector.equals("io-affinity") ? " 1" : " 0");
        for (int i = 0; i < args.size(); i++) {
            table.append(" sim:bench/A").append(i).append("/0");
            for (String word : args.get(i)) {
                table.append(' ').append(word);
            }
        }
        map = sim.harness.create("bench", table.toString());
        sim.array.port("A0").faults().setLatency(SLOW);
        for (int i = 0; i < DEPTH; i++) {
            ByteBuffer buffer = ByteBuffer.allocate(SIZE);
            free.add(new BlockRequest(this::done).read(0, buffer));
        }
    }

    private void done(BlockRequest request, BlockIoException error) {
        if (error != null) {
            failure.set(error);
        }
        completed.incrementAndGet();
        free.add(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sim.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int reads() {
        completed.set(0);
        int submitted = 0;
        while (completed.get() < BATCH) {
            BlockRequest r;
            if (submitted < BATCH && (r = free.poll()) != null) {
                lba = (lba + SIZE / SimFixture.BLOCK) & ((1 << 20) / SimFixture.BLOCK - 1);
                map.submit(r.read(lba, r.buffer()));
                submitted++;
            } else {
                Thread.onSpinWait();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return submitted;
    }
}
