package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.personality.ScsiReplies;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.personality.ArrayBehavior;

/**
 * The array's device server (SAM-5 4.6.19): checks the CDB length, reports unit attentions, lets the personality
 * refuse commands for the path's access state and answer the commands that are not media access, then hands what
 * is left to the code that serves its opcode.
 */
final class DeviceServer {
    static final int READ_CAPACITY_10 = 0x25;
    static final int SYNCHRONIZE_CACHE_10 = 0x35;

    private final ArrayBehavior personality;
    private final Inquiry inquiry;
    private final BlockCommands blocks;
    private final ModePages modePages;
    private final ReportLuns reportLuns;

    DeviceServer(ArrayBehavior personality, Inquiry inquiry, BlockCommands blocks, ModePages modePages,
            ReportLuns reportLuns) {
        this.personality = personality;
        this.inquiry = inquiry;
        this.blocks = blocks;
        this.modePages = modePages;
        this.reportLuns = reportLuns;
    }

    ScsiResult execute(PathImpl path, ScsiCommand command) {
        LogicalUnitImpl lu = path.lu();
        byte[] cdb = command.cdb();
        int opcode = cdb[0] & 0xFF;
        if (cdb.length < cdbLength(opcode)) {
            return lu.checkCondition(Senses.INVALID_FIELD_IN_CDB);
        }
        // SPC-4 5.14 / SAM-5 5.14: INQUIRY and REPORT LUNS neither report nor clear a unit attention,
        // REQUEST SENSE returns it as its parameter data
        if (opcode != ScsiOpcode.INQUIRY && opcode != ScsiOpcode.REPORT_LUNS && path.unitAttentions().any()) {
            if (opcode == ScsiOpcode.REQUEST_SENSE) {
                return requestSense(lu, command, path.unitAttentions().take());
            }
            SenseData ua = path.unitAttentions().take();
            if (ua != null) {
                return lu.checkCondition(ua);
            }
        }
        SenseData refused = personality.refuse(path, opcode);
        if (refused != null) {
            return lu.checkCondition(refused);
        }
        if (!CommandClass.MEDIA_ACCESS.includes(opcode)) {
            ScsiResult answered = personality.execute(path, command);
            if (answered != null) {
                return answered;
            }
        }
        return dispatch(path, command, opcode);
    }

    private ScsiResult dispatch(PathImpl path, ScsiCommand command, int opcode) {
        LogicalUnitImpl lu = path.lu();
        switch (opcode) {
            case ScsiOpcode.READ_10:
            case ScsiOpcode.READ_16:
                return blocks.read(lu, command);
            case ScsiOpcode.WRITE_10:
            case ScsiOpcode.WRITE_16:
                return blocks.write(lu, command);
            case ScsiOpcode.TEST_UNIT_READY:
            case ScsiOpcode.START_STOP_UNIT:
            case SYNCHRONIZE_CACHE_10:
                return ScsiResult.good();
            case ScsiOpcode.INQUIRY:
                return inquiry.execute(path, command);
            case ScsiOpcode.REQUEST_SENSE:
                return requestSense(lu, command, null);
            case READ_CAPACITY_10:
                return blocks.readCapacity10(lu, command);
            case ScsiOpcode.SERVICE_ACTION_IN_16:
                return (command.cdb()[1] & 0x1F) == ScsiOpcode.SA_READ_CAPACITY_16
                        ? blocks.readCapacity16(lu, command) : lu.checkCondition(Senses.INVALID_FIELD_IN_CDB);
            case ScsiOpcode.REPORT_LUNS:
                return reportLuns.execute(lu, command);
            case ScsiOpcode.MODE_SENSE_6:
            case ScsiOpcode.MODE_SENSE_10:
                return modePages.sense(path, command);
            case ScsiOpcode.MODE_SELECT_6:
            case ScsiOpcode.MODE_SELECT_10:
                return modePages.select(path, command);
            default:
                return lu.checkCondition(Senses.INVALID_COMMAND_OPERATION_CODE);
        }
    }

    /**
     * REQUEST SENSE (SPC-4 6.39): the pending unit attention, or NO SENSE; the DESC bit (byte 1 bit 0) chooses
     * descriptor format (SPC-4 4.5.2) over fixed (SPC-4 4.5.3).
     */
    private static ScsiResult requestSense(LogicalUnitImpl lu, ScsiCommand command, SenseData pending) {
        SenseData sense = pending != null ? pending : Senses.NO_SENSE;
        boolean descriptor = (command.cdb()[1] & 0x01) != 0;
        return ScsiReplies.dataIn(command, descriptor ? sense.toDescriptor() : sense.toFixed(), command.cdb()[4] & 0xFF);
    }

    /** The CDB length of an operation code's group (SPC-4 4.2.5.1, table "Group code values"). */
    private static int cdbLength(int opcode) {
        switch (opcode >>> 5) {
            case 0:
                return 6;
            case 1:
            case 2:
                return 10;
            case 4:
                return 16;
            case 5:
                return 12;
            default:
                return 1;
        }
    }
}
