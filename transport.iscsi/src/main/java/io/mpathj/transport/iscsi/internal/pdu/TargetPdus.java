package io.mpathj.transport.iscsi.internal.pdu;

/** Readers for target PDU fields whose meaning is specific to one opcode (RFC 7143 §11). */
public final class TargetPdus {
    /** SCSI Response / Data-In flags (§11.4.1, §11.7.1): overflow O and underflow U; Data-In S (status). */
    public static final int OVERFLOW_BIT = 0x04;
    public static final int UNDERFLOW_BIT = 0x02;
    public static final int STATUS_BIT = 0x01;
    /** Login Response status classes (§11.13.5). */
    public static final int LOGIN_SUCCESS = 0;
    public static final int LOGIN_REDIRECTION = 1;

    private TargetPdus() {
    }

    /** The residual a response reports: the Residual Count when U is set, 0 otherwise (overflow means nothing lost). */
    public static int underflowResidual(Pdu pdu) {
        return (pdu.flags() & UNDERFLOW_BIT) != 0 ? pdu.u32(Field.RESIDUAL_COUNT) : 0;
    }

    /** Whether a target PDU carries a StatSN that acknowledges status (§4.2.2.2): the rest only echo the next one. */
    public static boolean advancesStatSn(Pdu pdu) {
        switch (pdu.opcode()) {
            case Opcode.DATA_IN:
                return (pdu.flags() & STATUS_BIT) != 0;
            case Opcode.NOP_IN:
                return pdu.itt() != Pdu.RESERVED_TAG;
            case Opcode.R2T:
                return false;
            default:
                return true;
        }
    }

    /** Whether a PDU carries ExpCmdSN/MaxCmdSN: every target PDU does, at bytes 28 and 32 (§11). */
    public static boolean carriesCommandWindow(Pdu pdu) {
        return pdu.opcode() >= Opcode.NOP_IN;
    }

    public static int loginStatusClass(Pdu pdu) {
        return pdu.u8(36);
    }

    public static int loginStatusDetail(Pdu pdu) {
        return pdu.u8(37);
    }

    /** TSIH the target assigned (§11.13.4). */
    public static int tsih(Pdu pdu) {
        return pdu.u16(14);
    }

    /** Login Response current and next stage (§11.13.3). */
    public static int currentStage(Pdu pdu) {
        return (pdu.flags() >> 2) & 3;
    }

    public static int nextStage(Pdu pdu) {
        return pdu.flags() & 3;
    }

    public static boolean transit(Pdu pdu) {
        return (pdu.flags() & InitiatorPdus.TRANSIT_BIT) != 0;
    }

    public static boolean continues(Pdu pdu) {
        return (pdu.flags() & InitiatorPdus.CONTINUE_BIT) != 0;
    }
}
