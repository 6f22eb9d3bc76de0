package io.mpathj.api.block;

import io.mpathj.api.scsi.SenseData;
import java.io.IOException;
import java.util.Optional;

/** Why a block I/O failed. The message is one line a person can act on. */
public class BlockIoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The classes of failure, after the kernel's blk_status_t values that dm-multipath distinguishes. */
    public enum Reason {
        /** No usable path and not queueing (the kernel's -EIO with no valid paths). */
        NO_PATH,
        /** The logical unit itself failed the I/O (blk_path_error() false, or a handler said ERROR_IO). */
        DEVICE_ERROR,
        /** The I/O was outside the device or not a whole number of blocks. */
        INVALID_REQUEST,
        /** The map was removed while the I/O was queued or in flight. */
        MAP_REMOVED,
        /** The I/O waited in the queue longer than the map allows. */
        TIMED_OUT
    }

    private final Reason reason;
    private final transient SenseData sense;

    public BlockIoException(Reason reason, String message) {
        this(reason, message, null);
    }

    public BlockIoException(Reason reason, String message, SenseData sense) {
        super(message);
        this.reason = reason;
        this.sense = sense;
    }

    public Reason reason() {
        return reason;
    }

    /** The sense data of the failing command, where the device returned some. */
    public Optional<SenseData> sense() {
        return Optional.ofNullable(sense);
    }
}
