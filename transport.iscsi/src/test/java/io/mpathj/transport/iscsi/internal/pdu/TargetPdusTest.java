package io.mpathj.transport.iscsi.internal.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Reading the target PDUs mpathj handles, from bytes laid out as RFC 7143 §11 shows them. */
class TargetPdusTest {
    private static Pdu decode(String hex) throws Exception {
        return PduDecoder.decode(ByteBuffer.wrap(Bytes.hex(hex)), Digests.NONE, 1 << 16);
    }

    @Test
    void scsiResponseWithUnderflowAndSense() throws Exception {
        // §11.4: 0x21, flags 0x82 (F, U), Response 0, Status 0x02, DSL 20; ITT 5; StatSN 0x10, ExpCmdSN 0x11,
        // MaxCmdSN 0x20; Residual Count 0x200; data: SenseLength 18 (§11.4.7.2) + fixed sense 05/21/00
        Pdu pdu = decode("21 82 00 02 00 00 00 14 00 00 00 00 00 00 00 00 00 00 00 05 00 00 00 00"
                + " 00 00 00 10 00 00 00 11 00 00 00 20 00 00 00 00 00 00 00 00 00 00 02 00"
                + " 00 12 70 00 05 00 00 00 00 0a 00 00 00 00 21 00 00 00 00 00");
        assertEquals(Opcode.SCSI_RESPONSE, pdu.opcode());
        assertEquals(5, pdu.itt());
        assertEquals(0x02, pdu.u8(Field.STATUS));
        assertEquals(0x200, TargetPdus.underflowResidual(pdu));
        assertEquals(0x10, pdu.u32(Field.STAT_SN));
        assertEquals(0x11, pdu.u32(Field.EXP_CMD_SN));
        assertEquals(0x20, pdu.u32(Field.MAX_CMD_SN));
        assertTrue(TargetPdus.advancesStatSn(pdu));
        assertEquals(18, pdu.data().getShort(0));
    }

    @Test
    void dataInWithStatusAndWithout() throws Exception {
        // §11.7: 0x25, flags F|S = 0x81 with status 0 in byte 3; DataSN 36, Buffer Offset 40
        Pdu last = decode("25 81 00 00 00 00 00 04 00 01 00 00 00 00 00 00 00 00 00 07 ff ff ff ff"
                + " 00 00 00 03 00 00 00 04 00 00 00 08 00 00 00 01 00 00 10 00 00 00 00 00 de ad be ef");
        assertEquals(Opcode.DATA_IN, last.opcode());
        assertTrue(TargetPdus.advancesStatSn(last), "S=1: StatSN is valid (§11.7.1)");
        assertEquals(1, last.u32(Field.DATA_SN));
        assertEquals(4096, last.u32(Field.BUFFER_OFFSET));
        Pdu middle = decode("25 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 07 ff ff ff ff"
                + " 00 00 00 00 00 00 00 04 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00");
        assertFalse(TargetPdus.advancesStatSn(middle), "S=0: StatSN is reserved");
    }

    @Test
    void r2tAsksForARange() throws Exception {
        // §11.8: 0x31, F; TTT 20, R2TSN 36, Buffer Offset 40, Desired Data Transfer Length 44
        Pdu r2t = decode("31 80 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 07 00 00 00 99"
                + " 00 00 00 03 00 00 00 04 00 00 00 08 00 00 00 00 00 01 00 00 00 00 40 00");
        assertEquals(Opcode.R2T, r2t.opcode());
        assertEquals(0x99, r2t.u32(Field.TTT));
        assertEquals(0x10000, r2t.u32(Field.BUFFER_OFFSET));
        assertEquals(0x4000, r2t.u32(Field.DESIRED_DATA_TRANSFER_LENGTH));
        assertFalse(TargetPdus.advancesStatSn(r2t), "R2T's StatSN is the next one, not an acknowledgement");
    }

    @Test
    void nopInsWithAndWithoutOurTag() throws Exception {
        Pdu answer = decode("20 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 42 ff ff ff ff"
                + " 00 00 00 03 00 00 00 04 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00");
        assertTrue(TargetPdus.advancesStatSn(answer));
        // §11.19.1: an unsolicited NOP-In has ITT 0xffffffff and does not advance StatSN
        Pdu probe = decode("20 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff 00 00 00 05"
                + " 00 00 00 03 00 00 00 04 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00");
        assertFalse(TargetPdus.advancesStatSn(probe));
        assertEquals(5, probe.u32(Field.TTT));
    }

    @Test
    void loginResponseStagesStatusAndTsih() throws Exception {
        // §11.13: 0x23, T=1 CSG=1 NSG=3 (0x87), version-max/active 0, ISID, TSIH 0x0100 at 14, Status-Class 36,
        // Status-Detail 37
        Pdu ok = decode("23 87 00 00 00 00 00 00 80 12 34 56 00 01 01 00 00 00 00 01 00 00 00 00"
                + " 00 00 00 01 00 00 00 01 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00");
        assertTrue(TargetPdus.transit(ok));
        assertEquals(1, TargetPdus.currentStage(ok));
        assertEquals(3, TargetPdus.nextStage(ok));
        assertEquals(0x100, TargetPdus.tsih(ok));
        assertEquals(0, TargetPdus.loginStatusClass(ok));
        Pdu refused = decode("23 00 00 00 00 00 00 00 80 12 34 56 00 01 00 00 00 00 00 01 00 00 00 00"
                + " 00 00 00 01 00 00 00 01 00 00 00 08 02 01 00 00 00 00 00 00 00 00 00 00");
        assertEquals(2, TargetPdus.loginStatusClass(refused));
        assertEquals(1, TargetPdus.loginStatusDetail(refused));
    }

    @Test
    void taskManagementTextLogoutRejectAndAsyncResponsesCarryTheirFields() throws Exception {
        String tail = " 00 00 00 03 00 00 00 04 00 00 00 08 00 00 00 00 00 00 00 00 00 00 00 00";
        Pdu tmf = decode("22 80 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 09 00 00 00 00" + tail);
        assertEquals(Opcode.TASK_MANAGEMENT_RESPONSE, tmf.opcode());
        assertEquals(1, tmf.u8(Field.RESPONSE), "§11.6.1 response 1: task does not exist");
        Pdu text = decode("24 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 ff ff ff ff" + tail);
        assertTrue(text.isFinal());
        Pdu logout = decode("26 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 08 00 00 00 00" + tail);
        assertEquals(Opcode.LOGOUT_RESPONSE, logout.opcode());
        Pdu reject = decode("3f 80 09 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff 00 00 00 00" + tail);
        assertEquals(9, reject.u8(2), "§11.17.1 reason 0x09: invalid PDU field");
        Pdu async = decode("32 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff 00 00 00 00"
                + " 00 00 00 03 00 00 00 04 00 00 00 08 02 00 00 00 00 02 00 00 00 00 00 00");
        assertEquals(2, async.u8(36), "§11.9.1 AsyncEvent 2: target will drop the connection");
        for (Pdu pdu : new Pdu[] {tmf, text, logout, reject, async}) {
            assertTrue(TargetPdus.carriesCommandWindow(pdu));
            assertEquals(4, pdu.u32(Field.EXP_CMD_SN));
        }
    }
}
