package io.mpathj.api.scsi;

/** Why a command got no SCSI status at all: the path, not the logical unit, failed. */
public enum TransportError {
    /** The connection to the target port is gone (link down, session dropped, port offline). */
    CONNECTION_LOST,
    /** No answer within the command's timeout; the command was aborted. */
    TIMEOUT,
    /** The command was aborted (task management, session reinstatement) before it completed. */
    ABORTED,
    /** The path device was closed or removed before the command could be sent. */
    DEVICE_GONE
}
