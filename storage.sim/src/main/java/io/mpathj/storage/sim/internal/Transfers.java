package io.mpathj.storage.sim.internal;

import io.mpathj.api.scsi.DataDirection;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;

/** The data phase of non-media commands: parameter data in, parameter lists out. */
final class Transfers {
    private Transfers() {
    }

    /**
     * Returns {@code response} truncated to the allocation length and to the buffer (SPC-4 4.2.5.6: a short
     * allocation length is not an error). The residual counts buffer bytes not written.
     */
    static ScsiResult dataIn(ScsiCommand command, byte[] response, long allocationLength) {
        int room = command.direction() == DataDirection.FROM_DEVICE ? command.dataLength() : 0;
        int n = (int) Math.min(Math.min(response.length, allocationLength), room);
        if (n > 0) {
            ByteBuffer buf = command.data();
            buf.put(buf.position(), response, 0, n);
        }
        return ScsiResult.good(room - n);
    }

    /** The first {@code length} bytes of a data-out buffer, or null when the buffer holds fewer. */
    static byte[] parameterList(ScsiCommand command, int length) {
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
