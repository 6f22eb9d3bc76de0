package io.mpathj.handler.hp_sw.internal;

import static io.mpathj.handler.hp_sw.internal.Msa.PASSIVE;
import static io.mpathj.handler.hp_sw.internal.Msa.POWER_ON;
import static io.mpathj.handler.hp_sw.internal.Msa.sense;
import static io.mpathj.testkit.CommandClass.TEST_UNIT_READY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.CommandClass;
import io.mpathj.testkit.ScriptedPathDevice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HpSwCheckerTest {
    private static final int TUR = 0x00;
    private static final int INQUIRY = 0x12;
    /** INQUIRY, VPD page 80h: what the checker sends first. */
    private static final CommandClass SERIAL_NUMBER = CommandClass.vpd(0x80);

    /** A path through an active controller: the serial number page and TEST UNIT READY answer GOOD. */
    private static ScriptedPathDevice device() {
        return Msa.device().always(SERIAL_NUMBER, ScsiResult.good());
    }

    private final HpSwChecker type = new HpSwChecker();

    private CheckResult check(ScriptedPathDevice d) throws Exception {
        return type.create().check(d, Duration.ofSeconds(7)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void serialNumberPageThenTestUnitReady() throws Exception {
        ScriptedPathDevice d = device();
        assertEquals(CheckResult.of(CheckerState.UP, "hp_sw checker reports path is up"), check(d));
        assertEquals(List.of(INQUIRY, TUR), d.opcodes());
        assertArrayEquals(new byte[] {0x12, 0x01, (byte) 0x80, 0x00, (byte) 0xFF, 0x00}, d.sent().get(0).command().cdb());
        assertEquals(255, d.sent().get(0).command().dataLength());
        assertEquals(7000, d.sent().get(0).command().timeoutMillis());
        assertEquals(7000, d.sent().get(1).command().timeoutMillis());
        assertSame(type.create(), type.create(), "nothing is kept per path");
    }

    @Test
    void aFailedTestUnitReadyIsGhost() throws Exception {
        for (ScsiResult r : List.of(PASSIVE, POWER_ON, ScsiResult.status(ScsiStatus.BUSY, null, 0),
                ScsiResult.transportFailure(TransportError.TIMEOUT, "7 s"))) {
            ScriptedPathDevice d = device().always(TEST_UNIT_READY, r);
            assertEquals(CheckResult.of(CheckerState.GHOST, "hp_sw checker reports path is ghost"), check(d),
                    r.describe());
        }
    }

    @Test
    void aFailedInquiryIsDownWithoutTestUnitReady() throws Exception {
        for (ScsiResult r : List.of(PASSIVE, sense(SenseKey.HARDWARE_ERROR, 0x44, 0),
                ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0),
                ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"))) {
            ScriptedPathDevice d = device().always(SERIAL_NUMBER, r);
            CheckResult c = check(d);
            assertEquals(CheckerState.DOWN, c.state(), r.describe());
            assertEquals("hp_sw checker reports path is down: " + r.describe(), c.message());
            assertEquals(List.of(INQUIRY), d.opcodes());
        }
    }

    @Test
    void illegalRequestMeansTheDeviceIsNotSupported() throws Exception {
        ScriptedPathDevice d = device().always(SERIAL_NUMBER, sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0));
        assertEquals(CheckResult.of(CheckerState.DOWN, "hp_sw checker doesn't support this device"), check(d));
        assertEquals(List.of(INQUIRY), d.opcodes());
    }

    @Test
    void aRecoveredErrorCountsAsSuccess() throws Exception {
        ScriptedPathDevice d = device().always(SERIAL_NUMBER, sense(SenseKey.RECOVERED_ERROR, 0x17, 0));
        assertEquals(CheckerState.UP, check(d).state());
        assertEquals(List.of(INQUIRY, TUR), d.opcodes());
    }

    @Test
    void anInquiryThatTimesOutIsTimeout() throws Exception {
        ScriptedPathDevice d = device().always(SERIAL_NUMBER, ScsiResult.transportFailure(TransportError.TIMEOUT,
                "7 s"));
        assertEquals(CheckResult.of(CheckerState.TIMEOUT, "hp_sw checker timed out"), check(d));
    }
}
