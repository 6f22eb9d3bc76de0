package io.mpathj.transport.iscsi.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CmdSN numbering and the ExpCmdSN/MaxCmdSN window of RFC 7143 §4.2.2.1, with serial arithmetic. */
class CommandWindowTest {
    @Test
    void commandsAreNumberedUntilMaxCmdSn() {
        CommandWindow window = new CommandWindow(10, 10, 12, 1);
        assertEquals(10, window.nextForCommand());
        assertEquals(11, window.nextForCommand());
        assertEquals(12, window.nextForCommand());
        assertFalse(window.isOpen(), "CmdSN 13 > MaxCmdSN 12");
        assertThrows(IllegalStateException.class, window::nextForCommand);
    }

    @Test
    void immediatePdusCarryTheCurrentCmdSnWithoutAdvancingIt() {
        CommandWindow window = new CommandWindow(5, 5, 5, 1);
        assertEquals(5, window.forImmediate());
        assertEquals(5, window.forImmediate());
        assertEquals(5, window.nextForCommand());
        assertEquals(6, window.forImmediate());
    }

    @Test
    void aResponseOpensTheWindow() {
        CommandWindow window = new CommandWindow(1, 1, 1, 1);
        window.nextForCommand();
        assertFalse(window.isOpen());
        window.updateWindow(2, 3);
        assertTrue(window.isOpen());
        assertEquals(2, window.expCmdSn());
        assertEquals(3, window.maxCmdSn());
    }

    @Test
    void aZeroWindowIsMaxCmdSnOneBelowExpCmdSn() {
        CommandWindow window = new CommandWindow(8, 7, 7, 1);
        window.updateWindow(8, 7); // MaxCmdSN = ExpCmdSN - 1: valid, window closed (§4.2.2.1)
        assertEquals(8, window.expCmdSn());
        assertFalse(window.isOpen());
    }

    @Test
    void invalidAndStaleWindowsAreIgnored() {
        CommandWindow window = new CommandWindow(10, 10, 20, 1);
        window.updateWindow(15, 12); // MaxCmdSN < ExpCmdSN - 1: invalid, ignored
        assertEquals(10, window.expCmdSn());
        assertEquals(20, window.maxCmdSn());
        window.updateWindow(9, 19); // older than what we hold
        assertEquals(10, window.expCmdSn());
        assertEquals(20, window.maxCmdSn());
    }

    @Test
    void serialArithmeticWrapsAround() {
        CommandWindow window = new CommandWindow(0xFFFFFFFE, 0xFFFFFFFE, 1, 1);
        assertEquals(0xFFFFFFFE, window.nextForCommand());
        assertEquals(0xFFFFFFFF, window.nextForCommand());
        assertEquals(0, window.nextForCommand());
        assertEquals(1, window.nextForCommand());
        assertFalse(window.isOpen());
        window.updateWindow(2, 5);
        assertTrue(window.isOpen());
        assertTrue(SerialNumbers.lessThan(0xFFFFFFFF, 0));
        assertFalse(SerialNumbers.lessThan(0, 0xFFFFFFFF));
    }

    @Test
    void statusAcknowledgementAdvancesExpStatSn() {
        CommandWindow window = new CommandWindow(1, 1, 1, 100);
        window.acknowledgeStatus(100);
        assertEquals(101, window.expStatSn());
        window.acknowledgeStatus(99); // a duplicate: no step back
        assertEquals(101, window.expStatSn());
        window.acknowledgeStatus(0xFFFFFFFF);
        assertEquals(101, window.expStatSn(), "far behind in serial terms");
    }
}
