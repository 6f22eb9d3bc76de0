package io.mpathj.storage.sim.personality;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;

/**
 * The unit attention conditions a personality can raise (SAM-5 5.14). Each path keeps them until it reports them,
 * one per command in this order of precedence; INQUIRY and REPORT LUNS pass them by, REQUEST SENSE returns them.
 */
public enum UnitAttention {
    /** 06/29/00 POWER ON, RESET, OR BUS DEVICE RESET OCCURRED. */
    POWER_ON(new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00)),
    /** 06/2A/06 ASYMMETRIC ACCESS STATE CHANGED: ALUA states or LU ownership moved. */
    ASYMMETRIC_ACCESS_STATE_CHANGED(new SenseData(SenseKey.UNIT_ATTENTION, 0x2A, 0x06)),
    /** 06/2A/01 MODE PARAMETERS CHANGED: another nexus changed a mode page. */
    MODE_PARAMETERS_CHANGED(new SenseData(SenseKey.UNIT_ATTENTION, 0x2A, 0x01));

    private final SenseData sense;

    UnitAttention(SenseData sense) {
        this.sense = sense;
    }

    /** The sense a command gets while this condition is pending. */
    public SenseData sense() {
        return sense;
    }
}
