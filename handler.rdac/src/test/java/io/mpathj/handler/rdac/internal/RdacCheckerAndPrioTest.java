package io.mpathj.handler.rdac.internal;

import static io.mpathj.handler.rdac.internal.ScriptedPath.c9;
import static io.mpathj.handler.rdac.internal.ScriptedPath.sense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.Bytes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rdac checker and prioritizer on scripted paths: their one INQUIRY of VPD C9h and what they make of it. */
class RdacCheckerAndPrioTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(7);
    private final RdacChecker checker = new RdacChecker();
    private final RdacPrioritizer prio = new RdacPrioritizer();

    private static ScriptedPath path(byte[] c9) {
        return new ScriptedPath("e/0").page(c9);
    }

    private CheckResult check(ScriptedPath p) throws Exception {
        return checker.create().check(p, TIMEOUT).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private int priority(ScriptedPath p) throws Exception {
        return prio.create("").priority(p, TIMEOUT).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------------------------------ checker

    @Test
    void oneInquiryOfC9WithTheCheckerTimeout() throws Exception {
        ScriptedPath p = path(c9(0x01, 0x01, 0, 0, 0));
        assertEquals(CheckResult.of(CheckerState.UP, "rdac checker reports path is up"), check(p));
        assertEquals(1, p.commands.size());
        assertArrayEquals(Bytes.of(0x12, 0x01, 0xC9, 0x00, 0x30, 0x00), p.commands.get(0).cdb());
        assertEquals(7000, p.commands.get(0).timeoutMillis());
        assertSame(checker, checker.create(), "nothing kept per path");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // byte 0, avtCvp, this group's state, its reason, the other group's state -> state, message
        "0x00|0x01|0|0|0|UP|rdac checker reports path is up",
        "0x00|0x00|0|0|0|GHOST|rdac checker reports path is ghost",
        "0x00|0x80|0|0|0|GHOST|rdac checker reports path is ghost",
        "0x00|0x20|0|0|0|UP|rdac checker reports path is up",
        "0x20|0x01|0|0|0|DOWN|rdac checker reports path is down: lun not connected",
        "0x7F|0x01|0|0|0|DOWN|rdac checker reports path is down: lun not connected",
        "0x01|0x01|0|0|0|DOWN|rdac checker reports path is down: lun not connected",
        "0x00|0x11|0x3|0x2|0|DOWN|rdac checker reports path is down: non-responsive to queries",
        "0x00|0x11|0x3|0x3|0|DOWN|rdac checker reports path is down: ctlr held in reset",
        "0x00|0x11|0x3|0x4|0|DOWN|rdac checker reports path is down: ctlr firmware downloading",
        "0x00|0x11|0x3|0x5|0|DOWN|rdac checker reports path is down: ctlr firmware downloading",
        "0x00|0x11|0x3|0x6|0|DOWN|rdac checker reports path is down: ctlr quiesced by admin request",
        "0x00|0x11|0x3|0x7|0|DOWN|rdac checker reports path is down: ctlr is in service mode",
        "0x00|0x11|0x3|0x9|0|DOWN|rdac checker reports path is down: ctlr is unavailable",
        "0x00|0x11|0xF|0|0|DOWN|rdac checker reports path is down: ctlr is in startup sequence",
        "0x00|0x11|0xF|0|0xF|UP|rdac checker reports path is up",
        "0x00|0x10|0xF|0|0xF|GHOST|rdac checker reports path is ghost",
        "0x00|0x10|0x2|0|0|GHOST|rdac checker reports path is ghost",
        // without TPGDE the group bytes are not looked at
        "0x00|0x01|0x3|0x2|0|UP|rdac checker reports path is up"})
    void pageVerdicts(String peripheral, String avtCvp, String state, String reason, String alternate,
            CheckerState expected, String message) throws Exception {
        byte[] page = c9(Integer.decode(avtCvp), 0, Integer.decode(state), Integer.decode(reason),
                Integer.decode(alternate));
        page[0] = (byte) (int) Integer.decode(peripheral);
        assertEquals(CheckResult.of(expected, message), check(path(page)));
    }

    @Test
    void failures() throws Exception {
        ScriptedPath plain = new ScriptedPath("plain/0"); // no C9h: ILLEGAL REQUEST
        assertEquals(CheckResult.of(CheckerState.DOWN, "rdac checker doesn't support this device"), check(plain));
        ScriptedPath p = path(c9(0x01, 0, 0, 0, 0));
        p.answer(0xC9, sense(SenseKey.NOT_READY, 0x04, 0x00));
        assertEquals(CheckResult.of(CheckerState.DOWN, "rdac checker reports path is down: inquiry failed"
                + " (CHECK CONDITION sense 02/04/00)"), check(p));
        p.answer(0xC9, ScsiResult.transportFailure(TransportError.TIMEOUT, "slow"));
        assertEquals(CheckResult.of(CheckerState.TIMEOUT, "rdac checker timed out"), check(p));
        p.answer(0xC9, ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"));
        assertEquals(CheckerState.DOWN, check(p).state());
    }

    @Test
    void recoveredErrorCountsAsGoodButItsPageIsEmpty() throws Exception {
        ScriptedPath p = path(c9(0x01, 0, 0, 0, 0));
        p.answer(0xC9, sense(SenseKey.RECOVERED_ERROR, 0x17, 0x01));
        // the scripted answer moved no data: an all-zero page, a connected LU not owned: ghost, as rdac.c reads it
        assertEquals(CheckerState.GHOST, check(p).state());
    }

    @Test
    void unitAttentionsAndAbortsAreSentAgainFiveCommandsAtMost() throws Exception {
        ScriptedPath p = path(c9(0x01, 0, 0, 0, 0));
        p.answer(0xC9, new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00), 1);
        p.answer(0xC9, ScsiResult.transportFailure(TransportError.ABORTED, "reset"));
        p.answer(0xC9, new SenseData(SenseKey.UNIT_ATTENTION, 0x2A, 0x06), 1);
        assertEquals(CheckerState.UP, check(p).state());
        assertEquals(4, p.commands.size());
        p.commands.clear();
        p.answer(0xC9, new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00), 5);
        assertEquals(CheckerState.DOWN, check(p).state());
        assertEquals(RdacChecker.ATTEMPTS, p.commands.size());
    }

    // ------------------------------------------------------------------------------------------ prioritizer

    @ParameterizedTest
    @CsvSource({
        // avtCvp, path priority byte -> prio
        "0x01, 0x01, 6", "0x00, 0x01, 4", "0x01, 0x02, 3", "0x00, 0x02, 1", "0x01, 0x00, 2", "0x00, 0x00, 0",
        "0x21, 0x01, 14", "0x20, 0x02, 9", "0x20, 0x00, 8", "0x81, 0x01, 6", "0x00, 0x03, 0", "0x00, 0xF1, 4"})
    void priorityIsTheSumOfOwnerPreferenceAndIoShipping(String avtCvp, String pathPriority, int expected)
            throws Exception {
        ScriptedPath p = path(c9(Integer.decode(avtCvp), Integer.decode(pathPriority), 0, 0, 0));
        assertEquals(expected, priority(p));
        assertArrayEquals(Bytes.of(0x12, 0x01, 0xC9, 0x00, 0x80, 0x00), p.commands.get(0).cdb());
        assertEquals(7000, p.commands.get(0).timeoutMillis());
    }

    @Test
    void aPageInAnotherFormatOrAFailedInquiryIsZero() throws Exception {
        byte[] wrongLength = c9(0x01, 0x01, 0, 0, 0);
        wrongLength[3] = 0x2B;
        assertEquals(0, priority(path(wrongLength)));
        byte[] wrongId = c9(0x01, 0x01, 0, 0, 0);
        wrongId[6] = 'x';
        assertEquals(0, priority(path(wrongId)));
        assertEquals(0, priority(new ScriptedPath("plain/0")));
        ScriptedPath p = path(c9(0x01, 0x01, 0, 0, 0));
        p.answer(0xC9, ScsiResult.transportFailure(TransportError.TIMEOUT, "slow"));
        assertEquals(0, priority(p));
        assertEquals(6, priority(p));
    }

    @Test
    void noPrioArgs() throws Exception {
        Prioritizer blank = prio.create("  ");
        assertSame(prio, blank);
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> prio.create("x"));
        assertEquals("rdac prioritizer takes no prio_args (got 'x')", e.getMessage());
    }
}
