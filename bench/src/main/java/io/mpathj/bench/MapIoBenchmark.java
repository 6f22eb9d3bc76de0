package io.mpathj.bench;

import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
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
 * 4 KiB reads and writes: straight to one simulated path ({@code direct}), through a 4-path round-robin map
 * ({@code map}), and through a {@code queue_if_no_path} map with one of the four paths failed
 * ({@code map-qifnp-failed}). The ratio map/direct is the map's overhead. Run with {@code -t 1} and {@code -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class MapIoBenchmark {
    private static final int SIZE = 4096;

    @Param({"direct", "map", "map-qifnp-failed"})
    public String target;

    @Param({"read", "write"})
    public String op;

    private SimFixture sim;
    private BlockDevice map;
    private PathDevice path;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        sim = new SimFixture("bench");
        path = sim.registry.resolve("sim:bench/A0/0").orElseThrow();
        if (target.startsWith("map")) {
            boolean queue = target.equals("map-qifnp-failed");
            var m = sim.harness.create("bench", (queue ? "1 queue_if_no_path " : "0 ") + "0 1 1 " + sim.groupA());
            if (queue) {
                m.message(List.of("fail_path", "sim:bench/A3/0"));
            }
            map = m;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sim.close();
    }

    /** Each thread has its own buffer and LBA sequence. */
    @State(Scope.Thread)
    public static class Io {
        final ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        final SplittableRandom random = new SplittableRandom(42);

        long nextLba() {
            return random.nextLong(SimFixture.BLOCKS / (SIZE / SimFixture.BLOCK)) * (SIZE / SimFixture.BLOCK);
        }
    }

    @Benchmark
    public Object io(Io io) {
        long lba = io.nextLba();
        boolean write = op.equals("write");
        if (map != null) {
            return (write ? map.write(lba, io.buffer) : map.read(lba, io.buffer)).toCompletableFuture().join();
        }
        int blocks = SIZE / SimFixture.BLOCK;
        ScsiCommand command = write ? ScsiCommand.dataOut(Cdbs.write16(lba, blocks), io.buffer)
                : ScsiCommand.dataIn(Cdbs.read16(lba, blocks), io.buffer);
        ScsiResult r = path.execute(command).toCompletableFuture().join();
        if (!r.isGood()) {
            throw new IllegalStateException(r.describe());
        }
        return r;
    }
}
