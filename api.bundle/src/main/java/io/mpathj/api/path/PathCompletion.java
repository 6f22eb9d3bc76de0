package io.mpathj.api.path;

import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives the result of one command a path executed (the SCSI midlayer's {@code scsi_done}). */
@ConsumerType
@FunctionalInterface
public interface PathCompletion {
    /** The command ended with {@code result}; called once, possibly before {@code execute} returns. */
    void completed(ScsiResult result);

    /**
     * The path broke its contract: its stage completed exceptionally instead of with a result. By default that is
     * a {@link TransportError#DEVICE_GONE} transport failure, so the command is never lost; a consumer that wants
     * to report the breach overrides this.
     */
    default void completedExceptionally(Throwable failure) {
        completed(ScsiResult.transportFailure(TransportError.DEVICE_GONE, "completed exceptionally: " + failure));
    }
}
