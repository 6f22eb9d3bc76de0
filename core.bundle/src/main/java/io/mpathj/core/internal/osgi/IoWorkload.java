package io.mpathj.core.internal.osgi;

import io.mpathj.api.block.BlockCompletion;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.map.MultipathMap.PathView;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mpath:io}: a read/write/verify workload through one map. Each block carries its LBA and a write generation;
 * a read must return exactly the last completed write. Prints IOPS and per-path dispatch counts once a second.
 */
final class IoWorkload {
    private static final int QUEUE_DEPTH = 8;
    private static final int MAX_BLOCKS = 4096;

    private final MultipathMap map;
    private final PrintStream out;
    private final int blocks;
    private final long[] generation;
    private final boolean[] busy;
    private final SplittableRandom random = new SplittableRandom(1);
    /** Permits for free slots; the drain waits for all of them. */
    private final Semaphore slots = new Semaphore(QUEUE_DEPTH);
    /** The slots not in flight (guarded by this). */
    private final ArrayDeque<Slot> free = new ArrayDeque<>(QUEUE_DEPTH);
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private volatile String firstProblem = "";

    IoWorkload(MultipathMap map, PrintStream out) {
        this.map = map;
        this.out = out;
        this.blocks = (int) Math.min(map.blockCount(), MAX_BLOCKS);
        this.generation = new long[blocks];
        this.busy = new boolean[blocks];
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            free.add(new Slot());
        }
    }

    /** Runs for {@code seconds}; returns the summary line. */
    String run(int seconds) throws InterruptedException {
        Map<String, Long> startCounts = pathCounts();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long lastOps = 0;
        int second = 0;
        while (true) {
            long now = System.nanoTime();
            // one line per elapsed second, the last one included: it is due exactly when the run ends
            while (now >= nextReport && second < seconds) {
                long ops = reads.get() + writes.get();
                second++;
                out.println(String.format("%3ds  IOPS %7d  reads %8d  writes %8d  errors %d  %s", second,
                        ops - lastOps, reads.get(), writes.get(), errors.get(), formatDeltas(startCounts)));
                out.flush();
                lastOps = ops;
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            if (now >= end) {
                break;
            }
            if (slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                submitOne();
            }
        }
        // drain: every submitted I/O completes (the map guarantees it); wait a bounded time for stragglers
        if (!slots.tryAcquire(QUEUE_DEPTH, 60, TimeUnit.SECONDS)) {
            return "io: " + (QUEUE_DEPTH - slots.availablePermits()) + " I/Os still outstanding after 60 s";
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ops = reads.get() + writes.get();
        return String.format("%s: %d I/Os in %.1f s (%.0f IOPS): %d reads verified, %d writes, %d errors, "
                + "%d mismatches%s", map.name(), ops, elapsed, ops / elapsed, reads.get(), writes.get(),
                errors.get(), mismatches.get(), firstProblem.isEmpty() ? "" : "; first problem: " + firstProblem);
    }

    long mismatches() {
        return mismatches.get();
    }

    /** One of the {@link #QUEUE_DEPTH} I/Os in flight; its request and buffers are reused, so no I/O allocates. */
    private final class Slot implements BlockCompletion {
        final BlockRequest request = new BlockRequest(this);
        final ByteBuffer buffer = ByteBuffer.allocate(map.blockSize());
        final ByteBuffer expected = ByteBuffer.allocate(map.blockSize());
        int lba;
        long generation;
        boolean write;

        @Override
        public void completed(BlockRequest r, BlockIoException error) {
            done(this, error);
        }
    }

    private void submitOne() {
        Slot slot;
        synchronized (this) {
            slot = free.poll(); // a permit was taken, so a slot is free
            int lba;
            do {
                lba = random.nextInt(blocks);
            } while (busy[lba]);
            busy[lba] = true;
            slot.lba = lba;
            slot.write = generation[lba] == 0 || random.nextBoolean();
            slot.generation = slot.write ? generation[lba] + 1 : generation[lba];
        }
        if (slot.write) {
            fill(slot.buffer, slot.lba, slot.generation);
            map.submit(slot.request.write(slot.lba, slot.buffer));
        } else {
            map.submit(slot.request.read(slot.lba, slot.buffer));
        }
    }

    private void done(Slot slot, BlockIoException error) {
        int lba = slot.lba;
        if (error != null) {
            errors.incrementAndGet();
            note("block " + lba + ": " + error.getMessage());
        } else if (slot.write) {
            writes.incrementAndGet();
        } else {
            reads.incrementAndGet();
            fill(slot.expected, lba, slot.generation);
            if (!slot.expected.equals(slot.buffer)) {
                mismatches.incrementAndGet();
                note("block " + lba + " read back different data than generation " + slot.generation + " wrote");
            }
        }
        synchronized (this) {
            if (slot.write) {
                generation[lba] = error == null ? slot.generation : 0; // after a failed write it must be rewritten
            }
            busy[lba] = false;
            free.add(slot);
        }
        slots.release();
    }

    private void note(String problem) {
        if (firstProblem.isEmpty()) {
            firstProblem = problem;
        }
    }

    private static void fill(ByteBuffer b, long lba, long gen) {
        for (int i = 0; i + 16 <= b.capacity(); i += 16) {
            b.putLong(i, lba);
            b.putLong(i + 8, gen ^ i);
        }
    }

    private Map<String, Long> pathCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<PathView> views = map.paths();
        for (PathView v : views) {
            counts.merge(v.name(), v.ios(), Long::sum);
        }
        return counts;
    }

    private String formatDeltas(Map<String, Long> start) {
        StringBuilder sb = new StringBuilder("paths:");
        pathCounts().forEach((name, n) -> sb.append(' ').append(name).append('=').append(n - start.getOrDefault(name,
                0L)));
        return sb.toString();
    }
}
