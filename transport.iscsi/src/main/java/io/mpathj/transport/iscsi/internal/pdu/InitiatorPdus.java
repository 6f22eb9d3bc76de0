package io.mpathj.transport.iscsi.internal.pdu;

import java.nio.ByteBuffer;

/**
 * Builders for the PDUs an initiator sends, one per RFC 7143 §11 section. Sequence numbers are passed in: the session
 * owns them. Each returns a fresh PDU the caller may still adjust before it is sent.
 */
public final class InitiatorPdus {
    /** SCSI Command flags (§11.3.1): R, W and ATTR = Simple (§11.3.1.2). */
    public static final int READ_BIT = 0x40;
    public static final int WRITE_BIT = 0x20;
    public static final int ATTR_SIMPLE = 0x01;
    /** Login Request byte 1 (§11.12.1-3): T (transit), C (continue), CSG bits 3-2, NSG bits 1-0. */
    public static final int TRANSIT_BIT = 0x80;
    public static final int CONTINUE_BIT = 0x40;
    /** Logout reason "close the session" (§11.14.1). */
    public static final int LOGOUT_CLOSE_SESSION = 0;
    /** Task management functions (§11.5.1). */
    public static final int TMF_ABORT_TASK = 1;
    public static final int TMF_LOGICAL_UNIT_RESET = 5;

    private InitiatorPdus() {
    }

    /** SCSI Command (§11.3): opcode 0x01, CDB at 32..47 padded with zeroes. */
    public static Pdu scsiCommand(long lunField, int itt, int flags, int expectedLength, int cmdSn, int expStatSn,
            byte[] cdb) {
        if (cdb.length > Field.CDB_LENGTH) {
            throw new IllegalArgumentException("CDBs over 16 bytes need an extended-CDB AHS: " + cdb.length);
        }
        Pdu pdu = Pdu.request(Opcode.SCSI_COMMAND, false).flags(flags).lunField(lunField).itt(itt);
        pdu.u32(Field.EXPECTED_DATA_TRANSFER_LENGTH, expectedLength).u32(Field.CMD_SN, cmdSn)
                .u32(Field.EXP_STAT_SN, expStatSn);
        System.arraycopy(cdb, 0, pdu.bhs(), Field.CDB, cdb.length);
        return pdu;
    }

    /** SCSI Data-Out (§11.7): opcode 0x05, F on the last PDU of a sequence, DataSN and Buffer Offset. */
    public static Pdu dataOut(long lunField, int itt, int ttt, boolean last, int expStatSn, int dataSn, int offset,
            ByteBuffer data) {
        return Pdu.request(Opcode.DATA_OUT, false).flags(last ? Pdu.FINAL_BIT : 0).lunField(lunField).itt(itt)
                .u32(Field.TTT, ttt).u32(Field.EXP_STAT_SN, expStatSn).u32(Field.DATA_SN, dataSn)
                .u32(Field.BUFFER_OFFSET, offset).data(data);
    }

    /**
     * NOP-Out (§11.18), always immediate here. A ping has a fresh ITT and TTT 0xffffffff; an answer to a target's
     * NOP-In has ITT 0xffffffff and echoes its TTT and LUN (§11.18.2, §11.18.3).
     */
    public static Pdu nopOut(long lunField, int itt, int ttt, int cmdSn, int expStatSn) {
        return Pdu.request(Opcode.NOP_OUT, true).flags(Pdu.FINAL_BIT).lunField(lunField).itt(itt).u32(Field.TTT, ttt)
                .u32(Field.CMD_SN, cmdSn).u32(Field.EXP_STAT_SN, expStatSn);
    }

    /**
     * Task Management Function Request (§11.5), immediate: function in byte 1, Referenced Task Tag at 20 (0xffffffff
     * unless ABORT TASK, §11.5.2), RefCmdSN at 32 (§11.5.3).
     */
    public static Pdu taskManagement(int function, long lunField, int itt, int referencedTag, int cmdSn, int expStatSn,
            int refCmdSn) {
        return Pdu.request(Opcode.TASK_MANAGEMENT_REQUEST, true).flags(Pdu.FINAL_BIT | function).lunField(lunField)
                .itt(itt).u32(20, referencedTag).u32(Field.CMD_SN, cmdSn).u32(Field.EXP_STAT_SN, expStatSn)
                .u32(32, refCmdSn);
    }

    /**
     * Login Request (§11.12): always immediate (byte 0 = 0x43), version-max = version-min = 0 (§11.12.4), ISID at
     * 8..13 (§11.12.5), TSIH at 14 (§11.12.6), CID at 20 (§11.12.7).
     */
    public static Pdu login(int stageFlags, byte[] isid, int tsih, int itt, int cid, int cmdSn, int expStatSn,
            ByteBuffer keys) {
        Pdu pdu = Pdu.request(Opcode.LOGIN_REQUEST, true).flags(stageFlags).itt(itt).u16(14, tsih).u16(20, cid)
                .u32(Field.CMD_SN, cmdSn).u32(Field.EXP_STAT_SN, expStatSn).data(keys);
        System.arraycopy(isid, 0, pdu.bhs(), 8, 6);
        return pdu;
    }

    /** Login stage flags for byte 1: T, CSG and NSG (§11.12.1-3). */
    public static int loginStage(boolean transit, int currentStage, int nextStage) {
        return (transit ? TRANSIT_BIT : 0) | (currentStage << 2) | (transit ? nextStage : 0);
    }

    /** Text Request (§11.10): F, TTT 0xffffffff for a new exchange or the target's TTT to continue (§11.10.4). */
    public static Pdu text(int itt, int ttt, int cmdSn, int expStatSn, ByteBuffer keys) {
        return Pdu.request(Opcode.TEXT_REQUEST, false).flags(Pdu.FINAL_BIT).itt(itt).u32(Field.TTT, ttt)
                .u32(Field.CMD_SN, cmdSn).u32(Field.EXP_STAT_SN, expStatSn).data(keys);
    }

    /** Logout Request (§11.14), immediate, reason in byte 1. */
    public static Pdu logout(int reason, int itt, int cid, int cmdSn, int expStatSn) {
        return Pdu.request(Opcode.LOGOUT_REQUEST, true).flags(Pdu.FINAL_BIT | reason).itt(itt).u16(20, cid)
                .u32(Field.CMD_SN, cmdSn).u32(Field.EXP_STAT_SN, expStatSn);
    }
}
