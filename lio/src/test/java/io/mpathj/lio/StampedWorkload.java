package io.mpathj.lio;

import io.mpathj.api.block.BlockCompletion;
import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A verified read/write workload in wall-clock time, for a real target: {@code depth} I/Os of {@code ioBlocks}
 * blocks in flight over {@code units} units from LBA 0; every block carries its LBA and its unit's write
 * generation; one I/O per unit at a time, so a read must return exactly the generation of the unit's last
 * completed write. Counted: an I/O the map failed ({@link Result#failed}), a read that returned an older generation
 * than the last acknowledged write ({@link Result#lost}), a completion called more than once for one submission
 * ({@link Result#doubled}), a read whose blocks carry the wrong LBA, a generation never written or mixed
 * generations ({@link Result#corrupt}). {@link #stop} drains the I/O in flight and then reads every unit back.
 *
 * <p>The testkit's {@code VerifiedWorkload} is a closed write-then-verify run driven by a simulated clock, with no
 * generation; this one runs while the test changes the target, and measures the longest gap between completions.
 */
final class StampedWorkload {
    /** The counts of a run. */
    record Result(long reads, long writes, long failed, long lost, long doubled, long corrupt, long finalChecked,
            long longestGapMillis, String firstProblem) {
        boolean clean() {
            return failed == 0 && lost == 0 && doubled == 0 && corrupt == 0;
        }

        @Override
        public String toString() {
            return String.format("%d reads, %d writes, %d failed, %d lost, %d doubled, %d corrupt; %d units checked "
                    + "at the end; longest gap since the last resetGap %d ms%s", reads, writes, failed, lost, doubled,
                    corrupt, finalChecked, longestGapMillis, firstProblem.isEmpty() ? "" : "; first problem: "
                            + firstProblem);
        }
    }

    private final BlockDevice device;
    private final int ioBlocks;
    private final int units;
    private final long[] acked;
    private final boolean[] busy;
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<Slot> free = new ArrayList<>();
    private Result result;
    private volatile boolean stopping;
    private int outstanding;
    private long reads;
    private long writes;
    private long failed;
    private long lost;
    private long doubled;
    private long corrupt;
    private String firstProblem = "";
    private long lastCompletion;
    private long longestGap;
    private long gapFrom;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    StampedWorkload(BlockDevice device, int units, int ioBlocks, int depth) {
        this.device = device;
        this.units = units;
        this.ioBlocks = ioBlocks;
        this.acked = new long[units];
        this.busy = new boolean[units];
        for (int i = 0; i < depth; i++) {
            free.add(new Slot());
        }
    }

    private final class Slot implements BlockCompletion {
        final BlockRequest request = new BlockRequest(this);
        final ByteBuffer buffer = ByteBuffer.allocate(ioBlocks * device.blockSize());
        int unit;
        long generation;
        boolean write;
        boolean outstanding;

        @Override
        public void completed(BlockRequest r, BlockIoException error) {
            done(this, error);
        }
    }

    /** Starts the I/O; it runs until {@link #stop}. */
    void start() {
        List<Slot> first;
        synchronized (this) {
            lastCompletion = System.nanoTime();
            first = new ArrayList<>(free);
            free.clear();
        }
        first.forEach(this::submit);
    }

    /** Measures the longest gap between completions from now on (the I/O before was a warm-up). */
    synchronized void resetGap() {
        longestGap = 0;
        gapFrom = System.nanoTime();
    }

    /** The longest gap between successful completions since {@link #resetGap} (or the start), in ms. */
    synchronized long gapMillis() {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(longestGap, System.nanoTime() - Math.max(lastCompletion,
                gapFrom)));
    }

    /** Successful completions so far. */
    synchronized long completions() {
        return reads + writes;
    }

    private void submit(Slot slot) {
        synchronized (this) {
            if (stopping) {
                free.add(slot);
                if (outstanding == 0) {
                    drained.complete(null);
                }
                return;
            }
            int unit;
            do {
                unit = random.nextInt(units);
            } while (busy[unit]);
            busy[unit] = true;
            slot.unit = unit;
            slot.write = acked[unit] == 0 || random.nextBoolean();
            slot.generation = slot.write ? acked[unit] + 1 : acked[unit];
            slot.outstanding = true;
            outstanding++;
        }
        long lba = (long) slot.unit * ioBlocks;
        if (slot.write) {
            fill(slot.buffer, lba, slot.generation);
            device.submit(slot.request.write(lba, slot.buffer.clear()));
        } else {
            device.submit(slot.request.read(lba, slot.buffer.clear()));
        }
    }

    private void done(Slot slot, BlockIoException error) {
        synchronized (this) {
            if (!slot.outstanding) {
                doubled++;
                note("a completion came twice for unit " + slot.unit);
                return;
            }
            slot.outstanding = false;
            outstanding--;
            long now = System.nanoTime();
            if (error != null) {
                failed++;
                note((slot.write ? "write" : "read") + " of unit " + slot.unit + " failed: " + error.getMessage());
                if (slot.write) {
                    acked[slot.unit] = 0; // unknown now: the next I/O rewrites it
                }
            } else {
                long since = Math.max(lastCompletion, gapFrom);
                longestGap = Math.max(longestGap, now - since);
                lastCompletion = now;
                if (slot.write) {
                    writes++;
                    acked[slot.unit] = slot.generation;
                } else {
                    reads++;
                    check(slot.buffer, slot.unit, slot.generation);
                }
            }
            busy[slot.unit] = false;
        }
        submit(slot);
    }

    /** Compares a unit read back with the generation expected (guarded by this). */
    private void check(ByteBuffer b, int unit, long expected) {
        long lba = (long) unit * ioBlocks;
        long seen = -1;
        int blockSize = device.blockSize();
        for (int i = 0; i + 16 <= b.capacity(); i += 16) {
            long l = b.getLong(i);
            long g = b.getLong(i + 8) ^ i;
            if (l != lba + i / blockSize || (seen >= 0 && g != seen)) {
                corrupt++;
                note("unit " + unit + " holds " + (l != lba + i / blockSize ? "LBA " + l + " at block "
                        + (lba + i / blockSize) : "mixed generations"));
                return;
            }
            seen = g;
        }
        if (seen == expected) {
            return;
        }
        if (seen >= 0 && seen < expected) {
            lost++;
            note("unit " + unit + " read generation " + seen + " after generation " + expected + " was acknowledged");
        } else {
            corrupt++;
            note("unit " + unit + " read generation " + seen + ", never acknowledged (last " + expected + ")");
        }
    }

    private void note(String problem) {
        if (firstProblem.isEmpty()) {
            firstProblem = problem;
        }
    }

    /**
     * Stops submitting, waits for the I/O in flight (bounded), then reads every written unit back and checks it.
     *
     * @throws AssertionError when the I/O in flight does not drain or a final read does not complete in time
     */
    Result stop(long timeoutSeconds) throws Exception {
        synchronized (this) {
            if (result != null) {
                return result;
            }
            stopping = true;
            if (outstanding == 0) {
                drained.complete(null);
            }
        }
        try {
            drained.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the workload's I/O did not drain within " + timeoutSeconds + " s");
        }
        long checked = 0;
        ByteBuffer b = ByteBuffer.allocate(ioBlocks * device.blockSize());
        for (int unit = 0; unit < units; unit++) {
            long expected;
            synchronized (this) {
                expected = acked[unit];
            }
            if (expected == 0) {
                continue;
            }
            b.clear();
            device.read((long) unit * ioBlocks, b).toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            synchronized (this) {
                check(b, unit, expected);
            }
            checked++;
        }
        synchronized (this) {
            result = new Result(reads, writes, failed, lost, doubled, corrupt, checked,
                    TimeUnit.NANOSECONDS.toMillis(longestGap), firstProblem);
            return result;
        }
    }

    /** Each block of the buffer gets its own LBA, and the generation (mixed with the offset) in every 16 bytes. */
    private void fill(ByteBuffer b, long firstLba, long gen) {
        int blockSize = device.blockSize();
        for (int i = 0; i + 16 <= b.capacity(); i += 16) {
            b.putLong(i, firstLba + i / blockSize);
            b.putLong(i + 8, gen ^ i);
        }
    }
}
