package io.mpathj.testkit;

import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop write workload for selector tests: {@code depth} one-block writes in flight, each to its own LBA
 * and stamped with it, a new one submitted from each completion until {@code total} were written; then every block
 * is read back and checked. Time is the caller's: {@code tick} moves it on (a manual sim clock's advance), and is
 * called until the writes are done, so with a simulated array the run is deterministic. It measures the longest
 * stall of the writes (the longest time without a completion, in ticks and in wall-clock time), e.g. across a
 * failover.
 */
public final class VerifiedWorkload {
    private final BlockDevice device;
    private final int total;
    private final int depth;
    private int submitted;
    private int completed;
    private final List<String> errors = new ArrayList<>();
    private volatile long ticks;
    private long lastTick;
    private long lastNanos;
    private long longestStallTicks;
    private long longestStallNanos;

    public VerifiedWorkload(BlockDevice device, int total, int depth) {
        if (total < 1 || depth < 1 || total > device.blockCount()) {
            throw new IllegalArgumentException("total " + total + ", depth " + depth + " on " + device.blockCount()
                    + " blocks");
        }
        this.device = device;
        this.total = total;
        this.depth = depth;
    }

    /**
     * Runs the writes, calling {@code tick} while any is in flight (at most {@code maxTicks} times).
     *
     * @throws AssertionError if a write failed or the writes did not finish
     */
    public void write(Runnable tick, int maxTicks) {
        List<BlockRequest> requests = new ArrayList<>();
        synchronized (this) {
            lastTick = ticks;
            lastNanos = System.nanoTime();
            for (int i = 0; i < depth && i < total; i++) {
                requests.add(new BlockRequest(this::written).write(submitted, stamp(submitted)));
                submitted++;
            }
        }
        requests.forEach(device::submit);
        int run = 0;
        while (!done() && run++ < maxTicks) {
            tick.run();
            ticks++;
        }
        synchronized (this) {
            if (!errors.isEmpty() || completed != total) {
                throw new AssertionError(completed + " of " + total + " writes done after " + maxTicks
                        + " ticks; errors " + errors);
            }
        }
    }

    private synchronized boolean done() {
        return completed == total;
    }

    private void written(BlockRequest request, BlockIoException error) {
        long next;
        synchronized (this) {
            completed++;
            long now = System.nanoTime();
            longestStallTicks = Math.max(longestStallTicks, ticks - lastTick);
            longestStallNanos = Math.max(longestStallNanos, now - lastNanos);
            lastTick = ticks;
            lastNanos = now;
            if (error != null) {
                errors.add("write " + request.lba() + ": " + error.getMessage());
            }
            if (submitted == total) {
                return;
            }
            next = submitted++;
        }
        device.submit(request.write(next, stamp(next)));
    }

    /** The most ticks the writes went without a completion (from the start, or from the previous completion). */
    public synchronized long longestStallTicks() {
        return longestStallTicks;
    }

    /** The longest wall-clock time the writes went without a completion, in milliseconds. */
    public synchronized double longestStallMillis() {
        return longestStallNanos / 1e6;
    }

    /**
     * Reads every written block back, one at a time, calling {@code tick} while the read is in flight.
     *
     * @throws AssertionError if a read failed or did not finish, or a block read back wrong
     */
    public void verify(Runnable tick, int maxTicks) {
        for (long lba = 0; lba < total; lba++) {
            ByteBuffer dst = ByteBuffer.allocate(device.blockSize());
            var done = device.read(lba, dst).toCompletableFuture();
            for (int ticks = 0; !done.isDone() && ticks < maxTicks; ticks++) {
                tick.run();
            }
            if (!done.isDone() || done.isCompletedExceptionally()) {
                throw new AssertionError("read " + lba + " did not complete: " + done);
            }
            if (!Arrays.equals(dst.array(), stamp(lba).array())) {
                throw new AssertionError("block " + lba + " read back wrong");
            }
        }
    }

    /** A block filled with its own LBA, as longs. */
    private ByteBuffer stamp(long lba) {
        ByteBuffer b = ByteBuffer.allocate(device.blockSize());
        while (b.hasRemaining()) {
            b.putLong(lba);
        }
        return b.flip();
    }
}
