package io.mpathj.storage.sim;

/**
 * Asymmetric access states of a target port group (SPC-4 5.15.2.4, codes from the ASYMMETRIC ACCESS STATE field of
 * the REPORT TARGET PORT GROUPS descriptor, SPC-4 6.37). LBA-dependent (4h) is not simulated.
 */
public enum AccessState {
    ACTIVE_OPTIMIZED(0x0, 'A'),
    ACTIVE_NON_OPTIMIZED(0x1, 'N'),
    STANDBY(0x2, 'S'),
    UNAVAILABLE(0x3, 'U'),
    OFFLINE(0xE, 'O'),
    TRANSITIONING(0xF, 'T');

    private final int code;
    private final char letter;

    AccessState(int code, char letter) {
        this.code = code;
        this.letter = letter;
    }

    /** The 4-bit code in RTPG/STPG descriptors. */
    public int code() {
        return code;
    }

    /** The letter scsi_dh_alua logs for the state. */
    public char letter() {
        return letter;
    }

    /** Whether READ and WRITE are served in this state. */
    public boolean isActive() {
        return this == ACTIVE_OPTIMIZED || this == ACTIVE_NON_OPTIMIZED;
    }

    /** The state for a 4-bit code; IllegalArgumentException for codes this simulator does not model. */
    public static AccessState ofCode(int code) {
        for (AccessState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException(String.format("no simulated access state has code 0x%x", code));
    }
}
