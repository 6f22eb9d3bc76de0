package io.mpathj.handler.emc.internal;

import io.mpathj.api.handler.PgInitResult;

/**
 * What VPD page C0h says about the LU through one path (scsi_dh_emc {@code parse_sp_info_reply}): byte 4 LUN state
 * (0 unbound, 1 bound, 2 owned by this path's SP), byte 5 default SP, byte 7 port, byte 8 this path's SP (0 = A),
 * byte 28 low nibble failover mode, byte 48 non-zero while a non-disruptive upgrade (NDU) runs.
 */
record SpInfo(int lunState, int defaultSp, int currentSp, int port, int failoverMode, boolean ndu) {
    static final int LUN_OWNED = 2;
    private static final String[] LUN_STATES = {"not bound", "bound", "owned"};
    private static final int LINUX_FAILOVER = 4;
    private static final int ALUA_FAILOVER = 6;

    /** Reads the fields from the page as received (missing bytes read as 0, as in the kernel's zeroed buffer). */
    static SpInfo parse(byte[] page) {
        return new SpInfo(at(page, 4), at(page, 5), at(page, 8), at(page, 7), at(page, 28) & 0x0F,
                at(page, 48) != 0);
    }

    /** One byte of the page, or 0 past its end (a page shorter than byte 48 must not throw). */
    private static int at(byte[] page, int index) {
        return index < page.length ? page[index] & 0xFF : 0;
    }

    boolean owned() {
        return lunState == LUN_OWNED;
    }

    /** The verdict on the page: OK, DEV_TEMP_BUSY for an NDU, NOSYS for a page or failover mode it cannot drive. */
    PgInitResult check() {
        if (ndu) {
            return PgInitResult.DEV_TEMP_BUSY;
        }
        if (lunState > LUN_OWNED || (failoverMode != LINUX_FAILOVER && failoverMode != ALUA_FAILOVER)) {
            return PgInitResult.NOSYS;
        }
        return PgInitResult.OK;
    }

    /** The kernel's log words for {@link #check()}'s refusal. */
    String problem() {
        if (ndu) {
            return "Detected in-progress ucode upgrade NDU operation while finding current active SP.";
        }
        if (lunState > LUN_OWNED) {
            return "invalid VPD page 0xC0 format";
        }
        return "Invalid failover mode " + failoverMode;
    }

    /** {@code at SP B Port 0 (owned, default SP A)}. */
    String describe() {
        return String.format("SP %c Port %d (%s, default SP %c)", (char) ('A' + currentSp), port,
                lunState <= LUN_OWNED ? LUN_STATES[lunState] : "state " + lunState, (char) ('A' + defaultSp));
    }
}
