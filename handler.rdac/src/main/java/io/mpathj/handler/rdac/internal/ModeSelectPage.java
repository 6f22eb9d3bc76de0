package io.mpathj.handler.rdac.internal;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * The failover command: a MODE SELECT of the redundant controller page 2Ch that asks the receiving controller to take
 * over the LUs whose entries in its LUN table are 81h (rdac_failover_get). PF is not set.
 *
 * <p>Legacy (firmware with fewer than 32 LUNs): MODE SELECT(6), 110 bytes: a 4-byte mode parameter header, page
 * {@code 2C 68}, the common part, a 32-entry LUN table, 34 reserved bytes. Expanded: MODE SELECT(10), 308 bytes: an
 * 8-byte header, page {@code 6C 01 01 28} (the SPF bit, subpage 01h, page length 128h), the common part, a 256-entry
 * LUN table, 2 reserved bytes. The common part is 38 bytes: two 16-byte controller serial numbers (zero), the RDAC
 * mode (byte 1: 02h, transfer the specified LUNs), the alternate's mode (zero), the quiescence timeout (20 s) and the
 * options (02h, forced quiescence).
 */
final class ModeSelectPage {
    static final int PAGE = 0x2C;
    static final int LEGACY_LENGTH = 110;
    static final int EXPANDED_LENGTH = 308;
    static final int LEGACY_LUNS = RdacPages.LEGACY_MAX_LUNS;
    static final int EXPANDED_LUNS = 256;
    /** RDAC_TIMEOUT: 60 s. */
    static final int TIMEOUT_MILLIS = 60_000;

    private static final int SUBPAGE_FORMAT = 0x40;
    private static final int LEGACY_COMMON = 6;
    private static final int EXPANDED_COMMON = 12;
    private static final int COMMON_LENGTH = 38;
    private static final int TRANSFER_SPECIFIED_LUNS = 0x02;
    private static final int QUIESCENCE_SECONDS = 20;
    private static final int FORCED_QUIESCENCE = 0x02;
    private static final int TAKE_OVER = 0x81;

    private ModeSelectPage() {
    }

    /** How many LUs the format's table has room for. */
    static int lunCapacity(boolean expanded) {
        return expanded ? EXPANDED_LUNS : LEGACY_LUNS;
    }

    /** The parameter list asking for {@code luns} (each below {@link #lunCapacity}). */
    static byte[] parameterList(boolean expanded, Collection<Integer> luns) {
        byte[] list = new byte[expanded ? EXPANDED_LENGTH : LEGACY_LENGTH];
        int common;
        if (expanded) {
            list[8] = (byte) (PAGE | SUBPAGE_FORMAT);
            list[9] = 0x01;
            Cdbs.putU16(list, 10, EXPANDED_LENGTH - 12);
            common = EXPANDED_COMMON;
        } else {
            list[4] = PAGE;
            list[5] = (byte) (LEGACY_LENGTH - 6);
            common = LEGACY_COMMON;
        }
        list[common + 33] = TRANSFER_SPECIFIED_LUNS;
        list[common + 36] = QUIESCENCE_SECONDS;
        list[common + 37] = FORCED_QUIESCENCE;
        int table = common + COMMON_LENGTH;
        for (int lun : luns) {
            if (lun < 0 || lun >= lunCapacity(expanded)) {
                throw new IllegalArgumentException("LUN " + lun + " does not fit the "
                        + (expanded ? "expanded" : "legacy") + " page");
            }
            list[table + lun] = (byte) TAKE_OVER;
        }
        return list;
    }

    /** The command: MODE SELECT(10) for the expanded list, MODE SELECT(6) for the legacy one, 60 s timeout. */
    static ScsiCommand command(boolean expanded, Collection<Integer> luns) {
        byte[] list = parameterList(expanded, luns);
        byte[] cdb = expanded ? Cdbs.modeSelect10(false, list.length) : Cdbs.modeSelect6(false, list.length);
        return ScsiCommand.dataOut(cdb, ByteBuffer.wrap(list)).withTimeoutMillis(TIMEOUT_MILLIS);
    }
}
