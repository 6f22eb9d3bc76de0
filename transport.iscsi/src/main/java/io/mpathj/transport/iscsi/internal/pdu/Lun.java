package io.mpathj.transport.iscsi.internal.pdu;

/**
 * The 8-byte LUN field of a PDU (RFC 7143 §11.2.1.6 defers to SAM): single-level addressing, peripheral device
 * method for LUNs below 256 and flat space method up to 16383 (SAM-5 §4.7.7).
 */
public final class Lun {
    public static final int MAX = 0x3FFF;

    private Lun() {
    }

    public static long encode(int lun) {
        if (lun < 0 || lun > MAX) {
            throw new IllegalArgumentException("LUN out of range 0.." + MAX + ": " + lun);
        }
        long firstLevel = lun < 256 ? lun : 0x4000 | lun;
        return firstLevel << 48;
    }
}
