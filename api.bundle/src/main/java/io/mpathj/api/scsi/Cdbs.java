package io.mpathj.api.scsi;

/**
 * Builders for the command descriptor blocks mpathj sends, and readers for the fields a device needs back.
 * Byte layouts follow SPC-4 and SBC-3; each builder names its table.
 */
public final class Cdbs {
    /** The parameter data format bit pattern (001b in bits 7..5 of byte 1) that asks RTPG for the extended header. */
    public static final int RTPG_EXTENDED_HEADER = 0x20;
    /** The PF (page format) bit of MODE SELECT byte 1. */
    public static final int MODE_SELECT_PF = 0x10;

    private Cdbs() {
    }

    /** TEST UNIT READY (SPC-4 6.47). */
    public static byte[] testUnitReady() {
        return new byte[6];
    }

    /** REQUEST SENSE (SPC-4 6.39), descriptor format when {@code descriptor}. */
    public static byte[] requestSense(boolean descriptor, int allocationLength) {
        byte[] cdb = cdb6(ScsiOpcode.REQUEST_SENSE);
        cdb[1] = (byte) (descriptor ? 1 : 0);
        cdb[4] = (byte) checkRange(allocationLength, 0xFF, "allocation length");
        return cdb;
    }

    /** Standard INQUIRY (SPC-4 6.6, table 142). */
    public static byte[] inquiry(int allocationLength) {
        byte[] cdb = cdb6(ScsiOpcode.INQUIRY);
        putU16(cdb, 3, checkRange(allocationLength, 0xFFFF, "allocation length"));
        return cdb;
    }

    /** INQUIRY with EVPD=1 for one vital product data page (SPC-4 6.6). */
    public static byte[] inquiryVpd(int page, int allocationLength) {
        byte[] cdb = inquiry(allocationLength);
        cdb[1] = 1;
        cdb[2] = (byte) checkRange(page, 0xFF, "VPD page");
        return cdb;
    }

    /** READ(10) (SBC-3 5.11). */
    public static byte[] read10(long lba, int blocks) {
        return rw10(ScsiOpcode.READ_10, lba, blocks);
    }

    /** WRITE(10) (SBC-3 5.32). */
    public static byte[] write10(long lba, int blocks) {
        return rw10(ScsiOpcode.WRITE_10, lba, blocks);
    }

    /** READ(16) (SBC-3 5.13). */
    public static byte[] read16(long lba, int blocks) {
        return rw16(ScsiOpcode.READ_16, lba, blocks);
    }

    /** WRITE(16) (SBC-3 5.34). */
    public static byte[] write16(long lba, int blocks) {
        return rw16(ScsiOpcode.WRITE_16, lba, blocks);
    }

