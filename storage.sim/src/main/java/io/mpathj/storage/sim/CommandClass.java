package io.mpathj.storage.sim;

import io.mpathj.api.scsi.ScsiOpcode;

/** Which commands an injected fault applies to. */
public enum CommandClass {
    /** Every command. */
    ALL,
    /** READ and WRITE (10/16) only: the I/O of a map, not the probes of handlers and checkers. */
    MEDIA_ACCESS;

    /** Whether a command with this operation code belongs to the class. */
    public boolean includes(int opcode) {
        return this == ALL || opcode == ScsiOpcode.READ_10 || opcode == ScsiOpcode.WRITE_10
                || opcode == ScsiOpcode.READ_16 || opcode == ScsiOpcode.WRITE_16;
    }
}
