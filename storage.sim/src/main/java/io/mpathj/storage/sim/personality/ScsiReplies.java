package io.mpathj.storage.sim.personality;

import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.SimLogicalUnit;
import java.nio.ByteBuffer;

/** Building blocks for the answers of a personality: CHECK CONDITION in the LU's sense format, data in and out. */
public final class ScsiReplies {
    /** 05/20/00 INVALID COMMAND OPERATION CODE. */
    public static final SenseData INVALID_COMMAND_OPERATION_CODE = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x20, 0);
    /** 05/24/00 INVALID FIELD IN CDB. */
    public static final SenseData INVALID_FIELD_IN_CDB = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    /** 05/26/00 INVALID FIELD IN PARAMETER LIST. */
    public static final SenseData INVALID_FIELD_IN_PARAMETER_LIST = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x26, 0);
    /** 05/1A/00 PARAMETER LIST LENGTH ERROR. */
    public static final SenseData PARAMETER_LIST_LENGTH_ERROR = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
    /** 0B/4B/00 DATA PHASE ERROR: the data buffer does not fit the command (an HBA's over- or underrun). */
    public static final SenseData DATA_PHASE_ERROR = new SenseData(SenseKey.ABORTED_COMMAND, 0x4B, 0x00);

    private ScsiReplies() {
    }

    /** CHECK CONDITION with this sense, descriptor format if the LU's D_SENSE is set, else fixed (SPC-4 4.5.1). */
    public static ScsiResult checkCondition(SimLogicalUnit lu, SenseData sense) {
        return ScsiResult.checkCondition(lu.descriptorSense() ? sense.toDescriptor() : sense.toFixed());
    }

    /**
     * GOOD with {@code response} in the command's data-in buffer, truncated to the allocation length and to the
     * buffer (SPC-4 4.2.5.6: a short allocation length is not an error); the residual counts bytes not written.
     */
    public static ScsiResult dataIn(ScsiCommand command, byte[] response, long allocationLength) {
        int room = command.direction() == DataDirection.FROM_DEVICE ? command.dataLength() : 0;
        int n = (int) Math.min(Math.min(response.length, allocationLength), room);
        if (n > 0) {
            ByteBuffer buf = command.data();
            buf.put(buf.position(), response, 0, n);
        }
        return ScsiResult.good(room - n);
    }

    /** The first {@code length} bytes of the command's data-out buffer, or null when it holds fewer. */
    public static byte[] parameterList(ScsiCommand command, int length) {
        if (length == 0) {
            return new byte[0];
        }
        if (command.direction() != DataDirection.TO_DEVICE || command.dataLength() < length) {
            return null;
        }
        byte[] out = new byte[length];
        ByteBuffer buf = command.data();
        buf.get(buf.position(), out, 0, length);
        return out;
    }
}
