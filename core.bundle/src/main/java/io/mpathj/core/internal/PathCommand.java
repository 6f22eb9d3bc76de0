package io.mpathj.core.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One SCSI command on a path, waited for (bounded), as the table load's probes send them. */
final class PathCommand {
    private static final long TIMEOUT_SECONDS = 10;

    private PathCommand() {
    }

    /** The command's result; a timeout, an interruption or a failed future become transport failures. */
    static ScsiResult run(PathDevice device, ScsiCommand command, String what) {
        try {
            return device.execute(command).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return ScsiResult.transportFailure(TransportError.TIMEOUT, what);
        } catch (ExecutionException e) {
            return ScsiResult.transportFailure(TransportError.DEVICE_GONE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScsiResult.transportFailure(TransportError.ABORTED, "interrupted");
        }
    }
}
