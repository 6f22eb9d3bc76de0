package io.mpathj.transport.iscsi.internal.pdu;

/** Byte offsets of BHS fields shared by several PDU types (RFC 7143 §11). */
public final class Field {
    /** Initiator PDUs: CmdSN (§11.3.5); target PDUs: StatSN (§11.4.4). */
    public static final int CMD_SN = 24;
    public static final int STAT_SN = 24;
    /** Initiator PDUs: ExpStatSN; target PDUs: ExpCmdSN (§11.4.4). */
    public static final int EXP_STAT_SN = 28;
    public static final int EXP_CMD_SN = 28;
    /** Target PDUs: MaxCmdSN (§11.4.4). */
    public static final int MAX_CMD_SN = 32;
    /** Target Transfer Tag (§11.7.4, §11.8). */
    public static final int TTT = 20;
    /** SCSI Command: Expected Data Transfer Length (§11.3.4). */
    public static final int EXPECTED_DATA_TRANSFER_LENGTH = 20;
    /** SCSI Command: CDB, 16 bytes (§11.3.6). */
    public static final int CDB = 32;
    public static final int CDB_LENGTH = 16;
    /** Data-In/Data-Out DataSN, R2T R2TSN (§11.7.5, §11.8.3). */
    public static final int DATA_SN = 36;
    /** Data-In/Data-Out/R2T Buffer Offset (§11.7.6, §11.8.4). */
    public static final int BUFFER_OFFSET = 40;
    /** SCSI Response / Data-In Residual Count (§11.4.5); R2T Desired Data Transfer Length (§11.8.5). */
    public static final int RESIDUAL_COUNT = 44;
    public static final int DESIRED_DATA_TRANSFER_LENGTH = 44;
    /** SCSI Response: Response (§11.4.2) and Status (§11.4.3); Data-In Status (§11.7.4). */
    public static final int RESPONSE = 2;
    public static final int STATUS = 3;

    private Field() {
    }
}
