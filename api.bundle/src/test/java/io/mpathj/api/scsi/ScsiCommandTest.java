package io.mpathj.api.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ScsiCommandTest {

    @Test
    void noDataCommand() {
        byte[] cdb = Cdbs.testUnitReady();
        ScsiCommand c = ScsiCommand.noData(cdb);
        assertSame(cdb, c.cdb());
        assertEquals(ScsiOpcode.TEST_UNIT_READY, c.opcode());
        assertEquals(DataDirection.NONE, c.direction());
        assertNull(c.data());
        assertEquals(0, c.dataLength());
        assertEquals(ScsiCommand.DEFAULT_TIMEOUT_MILLIS, c.timeoutMillis());
        assertEquals(30_000, c.timeoutMillis());
        assertEquals("cdb 00 00 00 00 00 00 NONE 0", c.toString());
    }

    @Test
    void dataInCommandMovesTheBuffersRemainingBytes() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        buf.position(96).limit(4000);
        ScsiCommand c = ScsiCommand.dataIn(Cdbs.read10(0x10, 8), buf);
        assertSame(buf, c.data());
        assertEquals(DataDirection.FROM_DEVICE, c.direction());
        assertEquals(3904, c.dataLength());
        assertEquals(96, buf.position());
        assertEquals(4000, buf.limit());
        assertEquals("cdb 28 00 00 00 00 10 00 00 08 00 FROM_DEVICE 3904", c.toString());
    }

    @Test
    void dataOutCommand() {
        ScsiCommand c = ScsiCommand.dataOut(Cdbs.setTargetPortGroups(12), ByteBuffer.allocate(12));
        assertEquals(DataDirection.TO_DEVICE, c.direction());
        assertEquals(12, c.dataLength());
        // opcodes above 7Fh read as unsigned
        assertEquals(0xA4, c.opcode());
        assertEquals("cdb a4 0a 00 00 00 00 00 00 00 0c 00 00 TO_DEVICE 12", c.toString());
    }

    @Test
    void withTimeoutMakesAnotherCommand() {
        ByteBuffer buf = ByteBuffer.allocate(36);
        ScsiCommand c = ScsiCommand.dataIn(Cdbs.inquiry(36), buf);
        ScsiCommand slow = c.withTimeoutMillis(120_000);
        assertNotSame(c, slow);
        assertEquals(120_000, slow.timeoutMillis());
        assertEquals(ScsiCommand.DEFAULT_TIMEOUT_MILLIS, c.timeoutMillis());
        assertSame(c.cdb(), slow.cdb());
        assertSame(buf, slow.data());
        assertEquals(DataDirection.FROM_DEVICE, slow.direction());
    }

    @Test
    void refusesBadArguments() {
        assertThrows(NullPointerException.class, () -> ScsiCommand.noData(null));
        assertEquals("empty CDB",
                assertThrows(IllegalArgumentException.class, () -> ScsiCommand.noData(new byte[0])).getMessage());
        assertThrows(NullPointerException.class, () -> ScsiCommand.dataIn(Cdbs.inquiry(36), null));
        assertThrows(NullPointerException.class, () -> ScsiCommand.dataOut(Cdbs.modeSelect6(true, 0), null));
        ScsiCommand c = ScsiCommand.noData(Cdbs.testUnitReady());
        assertEquals("timeout must be positive: 0",
                assertThrows(IllegalArgumentException.class, () -> c.withTimeoutMillis(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withTimeoutMillis(-1));
    }
}
