package io.mpathj.transport.iscsi.internal.pdu;

import static io.mpathj.transport.iscsi.internal.pdu.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.scsi.Cdbs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every initiator PDU mpathj sends, byte by byte against the layouts of RFC 7143 §11. */
class InitiatorPdusTest {
    private static final long LUN1 = Lun.encode(1);

    private static String bhs(Pdu pdu) {
        return hex(pdu.bhs(), 0, Pdu.BHS_LENGTH);
    }

    @Test
    void scsiCommandReadIsLaidOutAsSection11_3() {
        Pdu pdu = InitiatorPdus.scsiCommand(LUN1, 0x11223344,
                Pdu.FINAL_BIT | InitiatorPdus.READ_BIT | InitiatorPdus.ATTR_SIMPLE, 4096, 7, 9, Cdbs.read10(0x10, 8));
        // §11.3: byte 0 opcode 0x01, byte 1 F|R|ATTR=1 (simple, §11.3.1.2);
        // §11.2.1.6 LUN 1 = 00 01 00 00 00 00 00 00;
        // ITT at 16, Expected Data Transfer Length at 20 (§11.3.4), CmdSN 24, ExpStatSN 28, CDB at 32 (§11.3.6)
        assertEquals("01 c1 00 00 00 00 00 00 00 01 00 00 00 00 00 00 11 22 33 44 00 00 10 00 00 00 00 07 00 00 00 09"
                + " 28 00 00 00 00 10 00 00 08 00 00 00 00 00 00 00", bhs(pdu));
    }

    @Test
    void scsiCommandWriteWithImmediateDataSetsTheDataSegmentLength() {
        Pdu pdu = InitiatorPdus.scsiCommand(LUN1, 1, InitiatorPdus.WRITE_BIT | InitiatorPdus.ATTR_SIMPLE, 1024, 1, 1,
                Cdbs.write10(0, 2));
        pdu.data(ByteBuffer.allocate(512));
        // W = 0x20, F clear because unsolicited Data-Out follow (§11.3.1); DataSegmentLength 512 at 5..7 (§11.2.1.5)
        assertEquals("01 21 00 00 00 00 02 00", hex(pdu.bhs(), 0, 8));
    }

