package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.personality.ScsiReplies;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.io.IOException;

/**
 * READ/WRITE(10/16) (SBC-3 5.11, 5.13, 5.32, 5.34) and READ CAPACITY(10/16) (SBC-3 5.15, 5.16). READ and WRITE
 * are the fast path: no allocation when the transfer fills the buffer exactly.
 */
final class BlockCommands {

    ScsiResult read(LogicalUnitImpl lu, ScsiCommand command) {
        return transfer(lu, command, DataDirection.FROM_DEVICE);
    }

    ScsiResult write(LogicalUnitImpl lu, ScsiCommand command) {
        return transfer(lu, command, DataDirection.TO_DEVICE);
    }

    private static ScsiResult transfer(LogicalUnitImpl lu, ScsiCommand command, DataDirection direction) {
        byte[] cdb = command.cdb();
        long lba = Cdbs.lba(cdb);
        long blocks = Cdbs.transferLength(cdb);
        // an unsigned 64-bit LBA beyond Long.MAX_VALUE reads as negative
        if (lba < 0 || lba > lu.blockCount() - blocks) {
            return lu.checkCondition(Senses.LBA_OUT_OF_RANGE);
        }
        long bytes = blocks * lu.blockSize();
        if (bytes == 0) {
            return ScsiResult.good(command.dataLength());
        }
        if (command.direction() != direction || command.dataLength() < bytes) {
            return lu.checkCondition(Senses.DATA_PHASE_ERROR);
        }
        int index = command.data().position();
        try {
            if (direction == DataDirection.FROM_DEVICE) {
                lu.store().read(lba * lu.blockSize(), command.data(), index, (int) bytes);
            } else {
                lu.store().write(lba * lu.blockSize(), command.data(), index, (int) bytes);
            }
        } catch (IOException e) {
            return lu.checkCondition(
                    direction == DataDirection.FROM_DEVICE ? Senses.UNRECOVERED_READ_ERROR : Senses.WRITE_ERROR);
        }
        return ScsiResult.good(command.dataLength() - (int) bytes);
    }

    /** READ CAPACITY(10) parameter data (SBC-3 5.15.2): last LBA (FFFFFFFFh when it does not fit), block length. */
    ScsiResult readCapacity10(LogicalUnitImpl lu, ScsiCommand command) {
        byte[] d = new byte[8];
        Cdbs.putU32(d, 0, Math.min(lu.blockCount() - 1, 0xFFFF_FFFFL));
        Cdbs.putU32(d, 4, lu.blockSize());
        return ScsiReplies.dataIn(command, d, d.length);
    }

    /**
     * READ CAPACITY(16) parameter data (SBC-3 5.16.2): last LBA, block length, no protection, one logical block per
     * physical block, no thin provisioning. 32 bytes; allocation length in CDB bytes 10..13.
     */
    ScsiResult readCapacity16(LogicalUnitImpl lu, ScsiCommand command) {
        byte[] d = new byte[32];
        Cdbs.putU64(d, 0, lu.blockCount() - 1);
        Cdbs.putU32(d, 8, lu.blockSize());
        return ScsiReplies.dataIn(command, d, Cdbs.getU32(command.cdb(), 10));
    }
}
