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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Learns a map's size and block size from its paths with READ CAPACITY(16) (SBC-3 5.16, parameter data in table
 * 64), trying each path until one answers: a standby or passive path may refuse, any path of the LU will do.
 */
final class CapacityProbe {
    private static final int RESPONSE_LENGTH = 32;
    private static final int TRIES_PER_PATH = 3; // a power-on unit attention takes one
    private static final long TIMEOUT_SECONDS = 10;
    private static final int SECTOR = 512;

    Geometry probe(List<PathDevice> devices, long tableLengthSectors) throws InvalidArgumentsException {
        if (devices.isEmpty()) {
            // a map without priority groups has no path to ask: its length is the table's, if any
            return new Geometry(SECTOR, Math.max(0, tableLengthSectors));
        }
        String lastError = "no paths";
        for (PathDevice device : devices) {
            for (int attempt = 0; attempt < TRIES_PER_PATH; attempt++) {
                ByteBuffer buf = ByteBuffer.allocate(RESPONSE_LENGTH);
                ScsiResult result = execute(device, ScsiCommand.dataIn(Cdbs.readCapacity16(RESPONSE_LENGTH), buf));
                if (result.isGood()) {
                    byte[] data = buf.array();
                    long lastLba = Cdbs.getU64(data, 0);
                    int blockSize = (int) Cdbs.getU32(data, 8);
                    return fit(device, blockSize, lastLba + 1, tableLengthSectors);
                }
                lastError = device.name() + ": " + result.describe();
                boolean unitAttention = result.sense().map(s -> s.key() == SenseKey.UNIT_ATTENTION).orElse(false);
                if (!unitAttention) {
                    break;
                }
            }
        }
        throw new InvalidArgumentsException("error getting device: no path answered READ CAPACITY (" + lastError + ")");
    }

    private static Geometry fit(PathDevice device, int blockSize, long blocks, long tableLengthSectors)
            throws InvalidArgumentsException {
        if (blockSize < SECTOR || Integer.bitCount(blockSize) != 1) {
            throw new InvalidArgumentsException(
                    "error getting device: " + device.name() + " reports a block size of " + blockSize);
        }
        if (tableLengthSectors < 0) {
            return new Geometry(blockSize, blocks);
        }
        long deviceSectors = blocks * (blockSize / SECTOR);
        if (tableLengthSectors > deviceSectors) {
            throw new InvalidArgumentsException("error getting device: " + device.name()
                    + " too small for target: len=" + tableLengthSectors + ", dev_size=" + deviceSectors);
        }
        if ((tableLengthSectors * SECTOR) % blockSize != 0) {
            throw new InvalidArgumentsException("length " + tableLengthSectors
                    + " sectors is not a multiple of the " + blockSize + "-byte logical block size");
        }
        return new Geometry(blockSize, tableLengthSectors * SECTOR / blockSize);
    }

    private static ScsiResult execute(PathDevice device, ScsiCommand command) {
        try {
            return device.execute(command).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return ScsiResult.transportFailure(io.mpathj.api.scsi.TransportError.TIMEOUT, "READ CAPACITY");
        } catch (ExecutionException e) {
            return ScsiResult.transportFailure(io.mpathj.api.scsi.TransportError.DEVICE_GONE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScsiResult.transportFailure(io.mpathj.api.scsi.TransportError.ABORTED, "interrupted");
        }
    }
}