    @Test
    void cdbsLongerThanSixteenBytesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> InitiatorPdus.scsiCommand(LUN1, 1, 0, 0, 1, 1, new byte[32]));
    }

    @Test
    void dataOutCarriesTargetTransferTagDataSnAndBufferOffset() {
        Pdu pdu = InitiatorPdus.dataOut(LUN1, 5, 0xabcdef01, true, 3, 2, 8192, ByteBuffer.allocate(100));
        // §11.7: opcode 0x05, F (last PDU of the sequence), DSL 100, LUN, ITT, TTT at 20, ExpStatSN 28,
        // DataSN 36 (§11.7.5), Buffer Offset 40 (§11.7.6)
        assertEquals("05 80 00 00 00 00 00 64 00 01 00 00 00 00 00 00 00 00 00 05 ab cd ef 01 00 00 00 00 00 00 00 03"
                + " 00 00 00 00 00 00 00 02 00 00 20 00 00 00 00 00", bhs(pdu));
    }

    @Test
    void nopOutPingIsImmediateWithReservedTargetTransferTag() {
        Pdu pdu = InitiatorPdus.nopOut(0, 0x42, Pdu.RESERVED_TAG, 10, 20);
        // §11.18: I bit (0x40) | 0x00, F; ITT 0x42; TTT 0xffffffff for a ping (§11.18.2); CmdSN not advanced
        assertEquals("40 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 42 ff ff ff ff 00 00 00 0a 00 00 00 14"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", bhs(pdu));
    }

    @Test
    void nopOutAnsweringANopInEchoesTheTargetTransferTag() {
        Pdu pdu = InitiatorPdus.nopOut(LUN1, Pdu.RESERVED_TAG, 0x77, 10, 20);
        // §11.18.1: ITT 0xffffffff when answering, TTT copied from the NOP-In (§11.18.2)
        assertEquals("ff ff ff ff 00 00 00 77", hex(pdu.bhs(), 16, 24));
    }

    @Test
    void abortTaskNamesTheTaskAndItsCmdSn() {
        Pdu pdu = InitiatorPdus.taskManagement(InitiatorPdus.TMF_ABORT_TASK, LUN1, 9, 4, 12, 13, 3);
        // §11.5: immediate 0x42, byte 1 = 0x80 | function 1 (§11.5.1), Referenced Task Tag 20 (§11.5.2), CmdSN 24,
        // ExpStatSN 28, RefCmdSN 32 (§11.5.3)
        assertEquals("42 81 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 09 00 00 00 04 00 00 00 0c 00 00 00 0d"
                + " 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00", bhs(pdu));
    }

    @Test
    void logicalUnitResetIsFunctionFiveWithReservedReferencedTag() {
        Pdu pdu = InitiatorPdus.taskManagement(InitiatorPdus.TMF_LOGICAL_UNIT_RESET, LUN1, 9, Pdu.RESERVED_TAG, 12,
                13, 12);
        assertEquals("42 85", hex(pdu.bhs(), 0, 2));
        assertEquals("ff ff ff ff", hex(pdu.bhs(), 20, 24));
    }

    @Test
    void firstLoginRequestIsSecurityStageWithTransitToOperational() {
        byte[] keys = "InitiatorName=iqn.x\0".getBytes(StandardCharsets.UTF_8);
        Pdu pdu = InitiatorPdus.login(InitiatorPdus.loginStage(true, 0, 1), Bytes.hex("80 12 34 56 00 01"), 0, 1, 0,
                1, 0, ByteBuffer.wrap(keys));
        // §11.12: 0x43 (login is always immediate), T=1 CSG=0 NSG=1 -> 0x81 (§11.12.1-3), version-max/min 0
        // (§11.12.4), DSL 20, ISID 80 12 34 56 00 01 (T=10b random, §11.12.5), TSIH 0 (§11.12.6), ITT 1, CID 0,
        // CmdSN 1, ExpStatSN 0
        assertEquals("43 81 00 00 00 00 00 14 80 12 34 56 00 01 00 00 00 00 00 01 00 00 00 00 00 00 00 01 00 00 00 00"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", bhs(pdu));
    }

    @Test
    void operationalStageToFullFeatureIsFlags87() {
        // T=1, CSG=1 (operational) in bits 3-2, NSG=3 (full feature) in bits 1-0
        assertEquals(0x87, InitiatorPdus.loginStage(true, 1, 3));
        // without T the NSG bits are reserved and zero (§11.12.3)
        assertEquals(0x00, InitiatorPdus.loginStage(false, 0, 1));
    }

    @Test
    void textRequestStartsAnExchangeWithReservedTtt() {
        Pdu pdu = InitiatorPdus.text(3, Pdu.RESERVED_TAG, 1, 2, ByteBuffer.wrap(new byte[17]));
        // §11.10: opcode 0x04 (not immediate), F, DSL 17, ITT 3, TTT 0xffffffff (§11.10.4), CmdSN 1, ExpStatSN 2
        assertEquals("04 80 00 00 00 00 00 11", hex(pdu.bhs(), 0, 8));
        assertEquals("00 00 00 03 ff ff ff ff 00 00 00 01 00 00 00 02", hex(pdu.bhs(), 16, 32));
    }

    @Test
    void logoutClosesTheSession() {
        Pdu pdu = InitiatorPdus.logout(InitiatorPdus.LOGOUT_CLOSE_SESSION, 8, 0, 5, 6);
        // §11.14: immediate 0x46, byte 1 = 0x80 | reason 0 (close the session, §11.14.1), CID 20, CmdSN 24
        assertEquals("46 80 00 00 00 00 00 00", hex(pdu.bhs(), 0, 8));
        assertEquals("00 00 00 08 00 00 00 00 00 00 00 05 00 00 00 06", hex(pdu.bhs(), 16, 32));
    }

    @Test
    void lunsUsePeripheralThenFlatAddressing() {
        assertEquals(0x0001_0000_0000_0000L, Lun.encode(1));
        assertEquals(0x4101_0000_0000_0000L, Lun.encode(257));
        assertThrows(IllegalArgumentException.class, () -> Lun.encode(0x4000));
    }
}
