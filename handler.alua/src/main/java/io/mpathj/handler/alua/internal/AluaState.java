package io.mpathj.handler.alua.internal;

/**
 * Asymmetric access states (SPC-4 5.15.2.4) with the ASYMMETRIC ACCESS STATE codes of the target port group
 * descriptor (SPC-4 r36 §6.37) and the letters scsi_dh_alua logs for them. {@link #UNKNOWN} stands for "not reported
 * yet" and for codes the standard reserves.
 */
enum AluaState {
    ACTIVE_OPTIMIZED(0x0, 'A', 0x01),
    ACTIVE_NON_OPTIMIZED(0x1, 'N', 0x02),
    STANDBY(0x2, 'S', 0x04),
    UNAVAILABLE(0x3, 'U', 0x08),
    LBA_DEPENDENT(0x4, 'L', 0x10),
    OFFLINE(0xE, 'O', 0x40),
    TRANSITIONING(0xF, 'T', 0x80),
    UNKNOWN(-1, '?', 0);

    private final int code;
    private final char letter;
    private final int supportBit;

    AluaState(int code, char letter, int supportBit) {
        this.code = code;
        this.letter = letter;
        this.supportBit = supportBit;
    }

    /** The 4-bit code, -1 for {@link #UNKNOWN}. */
    int code() {
        return code;
    }

    char letter() {
        return letter;
    }

    /**
     * The state's bit in the SUPPORTED STATES byte of a target port group descriptor (byte 1: T_SUP 80h, O_SUP 40h,
     * LBD_SUP 10h, U_SUP 08h, S_SUP 04h, AN_SUP 02h, AO_SUP 01h).
     */
    int supportBit() {
        return supportBit;
    }

    /** Whether READ and WRITE are served in this state (LBA-dependent counts: some LBAs are served). */
    boolean servesIo() {
        return this == ACTIVE_OPTIMIZED || this == ACTIVE_NON_OPTIMIZED || this == LBA_DEPENDENT;
    }

    /** The state of a 4-bit code; reserved codes give {@link #UNKNOWN}. */
    static AluaState ofCode(int code) {
        for (AluaState s : values()) {
            if (s.code == (code & 0x0F)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** scsi_dh_alua's "supports" string: one letter per state, upper case when the mask has its bit. */
    static String supportString(int mask) {
        StringBuilder sb = new StringBuilder(7);
        for (AluaState s : new AluaState[] {TRANSITIONING, OFFLINE, LBA_DEPENDENT, UNAVAILABLE, STANDBY,
            ACTIVE_NON_OPTIMIZED, ACTIVE_OPTIMIZED}) {
            char c = s.letter;
            sb.append((mask & s.supportBit) != 0 ? c : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
