package io.mpathj.handler.emc.internal;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import java.nio.ByteBuffer;

/**
 * The two commands the handler sends: INQUIRY of the vendor VPD page C0h (SP information) and the trespass, a MODE
 * SELECT of vendor page 22h with PF set (reference §4.3). Every call builds a fresh parameter list: the kernel's
 * page templates are static arrays whose "ignore reservations" bit, once set for one device, stuck for all.
 */
final class ClariionCommands {
    static final int SP_INFO_PAGE = 0xC0;
    /** scsi_dh_emc's buffer and INQUIRY allocation length. */
    static final int SP_INFO_LENGTH = 0xFC;
    static final int TRESPASS_PAGE = 0x22;
    /** CLARIION_TIMEOUT. */
    static final int TIMEOUT_MILLIS = 60_000;
    /** Length of the long list: mode parameter header(10) plus the 11-byte page. */
    static final int LONG_TRESPASS_LENGTH = 19;
    /** Length of the short list: mode parameter header(6) plus the 4-byte page. */
    static final int SHORT_TRESPASS_LENGTH = 8;

    private static final int TRESPASS_CODE = 0x01;
    private static final int IGNORE_RESERVATIONS = 0x80;
    private static final int ALL_SPS = 0xFF;

    private ClariionCommands() {
    }

    /** INQUIRY EVPD=1 page C0h, allocation length FCh, into a fresh zeroed buffer. */
    static ScsiCommand spInfoInquiry() {
        return ScsiCommand.dataIn(Cdbs.inquiryVpd(SP_INFO_PAGE, SP_INFO_LENGTH), ByteBuffer.allocate(SP_INFO_LENGTH))
                .withTimeoutMillis(TIMEOUT_MILLIS);
    }

    /**
     * The trespass. Long form: MODE SELECT(10), 8-byte header, page {@code 22 09 01 FF FF 00×6}. Short form:
     * MODE SELECT(6), 4-byte header, page {@code 22 02 01 FF}. The trespass code byte gets 80h when reservations are
     * not to be honored.
     */
    static ScsiCommand trespass(EmcSettings settings) {
        int header = settings.shortTrespass() ? 4 : 8;
        byte[] list = new byte[settings.shortTrespass() ? SHORT_TRESPASS_LENGTH : LONG_TRESPASS_LENGTH];
        list[header] = TRESPASS_PAGE;
        list[header + 1] = (byte) (list.length - header - 2); // page length
        list[header + 2] = (byte) (TRESPASS_CODE | (settings.honorReservations() ? 0 : IGNORE_RESERVATIONS));
        list[header + 3] = (byte) ALL_SPS; // trespass target
        if (!settings.shortTrespass()) {
            list[header + 4] = (byte) ALL_SPS;
        }
        byte[] cdb = settings.shortTrespass() ? Cdbs.modeSelect6(true, list.length)
                : Cdbs.modeSelect10(true, list.length);
        return ScsiCommand.dataOut(cdb, ByteBuffer.wrap(list)).withTimeoutMillis(TIMEOUT_MILLIS);
    }
}
