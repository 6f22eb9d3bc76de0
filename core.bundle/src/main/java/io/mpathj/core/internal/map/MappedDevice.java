package io.mpathj.core.internal.map;

import io.mpathj.api.block.BlockDevice;
import io.mpathj.api.block.BlockRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named multipath device (the kernel's {@code struct mapped_device}): it outlives its tables. Users hold the
 * device, not a table, so a reload swaps the table under them; the device keeps what belongs to it rather than to a
 * table: the open count with its holders (a busy device is not removed), whether it is suspended, and how many
 * tables it has had.
 *
 * <p>Operations that change the table or the suspended state are serialized by the engine on this object.
 */
public final class MappedDevice implements BlockDevice {
    private final String name;
    private volatile MultipathMap table;
    /** Holder description → how many opens it holds (guarded by this). */
    private final Map<String, Integer> openers = new LinkedHashMap<>();
    private int generation = 1;
    private boolean suspended;
    private volatile boolean removed;
    /** Maps that reached the same logical unit when this one was created. */
    private volatile java.util.List<String> sharedAtCreation = java.util.List.of();

    public MappedDevice(MultipathMap table) {
        this.name = table.name();
        this.table = table;
    }

    @Override
    public String name() {
        return name;
    }

    /** The live table. */
    public MultipathMap table() {
        return table;
    }

    @Override
    public int blockSize() {
        return table.blockSize();
    }

    @Override
    public long blockCount() {
        return table.blockCount();
    }

    @Override
    public void submit(BlockRequest request) {
        table.submit(request); // a table replaced meanwhile hands the request to its successor
    }

    /**
     * The reload's swap ({@code dmsetup reload} + {@code resume}): the old table is suspended without flushing,
     * I/O on its paths completes, then its queued I/O moves to {@code next}, which goes live; new I/O queues only for
     * that moment. False, with the old table serving again and {@code next} untouched, if the old table's I/O did not
     * complete within {@code quietMillis}.
     */
    public synchronized boolean swap(MultipathMap next, long quietMillis) throws InterruptedException {
        MultipathMap old = table;
        if (!quieted(old, quietMillis)) {
            return false;
        }
        if (suspended) {
            next.suspend(); // a suspended device stays suspended across a reload; resume releases the I/O
        }
        table = next;
        generation++;
        old.handOverTo(next);
        return true;
    }

    /**
     * {@code dmsetup suspend --noflush}: new I/O queues, I/O on a path completes. False (and not suspended) if that
     * I/O did not complete within {@code quietMillis}.
     */
    public synchronized boolean suspend(long quietMillis) throws InterruptedException {
        if (suspended) {
            return true;
        }
        if (!quieted(table, quietMillis)) {
            return false;
        }
        suspended = true;
        return true;
    }

    /**
     * Suspends a table and waits until the I/O on its paths completed; if that takes longer than
     * {@code quietMillis}, the table serves again (unless the device was suspended already) and the answer is false.
     */
    private boolean quieted(MultipathMap t, long quietMillis) throws InterruptedException {
        t.suspend();
        if (t.awaitQuiet(quietMillis)) {
            return true;
        }
        if (!suspended) {
            t.resume();
        }
        return false;
    }

    /** {@code dmsetup resume}: the queued I/O is dispatched. */
    public synchronized void resume() {
        suspended = false;
        table.resume();
    }

    /**
     * One open by {@code holder} (e.g. "mpath:io", an NBD connection): while any is held, remove refuses the device.
     * Refused once the device is removed.
     */
    public synchronized void open(String holder) {
        if (removed) {
            throw new IllegalStateException(name + ": map removed");
        }
        openers.merge(holder, 1, Integer::sum);
    }

    /** Gives back one open by {@code holder}. */
    public synchronized void release(String holder) {
        openers.computeIfPresent(holder, (h, n) -> n == 1 ? null : n - 1);
    }

    public synchronized int openCount() {
        return openers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The holders of opens, e.g. {@code mpath:io}, in the order they first opened. */
    public synchronized String openers() {
        return String.join(", ", openers.keySet());
    }

    /** Tables loaded so far: 1 after create, +1 per reload. */
    public synchronized int generation() {
        return generation;
    }

    public synchronized boolean isSuspended() {
        return suspended;
    }

    /** Records the maps that already reached this map's logical unit when it was created. */
    public void sharedAtCreation(java.util.List<String> maps) {
        sharedAtCreation = java.util.List.copyOf(maps);
    }

    /** The maps that already reached this map's logical unit when it was created (dm would not tell). */
    public java.util.List<String> sharedAtCreation() {
        return sharedAtCreation;
    }

    public boolean isRemoved() {
        return removed;
    }

    public synchronized void markRemoved() {
        removed = true;
    }

    /** A consistent snapshot of the device and its live table. */
    public synchronized io.mpathj.api.map.MapView view() {
        return table().view(generation(), openCount(), isSuspended());
    }
}
