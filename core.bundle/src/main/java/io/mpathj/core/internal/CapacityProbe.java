package io.mpathj.core.internal;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.core.internal.map.Geometry;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Learns a map's size and block size from its paths with READ CAPACITY(16) (SBC-3 5.16, parameter data in table
 * 64), trying each path until one answers: a standby or passive path may refuse, any path of the LU will do.
 */
final class CapacityProbe {
    private static final int RESPONSE_LENGTH = 32;
    private static final int TRIES_PER_PATH = 3; // a power-on unit attention takes one
    private static final int SECTOR = 512;

    /**
     * Every distinct path is asked, as the kernel checks every device of a table against the target's length
     * (device_area_is_invalid): each path that answers must hold the whole map and report the same block size. A
     * path that does not answer (down, or refusing) is not held against the table; it fails on first use. With no
     * table length (parameters only), the map is as long as the smallest path that answered.
     */
    Geometry probe(List<PathDevice> devices, long tableLengthSectors) throws InvalidArgumentsException {
        if (tableLengthSectors == 0) {
            throw new InvalidArgumentsException("zero-length target");
        }
        if (devices.isEmpty()) {
            // a map without priority groups has no path to ask: its length is the table's
            if (tableLengthSectors < 0) {
                throw new InvalidArgumentsException("zero-length target: a table without paths needs a full "
                        + "'0 <length> multipath …' line");
            }
            return new Geometry(SECTOR, tableLengthSectors);
        }
        String lastError = "no paths";
        PathDevice first = null;
        int blockSize = 0;
        long smallest = Long.MAX_VALUE;
        for (PathDevice device : devices) {
            for (int attempt = 0; attempt < TRIES_PER_PATH; attempt++) {
                ByteBuffer buf = ByteBuffer.allocate(RESPONSE_LENGTH);
                ScsiResult result = PathCommand.run(device, ScsiCommand.dataIn(Cdbs.readCapacity16(RESPONSE_LENGTH), buf),
                        "READ CAPACITY");
                if (result.isGood()) {
                    byte[] data = buf.array();
                    long blocks = Cdbs.getU64(data, 0) + 1;
                    int size = (int) Cdbs.getU32(data, 8);
                    check(device, size, blocks, tableLengthSectors);
                    if (first == null) {
                        first = device;
                        blockSize = size;
                    } else if (size != blockSize) {
                        throw new InvalidArgumentsException("error getting device: " + device.name()
                                + " has a logical block size of " + size + " bytes, " + first.name() + " "
                                + blockSize);
                    }
                    smallest = Math.min(smallest, blocks);
                    break;
                }
                lastError = device.name() + ": " + result.describe();
                boolean unitAttention = result.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
                if (!unitAttention) {
                    break;
                }
            }
        }
        if (first == null) {
            throw new InvalidArgumentsException("error getting device: no path answered READ CAPACITY ("
                    + lastError + ")");
        }
        if (tableLengthSectors < 0) {
            return new Geometry(blockSize, smallest);
        }
        return new Geometry(blockSize, tableLengthSectors * SECTOR / blockSize);
    }

    /** One path against the table: a sane block size, at least the table's length, whole blocks. */
    private static void check(PathDevice device, int blockSize, long blocks, long tableLengthSectors)
            throws InvalidArgumentsException {
        if (blockSize < SECTOR || Integer.bitCount(blockSize) != 1) {
            throw new InvalidArgumentsException(
                    "error getting device: " + device.name() + " reports a block size of " + blockSize);
        }
        if (tableLengthSectors < 0) {
            return;
        }
        long deviceSectors = blocks * (blockSize / SECTOR);
        if (tableLengthSectors > deviceSectors) {
            // the kernel's DMERR from device_area_is_invalid, which refuses the table
            throw new InvalidArgumentsException(device.name() + " too small for target: start=0, len="
                    + tableLengthSectors + ", dev_size=" + deviceSectors);
        }
        if ((tableLengthSectors * SECTOR) % blockSize != 0) {
            throw new InvalidArgumentsException("length " + tableLengthSectors
                    + " sectors is not a multiple of the " + blockSize + "-byte logical block size");
        }
    }

}