    /** READ CAPACITY(16) (SBC-3 5.16). */
    public static byte[] readCapacity16(int allocationLength) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) ScsiOpcode.SERVICE_ACTION_IN_16;
        cdb[1] = ScsiOpcode.SA_READ_CAPACITY_16;
        putU32(cdb, 10, checkRange(allocationLength, Integer.MAX_VALUE, "allocation length"));
        return cdb;
    }

    /** REPORT LUNS (SPC-4 6.33), select report 0. */
    public static byte[] reportLuns(int allocationLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) ScsiOpcode.REPORT_LUNS;
        putU32(cdb, 6, checkRange(allocationLength, Integer.MAX_VALUE, "allocation length"));
        return cdb;
    }

    /** MODE SENSE(6) (SPC-4 6.11), current values, block descriptors allowed. */
    public static byte[] modeSense6(int page, int subpage, int allocationLength) {
        byte[] cdb = cdb6(ScsiOpcode.MODE_SENSE_6);
        cdb[2] = (byte) checkRange(page, 0x3F, "page code");
        cdb[3] = (byte) checkRange(subpage, 0xFF, "subpage code");
        cdb[4] = (byte) checkRange(allocationLength, 0xFF, "allocation length");
        return cdb;
    }

    /** MODE SENSE(10) (SPC-4 6.12), current values. */
    public static byte[] modeSense10(int page, int subpage, int allocationLength) {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) ScsiOpcode.MODE_SENSE_10;
        cdb[2] = (byte) checkRange(page, 0x3F, "page code");
        cdb[3] = (byte) checkRange(subpage, 0xFF, "subpage code");
        putU16(cdb, 7, checkRange(allocationLength, 0xFFFF, "allocation length"));
        return cdb;
    }

    /** MODE SELECT(6) (SPC-4 6.9): parameter list length in byte 4. */
    public static byte[] modeSelect6(boolean pageFormat, int parameterListLength) {
        byte[] cdb = cdb6(ScsiOpcode.MODE_SELECT_6);
        cdb[1] = (byte) (pageFormat ? MODE_SELECT_PF : 0);
        cdb[4] = (byte) checkRange(parameterListLength, 0xFF, "parameter list length");
        return cdb;
    }

    /** MODE SELECT(10) (SPC-4 6.10): parameter list length in bytes 7..8. */
    public static byte[] modeSelect10(boolean pageFormat, int parameterListLength) {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) ScsiOpcode.MODE_SELECT_10;
        cdb[1] = (byte) (pageFormat ? MODE_SELECT_PF : 0);
        putU16(cdb, 7, checkRange(parameterListLength, 0xFFFF, "parameter list length"));
        return cdb;
    }

    /** REPORT TARGET PORT GROUPS: MAINTENANCE IN, service action 0x0A (SPC-4 6.35, table 246). */
    public static byte[] reportTargetPortGroups(boolean extendedHeader, int allocationLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) ScsiOpcode.MAINTENANCE_IN;
        cdb[1] = (byte) (ScsiOpcode.SA_REPORT_TARGET_PORT_GROUPS | (extendedHeader ? RTPG_EXTENDED_HEADER : 0));
        putU32(cdb, 6, checkRange(allocationLength, Integer.MAX_VALUE, "allocation length"));
        return cdb;
    }

    /** SET TARGET PORT GROUPS: MAINTENANCE OUT, service action 0x0A (SPC-4 6.44, table 299). */
    public static byte[] setTargetPortGroups(int parameterListLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) ScsiOpcode.MAINTENANCE_OUT;
        cdb[1] = ScsiOpcode.SA_SET_TARGET_PORT_GROUPS;
        putU32(cdb, 6, checkRange(parameterListLength, Integer.MAX_VALUE, "parameter list length"));
        return cdb;
    }

    /** START STOP UNIT (SBC-3 5.25) with the START bit. */
    public static byte[] startStopUnit(boolean start) {
        byte[] cdb = cdb6(ScsiOpcode.START_STOP_UNIT);
        cdb[4] = (byte) (start ? 1 : 0);
        return cdb;
    }

    /** The logical block address of a READ/WRITE(10) or (16) CDB. */
    public static long lba(byte[] cdb) {
        switch (cdb[0] & 0xFF) {
            case ScsiOpcode.READ_10:
            case ScsiOpcode.WRITE_10:
                return getU32(cdb, 2);
            case ScsiOpcode.READ_16:
            case ScsiOpcode.WRITE_16:
                return getU64(cdb, 2);
            default:
                throw new IllegalArgumentException(String.format("opcode 0x%02x has no LBA", cdb[0] & 0xFF));
        }
    }

    /** The transfer length in blocks of a READ/WRITE(10) or (16) CDB. */
    public static int transferLength(byte[] cdb) {
        switch (cdb[0] & 0xFF) {
            case ScsiOpcode.READ_10:
            case ScsiOpcode.WRITE_10:
                return getU16(cdb, 7);
            case ScsiOpcode.READ_16:
            case ScsiOpcode.WRITE_16:
                return (int) Math.min(Integer.MAX_VALUE, getU32(cdb, 10));
            default:
                throw new IllegalArgumentException(
                        String.format("opcode 0x%02x has no transfer length", cdb[0] & 0xFF));
        }
    }

    /** Big-endian unsigned 16-bit field. */
    public static int getU16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Big-endian unsigned 32-bit field. */
    public static long getU32(byte[] b, int off) {
        return ((long) getU16(b, off) << 16) | getU16(b, off + 2);
    }

    /** Big-endian 64-bit field. */
    public static long getU64(byte[] b, int off) {
        return (getU32(b, off) << 32) | getU32(b, off + 4);
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void putU32(byte[] b, int off, long v) {
        putU16(b, off, (int) (v >>> 16));
        putU16(b, off + 2, (int) v);
    }

    public static void putU64(byte[] b, int off, long v) {
        putU32(b, off, v >>> 32);
        putU32(b, off + 4, v);
    }

    private static byte[] cdb6(int opcode) {
        byte[] cdb = new byte[6];
        cdb[0] = (byte) opcode;
        return cdb;
    }

    private static byte[] rw10(int opcode, long lba, int blocks) {
        if (lba < 0 || lba > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LBA " + lba + " does not fit a 10-byte CDB");
        }
        byte[] cdb = new byte[10];
        cdb[0] = (byte) opcode;
        putU32(cdb, 2, lba);
        putU16(cdb, 7, checkRange(blocks, 0xFFFF, "transfer length"));
        return cdb;
    }

    private static byte[] rw16(int opcode, long lba, int blocks) {
        byte[] cdb = new byte[16];
        fillRw16(cdb, opcode, lba, blocks);
        return cdb;
    }

    /**
     * Rewrites {@code cdb} (16 bytes) in place as a READ(16) or WRITE(16): what a caller that reuses one command per
     * in-flight I/O uses instead of {@link #read16}/{@link #write16}, which allocate.
     */
    public static void readWrite16(byte[] cdb, boolean write, long lba, int blocks) {
        if (cdb.length != 16) {
            throw new IllegalArgumentException("a 16-byte CDB is needed, not " + cdb.length);
        }
        fillRw16(cdb, write ? ScsiOpcode.WRITE_16 : ScsiOpcode.READ_16, lba, blocks);
        cdb[1] = 0; // the flags, group number and control bytes: the rest is all written by fillRw16
        cdb[14] = 0;
        cdb[15] = 0;
    }

    private static void fillRw16(byte[] cdb, int opcode, long lba, int blocks) {
        if (lba < 0) {
            throw new IllegalArgumentException("negative LBA " + lba);
        }
        if (blocks < 0) {
            throw new IllegalArgumentException("negative transfer length " + blocks);
        }
        cdb[0] = (byte) opcode;
        putU64(cdb, 2, lba);
        putU32(cdb, 10, blocks);
    }

    private static int checkRange(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0.." + max);
        }
        return value;
    }
}
