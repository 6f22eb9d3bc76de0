package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.personality.ScsiReplies;

/** The sense conditions the simulator's core reports (ASC/ASCQ assignments of SPC-4 annex D). */
final class Senses {
    static final SenseData NO_SENSE = new SenseData(SenseKey.NO_SENSE, 0x00, 0x00);
    static final SenseData INVALID_COMMAND_OPERATION_CODE = ScsiReplies.INVALID_COMMAND_OPERATION_CODE;
    static final SenseData LBA_OUT_OF_RANGE = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    static final SenseData INVALID_FIELD_IN_CDB = ScsiReplies.INVALID_FIELD_IN_CDB;
    static final SenseData INVALID_FIELD_IN_PARAMETER_LIST = ScsiReplies.INVALID_FIELD_IN_PARAMETER_LIST;
    static final SenseData PARAMETER_LIST_LENGTH_ERROR = ScsiReplies.PARAMETER_LIST_LENGTH_ERROR;
    static final SenseData SAVING_PARAMETERS_NOT_SUPPORTED = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    static final SenseData DATA_PHASE_ERROR = ScsiReplies.DATA_PHASE_ERROR;
    static final SenseData UNRECOVERED_READ_ERROR = new SenseData(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
    static final SenseData WRITE_ERROR = new SenseData(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);

    private Senses() {
    }
}
