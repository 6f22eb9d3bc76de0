package io.mpathj.handler.rdac.internal;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The RDAC vendor VPD pages the handler reads (INQUIRY EVPD=1, allocation length = the size of the kernel's structure
 * for the page) and the fields it takes from them. Each page starts with the usual 4-byte VPD header and a 4-byte
 * ASCII page identifier.
 *
 * <ul>
 * <li>C8h {@code edid} (extended device identification), 175 bytes: byte 89 array unique id length, 90..105 the
 * array unique id, 107..166 the array user label in UTF-16BE (30 characters), 167..174 the LUN (only byte 174
 * counts).</li>
 * <li>C4h {@code subs} (subsystem identification), 32 bytes: byte 29, the second byte of the slot id, is ASCII '1'
 * for controller A (index 0); anything else is controller B (index 1).</li>
 * <li>C9h {@code vace} (volume access control), 48 bytes: byte 8 bit 7 AVT enabled, bit 5 I/O shipping, bit 4 target
 * port group data valid, bit 0 this controller owns the volume (current volume path); byte 9 the preferred path
 * priority (bit 0 set: this controller is the preferred one); bytes 10..13 this and the alternate controller's
 * target port group state and its vendor reason.</li>
 * <li>C2h {@code swr4} (software version), 255 bytes: byte 15 the highest LUN the firmware supports; 32 or more means
 * the expanded MODE SELECT format.</li>
 * </ul>
 */
final class RdacPages {
    static final int SOFTWARE_VERSION = 0xC2;
    static final int SUBSYSTEM = 0xC4;
    static final int EXTENDED_ID = 0xC8;
    static final int VOLUME_ACCESS = 0xC9;
    static final int SOFTWARE_VERSION_LENGTH = 255;
    static final int SUBSYSTEM_LENGTH = 32;
    static final int EXTENDED_ID_LENGTH = 175;
    static final int VOLUME_ACCESS_LENGTH = 48;
    /** The timeout of the handler's INQUIRYs (scsi_vpd_inquiry's 30 s). */
    static final int INQUIRY_TIMEOUT_MILLIS = 30_000;
    /** The firmware supports at least this many LUNs: the expanded MODE SELECT (MODE6_MAX_LUN). */
    static final int LEGACY_MAX_LUNS = 32;
    /** Unique ids longer than this are cut (UNIQUE_ID_LEN). */
    static final int UNIQUE_ID_LENGTH = 16;
    /** Characters of the array's user label kept (ARRAY_LABEL_LEN less its NUL). */
    static final int ARRAY_LABEL_CHARS = 30;

    private static final int C8_ARRAY_ID_LENGTH = 89;
    private static final int C8_ARRAY_ID = 90;
    private static final int C8_ARRAY_LABEL = 107;
    private static final int C8_LUN_LAST_BYTE = 174;
    private static final int C4_SLOT_ID_SECOND = 29;
    private static final int C2_MAX_LUN = 15;

    private RdacPages() {
    }

    /** INQUIRY EVPD=1 for {@code page}, allocation length {@code length}, into a fresh zeroed buffer. */
    static ScsiCommand inquiry(int page, int length) {
        return ScsiCommand.dataIn(Cdbs.inquiryVpd(page, length), ByteBuffer.allocate(length))
                .withTimeoutMillis(INQUIRY_TIMEOUT_MILLIS);
    }

    /** The bytes the device returned for an INQUIRY that ended GOOD (the buffer less the residual). */
    static byte[] received(ScsiCommand inquiry, ScsiResult r) {
        ByteBuffer data = inquiry.data().duplicate();
        data.clear();
        byte[] b = new byte[Math.max(0, data.capacity() - r.residual())];
        data.get(b);
        return b;
    }

    /** Byte {@code i} of a page, 0 past its end (the kernel reads a zeroed buffer). */
    static int at(byte[] page, int i) {
        return i < page.length ? page[i] & 0xFF : 0;
    }

    /** Whether the page is {@code code} with the 4-character identifier {@code id} in bytes 4..7. */
    static boolean hasId(byte[] page, String id) {
        byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < ascii.length; i++) {
            if (at(page, 4 + i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * What C8h says: the LU number (the last byte of the LUN field), the array's unique id and its user label.
     *
     * @param arrayId the unique id, at most 16 bytes, as hex
     */
    record LunIdentity(int lun, String arrayId, String arrayName) {
        static LunIdentity parse(byte[] page) {
            int idLength = Math.min(at(page, C8_ARRAY_ID_LENGTH), UNIQUE_ID_LENGTH);
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < idLength; i++) {
                id.append(String.format("%02x", at(page, C8_ARRAY_ID + i)));
            }
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < ARRAY_LABEL_CHARS; i++) {
                int c = at(page, C8_ARRAY_LABEL + 2 * i + 1); // the low byte of each UTF-16BE character
                if (c == 0) {
                    break;
                }
                name.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
            return new LunIdentity(at(page, C8_LUN_LAST_BYTE), id.toString(), name.toString());
        }
    }

    /** C4h: the index of the controller this path reaches, 0 (A) when the slot id's second byte is '1', else 1 (B). */
    static int controllerIndex(byte[] page) {
        return at(page, C4_SLOT_ID_SECOND) == '1' ? 0 : 1;
    }

    /** C2h: whether the firmware takes the expanded MODE SELECT (it supports 32 LUNs or more). */
    static boolean expandedModeSelect(byte[] page) {
        return at(page, C2_MAX_LUN) >= LEGACY_MAX_LUNS;
    }

    /** The three operating modes of check_ownership. */
    enum Mode {
        /** Plain RDAC: only the owning controller serves the LU; the other one answers 05/94/01. */
        RDAC,
        /** Auto volume transfer: I/O to the non-owner moves the LU by itself. */
        AVT,
        /** I/O shipping: the non-owner forwards I/O to the owner. */
        IOSHIP
    }

    /** C9h as check_ownership reads it, plus the target port group bytes the checker uses. */
    record VolumeAccess(int avtCvp, int pathPriority, int groupState, int groupReason, int alternateState) {
        static final int AVT = 0x80;
        static final int IOSHIP = 0x20;
        static final int TPG_DATA_VALID = 0x10;
        static final int OWNED = 0x01;

        static VolumeAccess parse(byte[] page) {
            return new VolumeAccess(at(page, 8), at(page, 9), at(page, 10) & 0x0F, at(page, 11), at(page, 12) & 0x0F);
        }

        /** IOSHIP wins over AVT, as in the kernel. */
        Mode mode() {
            if ((avtCvp & IOSHIP) != 0) {
                return Mode.IOSHIP;
            }
            return (avtCvp & AVT) != 0 ? Mode.AVT : Mode.RDAC;
        }

        /** This path's controller owns the LU. */
        boolean owned() {
            return (avtCvp & OWNED) != 0;
        }

        /** This path's controller is the LU's preferred one (the kernel reads bit 0 of the priority byte). */
        boolean preferred() {
            return (pathPriority & 0x01) != 0;
        }

        /**
         * Whether pg_init must send the MODE SELECT (rdac_activate): in RDAC mode when this controller does not own
         * the LU; in IOSHIP mode when it does not own it but is the preferred one; never in AVT mode.
         */
        boolean needsModeSelect() {
            return switch (mode()) {
                case RDAC -> !owned();
                case IOSHIP -> !owned() && preferred();
                case AVT -> false;
            };
        }

        /** The kernel's attach words: {@code (RDAC) (unowned)}. */
        String describe() {
            return "(" + mode() + ") (" + (owned() ? "owned" : "unowned") + ")";
        }
    }
}
