package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.personality.ScsiReplies;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.util.List;

/** REPORT LUNS (SPC-4 6.33): every LU of the array, in the order it was defined. */
final class ReportLuns {
    private final List<LogicalUnitImpl> lus;

    ReportLuns(List<LogicalUnitImpl> lus) {
        this.lus = lus;
    }

    ScsiResult execute(LogicalUnitImpl addressed, ScsiCommand command) {
        byte[] cdb = command.cdb();
        // SELECT REPORT 00h, 01h and 02h all mean "the LUs" here: the array has no well-known LUs
        if ((cdb[2] & 0xFF) > 0x02) {
            return addressed.checkCondition(Senses.INVALID_FIELD_IN_CDB);
        }
        byte[] d = new byte[8 + 8 * lus.size()];
        Cdbs.putU32(d, 0, 8L * lus.size()); // LUN LIST LENGTH
        int off = 8;
        for (LogicalUnitImpl lu : lus) {
            encode(lu.lun(), d, off);
            off += 8;
        }
        return ScsiReplies.dataIn(command, d, Cdbs.getU32(cdb, 6));
    }

    /** SAM-5 4.7.7: peripheral device addressing below 256, flat space addressing (01b) up to 16383. */
    private static void encode(int lun, byte[] d, int off) {
        if (lun < 256) {
            d[off + 1] = (byte) lun;
        } else {
            d[off] = (byte) (0x40 | (lun >>> 8));
            d[off + 1] = (byte) lun;
        }
    }
}
