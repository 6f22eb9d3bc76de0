package io.mpathj.handler.alua.internal;

/**
 * The fields of standard INQUIRY data (SPC-4 6.6.2, "Standard INQUIRY data format") this handler needs.
 *
 * @param peripheralQualifier byte 0 bits 7..5; 000b = a logical unit is connected
 * @param deviceType byte 0 bits 4..0; 00h = direct access block device
 * @param tpgs byte 5 bits 5..4 (TARGET PORT GROUP SUPPORT): 01b implicit, 10b explicit, 11b both, 00b none
 */
record StandardInquiry(int peripheralQualifier, int deviceType, int tpgs) {
    /** Bytes a standard INQUIRY must return for byte 5 to be present. */
    static final int MIN_LENGTH = 6;
    static final int TYPE_DISK = 0x00;
    static final int TPGS_IMPLICIT = 0x1;
    static final int TPGS_EXPLICIT = 0x2;

    /**
     * Decodes the first {@code length} bytes of {@code data}.
     *
     * @throws ScsiDataFormatException when fewer than six bytes arrived
     */
    static StandardInquiry parse(byte[] data, int length) throws ScsiDataFormatException {
        int n = Math.min(length, data.length);
        if (n < MIN_LENGTH) {
            throw new ScsiDataFormatException("standard INQUIRY data of " + Math.max(n, 0)
                    + " bytes has no TPGS field (byte 5)");
        }
        return new StandardInquiry((data[0] >> 5) & 0x07, data[0] & 0x1F, (data[5] >> 4) & 0x03);
    }

    boolean implicit() {
        return (tpgs & TPGS_IMPLICIT) != 0;
    }

    boolean explicit() {
        return (tpgs & TPGS_EXPLICIT) != 0;
    }
}
