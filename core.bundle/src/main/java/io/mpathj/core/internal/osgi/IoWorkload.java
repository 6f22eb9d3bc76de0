package io.mpathj.core.internal.osgi;

import io.mpathj.api.block.BlockCompletion;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.core.internal.map.MappedDevice;
import io.mpathj.api.map.PathView;
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
 * {@code mpath:io}: a read/write/verify workload through one map. The span is cut into units of one I/O's size; each
 * block carries its LBA and its unit's write generation, and a read must return exactly the last completed write.
 * Prints IOPS and per-path dispatch counts once a second. It holds the device open while it runs.
 */
final class IoWorkload {
    /**
     * After a failed I/O no new one starts for this long: a map without a usable path (and not queueing) fails every
     * I/O at once, and a workload that resubmitted at that speed would burn a core for a counter of errors.
     */
    static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final MappedDevice map;
    private final PrintStream out;
    private final int queueDepth;
    /** Blocks per I/O. */
    private final int ioBlocks;
    /** Units of {@link #ioBlocks} blocks in the span. */
    private final int blocks;
    private final long[] generation;
    private final boolean[] busy;
    private final SplittableRandom random = new SplittableRandom(1);
    /** Permits for free slots; the drain waits for all of them. */
    private final Semaphore slots;
    /** The slots not in flight (guarded by this). */
    private final ArrayDeque<Slot> free;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private volatile String firstProblem = "";
    /** {@link System#nanoTime()} before which nothing is submitted, after a failed I/O. */
    private volatile long pausedUntil;
    private boolean interrupted;

    /**
     * @param ioBlocks blocks per I/O (at least 1)
     * @param spanBlocks blocks of the map the workload touches, from LBA 0 (at least {@code ioBlocks})
     */
    IoWorkload(MappedDevice map, PrintStream out, int queueDepth, int ioBlocks, long spanBlocks) {
        this.map = map;
        this.out = out;
        this.queueDepth = queueDepth;
        this.ioBlocks = ioBlocks;
        this.blocks = (int) Math.min(spanBlocks / ioBlocks, Integer.MAX_VALUE - 8);
        this.generation = new long[blocks];
        this.busy = new boolean[blocks];
        this.slots = new Semaphore(queueDepth);
        this.free = new ArrayDeque<>(queueDepth);
        for (int i = 0; i < queueDepth; i++) {
            free.add(new Slot());
        }
    }

    /**
     * Runs for {@code seconds}, or until the thread is interrupted (Ctrl-C in the shell): either way the I/O in
     * flight is drained and the summary line returned.
     */
    String run(int seconds) {
        return run(seconds, () -> false);
    }

    /**
     * {@link #run(int)}, also ending early when {@code cancelled} says so (checked every 10 ms): the shell's job was
     * cancelled by Ctrl-C, which normally interrupts this thread too, but an interrupt can miss a thread that is
     * between two blocking calls when the shell cancels the job.
     */
    String run(int seconds, java.util.function.BooleanSupplier cancelled) {
        var startTable = map.table();
        Map<String, Long> startCounts = pathCounts();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long lastOps = 0;
        int second = 0;
        boolean interrupted = false;
        long nextCancelCheck = start;
        while (true) {
            long now = System.nanoTime();
            // one line per elapsed second, the last one included: it is due exactly when the run ends
            while (now >= nextReport && second < seconds) {
                long ops = reads.get() + writes.get();
                second++;
                if (map.table() != startTable) {
                    startTable = map.table(); // reloaded: the new table counts from zero
                    startCounts = new LinkedHashMap<>();
                }
                out.println(String.format("%3ds  IOPS %7d  reads %8d  writes %8d  errors %d  %s", second,
                        ops - lastOps, reads.get(), writes.get(), errors.get(), formatDeltas(startCounts)));
                out.flush();
                lastOps = ops;
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            if (now >= end) {
                break;
            }
            if (now >= nextCancelCheck) {
                nextCancelCheck = now + TimeUnit.MILLISECONDS.toNanos(10);
                if (cancelled.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
            }
            try {
                long pause = pausedUntil - now;
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(pause, TimeUnit.MILLISECONDS.toNanos(10)));
                } else if (slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    submitOne();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        // drain: every submitted I/O completes (the map guarantees it); wait a bounded time for stragglers, even
        // when interrupted, so no completion arrives after the workload is gone
        boolean drained = false;
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!drained && System.nanoTime() < drainEnd) {
            try {
                drained = slots.tryAcquire(queueDepth, drainEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // a second Ctrl-C: keep waiting for the I/O in flight
            }
        }
        this.interrupted = interrupted; // handled here: the summary is the answer to Ctrl-C
        if (!drained) {
            return "io: " + (queueDepth - slots.availablePermits()) + " I/Os still outstanding after 60 s";
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long ops = reads.get() + writes.get();
        return String.format("%s: %d I/Os in %.1f s (%.0f IOPS)%s: %d reads verified, %d writes, %d errors, "
                + "%d mismatches%s", map.name(), ops, elapsed, ops / elapsed, interrupted ? ", interrupted" : "",
                reads.get(), writes.get(), errors.get(), mismatches.get(),
                firstProblem.isEmpty() ? "" : "; first problem: " + firstProblem);
    }

    /** Whether the run was ended by an interrupt (Ctrl-C) rather than by its duration. */
    boolean interrupted() {
        return interrupted;
    }

    long mismatches() {
        return mismatches.get();
    }

    /** One of the {@link #QUEUE_DEPTH} I/Os in flight; its request and buffers are reused, so no I/O allocates. */
    private final class Slot implements BlockCompletion {
        final BlockRequest request = new BlockRequest(this);
        final ByteBuffer buffer = ByteBuffer.allocate(map.blockSize() * ioBlocks);
        final ByteBuffer expected = ByteBuffer.allocate(map.blockSize() * ioBlocks);
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
        long lba = (long) slot.lba * ioBlocks;
        if (slot.write) {
            fill(slot.buffer, lba, slot.generation);
            map.submit(slot.request.write(lba, slot.buffer));
        } else {
            map.submit(slot.request.read(lba, slot.buffer));
        }
    }

    private void done(Slot slot, BlockIoException error) {
        int lba = slot.lba;
        long firstBlock = (long) lba * ioBlocks;
        if (error != null) {
            pausedUntil = System.nanoTime() + ERROR_PAUSE_NANOS;
            errors.incrementAndGet();
            note("block " + firstBlock + ": " + error.getMessage());
        } else if (slot.write) {
            writes.incrementAndGet();
        } else {
            reads.incrementAndGet();
            fill(slot.expected, firstBlock, slot.generation);
            if (!slot.expected.equals(slot.buffer)) {
                mismatches.incrementAndGet();
                note("block " + firstBlock + " read back different data than generation " + slot.generation
                        + " wrote");
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

    /** Each block of the buffer gets its own LBA, so a read from the wrong place cannot pass. */
    private void fill(ByteBuffer b, long firstLba, long gen) {
        int blockSize = map.blockSize();
        for (int i = 0; i + 16 <= b.capacity(); i += 16) {
            b.putLong(i, firstLba + i / blockSize);
            b.putLong(i + 8, gen ^ i);
        }
    }

    private Map<String, Long> pathCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<PathView> views = map.view().paths();
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
