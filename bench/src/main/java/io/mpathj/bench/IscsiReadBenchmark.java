package io.mpathj.bench;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.testkit.TestMap;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * 4 KiB random reads at queue depth 32 from a real iSCSI target (tgtd on loopback, a 64 MiB file-backed LU): through
 * one iSCSI session with {@code PathDevice.execute} ({@code direct}), and through a 2-path round-robin map whose paths
 * are two sessions to the same LU over two portals ({@code map}). The ratio map/direct is what multipathing over
 * iSCSI costs or gains. Each benchmark thread keeps 32 reads in flight (a semaphore-paced pipeline: an invocation
 * waits for a free slot, then submits one read); the score counts submitted reads, which equals completed reads
 * within 32 per iteration. After the map trial the I/Os each path carried are printed as {@code map-path-ios}. Needs
 * tgt installed and root (tgtd); ports 13270-13279.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class IscsiReadBenchmark {
    static final int QUEUE_DEPTH = 32;
    private static final int SIZE = 4096;
    private static final int BLOCKS_PER_READ = SIZE / TgtFixture.BLOCK;
    private static final long SLOT_WAIT_SECONDS = 30;

    @Param({"direct", "map"})
    public String target;

    private TgtFixture tgt;
    private EngineHarness harness;
    private PathDevice path;
    private TestMap map;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tgt = TgtFixture.start("iqn.2026-11.io.mpathj.bench:" + target);
        try {
            path = tgt.openPath(0);
            if (target.equals("map")) {
                PathDevice second = tgt.openPath(1);
                harness = new EngineHarness().paths(tgt.transport);
                map = harness.create("iscsi-bench", "0 0 1 1 round-robin 0 2 0 " + path.name() + " " + second.name());
            }
        } catch (Exception | Error e) {
            tearDown();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (map != null) {
                StringBuilder ios = new StringBuilder();
                map.paths().forEach(p -> ios.append(' ').append(p.name()).append('=').append(p.ios()));
                System.out.printf("%nmap-path-ios%s%n", ios);
            }
            if (harness != null) {
                harness.close();
            }
        } finally {
            harness = null;
            map = null;
            if (tgt != null) {
                tgt.close();
                tgt = null;
            }
        }
    }

    /** One benchmark thread's 32 slots: a read holds a slot and a buffer from submission to completion. */
    @State(Scope.Thread)
    public static class Pipeline {
        final Semaphore slots = new Semaphore(QUEUE_DEPTH);
        final ArrayBlockingQueue<ByteBuffer> buffers = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        final AtomicReference<String> failure = new AtomicReference<>();
        final SplittableRandom random = new SplittableRandom(42);

        public Pipeline() {
            for (int i = 0; i < QUEUE_DEPTH; i++) {
                buffers.add(ByteBuffer.allocate(SIZE));
            }
        }

        long nextLba() {
            return random.nextLong(TgtFixture.BLOCKS / BLOCKS_PER_READ) * BLOCKS_PER_READ;
        }

        void done(ByteBuffer buffer, String error) {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            buffers.add(buffer);
            slots.release();
        }

        void checkFailure() {
            String f = failure.get();
            if (f != null) {
                throw new IllegalStateException("a read failed: " + f);
            }
        }

        /** Lets every read in flight finish, so no iteration is charged for the one before. */
        @TearDown(Level.Iteration)
        public void drain() throws InterruptedException {
            if (!slots.tryAcquire(QUEUE_DEPTH, SLOT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("reads still in flight after " + SLOT_WAIT_SECONDS + " s");
            }
            slots.release(QUEUE_DEPTH);
            checkFailure();
        }
    }

    @Benchmark
    public void read(Pipeline p) throws InterruptedException {
        p.checkFailure();
        if (!p.slots.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no read completed in " + SLOT_WAIT_SECONDS + " s");
        }
        ByteBuffer buffer = p.buffers.poll();
        long lba = p.nextLba();
        if (map != null) {
            map.read(lba, buffer).whenComplete((v, e) -> p.done(buffer, e == null ? null : e.toString()));
        } else {
            path.execute(ScsiCommand.dataIn(Cdbs.read16(lba, BLOCKS_PER_READ), buffer))
                    .whenComplete((r, e) -> p.done(buffer,
                            e != null ? e.toString() : r.isGood() ? null : r.describe()));
        }
    }
}
