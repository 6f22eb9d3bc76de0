package io.mpathj.transport.iscsi.internal.login;

/**
 * What login settled for a session and its connection (RFC 7143 §13). Lengths in bytes.
 *
 * @param headerDigest HeaderDigest=CRC32C (§13.1)
 * @param dataDigest DataDigest=CRC32C (§13.1)
 * @param maxSendDataSegmentLength the target's declared MaxRecvDataSegmentLength: the most we put in one PDU (§13.12)
 * @param maxBurstLength MaxBurstLength (§13.13)
 * @param firstBurstLength FirstBurstLength (§13.14): the unsolicited data limit
 * @param initialR2T InitialR2T (§13.10): no unsolicited Data-Out PDUs when true
 * @param immediateData ImmediateData (§13.11): data may ride in the SCSI Command PDU
 */
public record SessionParameters(boolean headerDigest, boolean dataDigest, int maxSendDataSegmentLength,
        int maxBurstLength, int firstBurstLength, boolean initialR2T, boolean immediateData) {

    /** The defaults of §13 before anything is negotiated. */
    public static final SessionParameters DEFAULTS = new SessionParameters(false, false, 8192, 262144, 65536, true,
            true);

    /** Unsolicited bytes a write of {@code length} bytes sends in the command PDU (§13.11). */
    public int immediateBytes(int length) {
        return immediateData ? Math.min(length, Math.min(firstBurstLength, maxSendDataSegmentLength)) : 0;
    }

    /** All unsolicited bytes (immediate plus unsolicited Data-Out) a write of {@code length} bytes sends (§13.14). */
    public int unsolicitedBytes(int length) {
        return initialR2T ? immediateBytes(length) : Math.min(length, firstBurstLength);
    }
}
