package io.mpathj.bench;

import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.path.PathCompletion;
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
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Random 4 KiB reads and writes over a fully written 256 MiB simulated LU, spread over all of it ({@code span=256MiB}:
 * the copy misses the CPU caches, as real data would) or over its first MiB ({@code span=1MiB}: the copy hits the
 * caches, so the per-I/O overhead of the map shows most):
 * <ul>
 * <li>{@code direct}: straight to one simulated path, the best a caller can do (one reused command per thread whose
 * CDB is rewritten, {@link PathDevice#execute(ScsiCommand, PathCompletion)}): the physical limit;</li>
 * <li>{@code map}: through a 4-path round-robin map with one reused {@link BlockRequest} per thread;</li>
 * <li>{@code map-qifnp-failed}: the same with {@code queue_if_no_path} set and one of the four paths failed;</li>
 * <li>{@code map-1path} (not run by default; {@code -p target=map-1path}): a round-robin map over path A0 alone, to
 * tell the map's own cost from that of spreading I/O over four paths' worth of simulator state;</li>
 * <li>{@code map-stage}: the map's convenience API, {@link BlockDevice#read} returning a stage (a future and a
 * request per I/O), for what that convenience costs.</li>
 * </ul>
 * The sim completes inline, so every invocation is one whole I/O; the ratio map/direct is the map's overhead. The
 * LU is written end to end first, so reads copy data rather than the zeros of never-written space. Run with
 * {@code -t 1} and {@code -t 2}. The forked JVM uses transparent huge pages, as {@code ./mpathj} does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
// as ./mpathj runs the container: with 4 KiB pages the random 256 MiB span misses the TLB on every I/O, and each of
// the map's extra objects costs a page walk (-jvmArgsAppend -XX:-UseTransparentHugePages shows it)
@Fork(jvmArgsAppend = "-XX:+UseTransparentHugePages")
public class MapIoBenchmark {
    private static final int SIZE = 4096;
    private static final int BLOCKS_PER_IO = SIZE / SimFixture.BLOCK;

    @Param({"direct", "map", "map-qifnp-failed", "map-stage"})
    public String target;

    @Param({"read", "write"})
    public String op;

    @Param({"256MiB", "1MiB"})
    public String span;

    private SimFixture sim;
    private BlockDevice map;
    private PathDevice path;
    /** The params decoded once, so no invocation compares strings (it would weigh on one target more than another). */
    private boolean write;
    private boolean direct;
    private boolean stage;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        write = op.equals("write");
        direct = target.equals("direct");
        stage = target.equals("map-stage");
        sim = new SimFixture("bench");
        path = sim.registry.resolve("sim:bench/A0/0").orElseThrow();
        boolean queue = target.equals("map-qifnp-failed");
        String group = target.equals("map-1path") ? "round-robin 0 1 0 sim:bench/A0/0" : sim.groupA();
        var m = sim.harness.create("bench", (queue ? "1 queue_if_no_path " : "0 ") + "0 1 1 " + group);
        if (queue) {
            m.message(List.of("fail_path", "sim:bench/A3/0"));
        }
        map = m;
        writeEverything(m);
    }

    /** Every block written once (1 MiB at a time), so reads copy real data. */
    private static void writeEverything(BlockDevice device) {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        new SplittableRandom(7).nextBytes(chunk.array());
        long blocksPerChunk = chunk.capacity() / device.blockSize();
        for (long lba = 0; lba < device.blockCount(); lba += blocksPerChunk) {
            device.write(lba, chunk).toCompletableFuture().join();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sim.close();
    }

    /** Each thread has its own buffer, request, command and LBA sequence. */
    @State(Scope.Thread)
    public static class Io implements PathCompletion {
        final ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        final SplittableRandom random = new SplittableRandom(42);
        long ios;
        final byte[] cdb = new byte[16];
        ScsiCommand readCommand;
        ScsiCommand writeCommand;
        ScsiResult result;
        final BlockRequest request = new BlockRequest(this::blockDone);
        boolean done;
        BlockIoException error;

        @Setup(Level.Trial)
        public void setUp(MapIoBenchmark benchmark) {
            ios = (benchmark.span.equals("1MiB") ? (1 << 20) / SimFixture.BLOCK : SimFixture.BLOCKS) / BLOCKS_PER_IO;
            readCommand = ScsiCommand.dataIn(cdb, buffer);
            writeCommand = ScsiCommand.dataOut(cdb, buffer);
        }

        long nextLba() {
            return random.nextLong(ios) * BLOCKS_PER_IO;
        }

        @Override
        public void completed(ScsiResult r) {
            result = r;
        }

        private void blockDone(BlockRequest r, BlockIoException e) {
            done = true;
            error = e;
        }
    }

    @Benchmark
    public Object io(Io io) {
        long lba = io.nextLba();
        if (direct) {
            return direct(io, lba, write);
        }
        if (stage) {
            return (write ? map.write(lba, io.buffer) : map.read(lba, io.buffer)).toCompletableFuture().join();
        }
        return mapped(io, lba, write);
    }

    private Object direct(Io io, long lba, boolean write) {
        Cdbs.readWrite16(io.cdb, write, lba, BLOCKS_PER_IO);
        io.result = null;
        path.execute(write ? io.writeCommand : io.readCommand, io);
        ScsiResult r = io.result;
        if (r == null || !r.isGood()) {
            throw new IllegalStateException(r == null ? "the sim did not complete inline" : r.describe());
        }
        return r;
    }

    private Object mapped(Io io, long lba, boolean write) {
        io.done = false;
        map.submit(write ? io.request.write(lba, io.buffer) : io.request.read(lba, io.buffer));
        if (!io.done || io.error != null) {
            throw new IllegalStateException(io.done ? io.error.getMessage() : "the map did not complete inline");
        }
        return io.request;
    }
}
