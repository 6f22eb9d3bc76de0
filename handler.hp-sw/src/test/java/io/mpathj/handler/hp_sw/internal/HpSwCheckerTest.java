package io.mpathj.handler.hp_sw.internal;

import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.PASSIVE;
import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.POWER_ON;
import static io.mpathj.handler.hp_sw.internal.ScriptedDevice.sense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HpSwCheckerTest {
    private static final int TUR = 0x00;
    private static final int INQUIRY = 0x12;

    private final HpSwChecker type = new HpSwChecker();

    private CheckResult check(ScriptedDevice d) throws Exception {
        return type.create().check(d, Duration.ofSeconds(7)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void serialNumberPageThenTestUnitReady() throws Exception {
        ScriptedDevice d = new ScriptedDevice();
        assertEquals(CheckResult.of(CheckerState.UP, "hp_sw checker reports path is up"), check(d));
        assertEquals(List.of(INQUIRY, TUR), d.opcodes());
        assertArrayEquals(new byte[] {0x12, 0x01, (byte) 0x80, 0x00, (byte) 0xFF, 0x00}, d.commands.get(0).cdb());
        assertEquals(255, d.commands.get(0).dataLength());
        assertEquals(7000, d.commands.get(0).timeoutMillis());
        assertEquals(7000, d.commands.get(1).timeoutMillis());
        assertSame(type.create(), type.create(), "nothing is kept per path");
    }

    @Test
    void aFailedTestUnitReadyIsGhost() throws Exception {
        for (ScsiResult r : List.of(PASSIVE, POWER_ON, ScsiResult.status(ScsiStatus.BUSY, null, 0),
                ScsiResult.transportFailure(TransportError.TIMEOUT, "7 s"))) {
            ScriptedDevice d = new ScriptedDevice().always(TUR, r);
            assertEquals(CheckResult.of(CheckerState.GHOST, "hp_sw checker reports path is ghost"), check(d),
                    r.describe());
        }
    }

    @Test
    void aFailedInquiryIsDownWithoutTestUnitReady() throws Exception {
        for (ScsiResult r : List.of(PASSIVE, sense(SenseKey.HARDWARE_ERROR, 0x44, 0),
                ScsiResult.status(ScsiStatus.RESERVATION_CONFLICT, null, 0),
                ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"))) {
            ScriptedDevice d = new ScriptedDevice().always(INQUIRY, r);
            CheckResult c = check(d);
            assertEquals(CheckerState.DOWN, c.state(), r.describe());
            assertEquals("hp_sw checker reports path is down: " + r.describe(), c.message());
            assertEquals(List.of(INQUIRY), d.opcodes());
        }
    }

    @Test
    void illegalRequestMeansTheDeviceIsNotSupported() throws Exception {
        ScriptedDevice d = new ScriptedDevice().always(INQUIRY, sense(SenseKey.ILLEGAL_REQUEST, 0x24, 0));
        assertEquals(CheckResult.of(CheckerState.DOWN, "hp_sw checker doesn't support this device"), check(d));
        assertEquals(List.of(INQUIRY), d.opcodes());
    }

    @Test
    void aRecoveredErrorCountsAsSuccess() throws Exception {
        ScriptedDevice d = new ScriptedDevice().always(INQUIRY, sense(SenseKey.RECOVERED_ERROR, 0x17, 0));
        assertEquals(CheckerState.UP, check(d).state());
        assertEquals(List.of(INQUIRY, TUR), d.opcodes());
    }

    @Test
    void anInquiryThatTimesOutIsTimeout() throws Exception {
        ScriptedDevice d = new ScriptedDevice().always(INQUIRY, ScsiResult.transportFailure(TransportError.TIMEOUT,
                "7 s"));
        assertEquals(CheckResult.of(CheckerState.TIMEOUT, "hp_sw checker timed out"), check(d));
    }
}
