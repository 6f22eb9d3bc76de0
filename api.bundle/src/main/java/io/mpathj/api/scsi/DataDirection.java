package io.mpathj.api.scsi;

/** Which way a command's data moves. */
public enum DataDirection {
    /** No data phase (TEST UNIT READY, START STOP UNIT). */
    NONE,
    /** Data-in: the device fills the command's buffer (READ, INQUIRY, RTPG). */
    FROM_DEVICE,
    /** Data-out: the device consumes the command's buffer (WRITE, MODE SELECT, STPG). */
    TO_DEVICE
}
