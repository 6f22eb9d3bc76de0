package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;

/** The sense conditions the simulated device server reports (ASC/ASCQ assignments of SPC-4 annex D). */
final class Senses {
    static final SenseData NO_SENSE = new SenseData(SenseKey.NO_SENSE, 0x00, 0x00);
    static final SenseData INVALID_COMMAND_OPERATION_CODE = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    static final SenseData LBA_OUT_OF_RANGE = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    static final SenseData INVALID_FIELD_IN_CDB = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    static final SenseData INVALID_FIELD_IN_PARAMETER_LIST = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    static final SenseData PARAMETER_LIST_LENGTH_ERROR = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
    static final SenseData SAVING_PARAMETERS_NOT_SUPPORTED = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    /** The data buffer does not fit the command: what an HBA reports as a data overrun or underrun. */
    static final SenseData DATA_PHASE_ERROR = new SenseData(SenseKey.ABORTED_COMMAND, 0x4B, 0x00);
    static final SenseData UNRECOVERED_READ_ERROR = new SenseData(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
    static final SenseData WRITE_ERROR = new SenseData(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
    static final SenseData POWER_ON_OCCURRED = new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    static final SenseData MODE_PARAMETERS_CHANGED = new SenseData(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
    static final SenseData ASYMMETRIC_ACCESS_STATE_CHANGED = new SenseData(SenseKey.UNIT_ATTENTION, 0x2A, 0x06);
    /** LOGICAL UNIT NOT READY, MANUAL INTERVENTION REQUIRED: I/O on a CLARiiON's passive SP, or NDU. */
    static final SenseData NOT_READY_MANUAL_INTERVENTION = new SenseData(SenseKey.NOT_READY, 0x04, 0x03);
    static final SenseData ALUA_TRANSITIONING = new SenseData(SenseKey.NOT_READY, 0x04, 0x0A);
    static final SenseData ALUA_STANDBY = new SenseData(SenseKey.NOT_READY, 0x04, 0x0B);
    static final SenseData ALUA_UNAVAILABLE = new SenseData(SenseKey.NOT_READY, 0x04, 0x0C);
    /** LOGICAL UNIT NOT READY, OFFLINE: what LIO reports for a target port group in the offline state. */
    static final SenseData ALUA_OFFLINE = new SenseData(SenseKey.NOT_READY, 0x04, 0x12);

    private Senses() {
    }
}
