package io.mpathj.api.scsi;

/** The sixteen sense keys (SPC-4, table 48), by code. */
public enum SenseKey {
    NO_SENSE, RECOVERED_ERROR, NOT_READY, MEDIUM_ERROR, HARDWARE_ERROR, ILLEGAL_REQUEST, UNIT_ATTENTION,
    DATA_PROTECT, BLANK_CHECK, VENDOR_SPECIFIC, COPY_ABORTED, ABORTED_COMMAND, OBSOLETE_0C, VOLUME_OVERFLOW,
    MISCOMPARE, RESERVED_0F;

    private static final SenseKey[] BY_CODE = values();

    /** The key's 4-bit code. */
    public int code() {
        return ordinal();
    }

    /** The key for a code; only the low 4 bits count, as in the sense data byte that carries it. */
    public static SenseKey of(int code) {
        return BY_CODE[code & 0x0F];
    }
}
