package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.SimLogicalUnit;
import java.util.ArrayList;
import java.util.List;

/** A logical unit: its store, its identity, its sense format, and the paths that reach it (for unit attentions). */
final class LogicalUnitImpl implements SimLogicalUnit {
    private final int index;
    private final int lun;
    private final int blockSize;
    private final long blockCount;
    private final BlockStore store;
    private final long naa;
    private final String serial;
    private final List<PathImpl> paths = new ArrayList<>();
    private volatile boolean descriptorSense;

    LogicalUnitImpl(int index, int lun, int blockSize, long blockCount, BlockStore store, long naa, String serial) {
        this.index = index;
        this.lun = lun;
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.store = store;
        this.naa = naa;
        this.serial = serial;
    }

    /** Position in the array's LU list: the index into per-LU state arrays. */
    @Override
    public int index() {
        return index;
    }

    BlockStore store() {
        return store;
    }

    /** Called while the array is built, before any command runs. */
    void addPath(PathImpl path) {
        paths.add(path);
    }

    List<PathImpl> paths() {
        return paths;
    }

    /** Raises a unit attention on every path to this LU except {@code except} (may be null). */
    void raiseUnitAttention(int condition, io.mpathj.storage.sim.SimPath except) {
        for (PathImpl p : paths) {
            if (p != except) {
                p.unitAttentions().raise(condition);
            }
        }
    }

    /** CHECK CONDITION with this sense in the format D_SENSE selects (SPC-4 4.5.1). */
    ScsiResult checkCondition(SenseData sense) {
        return ScsiResult.checkCondition(descriptorSense ? sense.toDescriptor() : sense.toFixed());
    }

    @Override
    public int lun() {
        return lun;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public long naaIdentifier() {
        return naa;
    }

    @Override
    public String serialNumber() {
        return serial;
    }

    @Override
    public boolean descriptorSense() {
        return descriptorSense;
    }

    @Override
    public void setDescriptorSense(boolean descriptor) {
        this.descriptorSense = descriptor;
    }

    @Override
    public String toString() {
        return "LU " + lun;
    }
}
