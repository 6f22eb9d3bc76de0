package io.mpathj.handler.hp_sw.internal;

import static io.mpathj.handler.hp_sw.internal.Msa.PASSIVE;
import static io.mpathj.handler.hp_sw.internal.Msa.POWER_ON;
import static io.mpathj.handler.hp_sw.internal.Msa.SWITCHING_OVER;
import static io.mpathj.handler.hp_sw.internal.Msa.sense;
import static io.mpathj.testkit.CommandClass.TEST_UNIT_READY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.testkit.ScriptedPathDevice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HpSwPrioritizerTest {
    private static final int TUR = 0x00;

    private int priority(ScriptedPathDevice d) throws Exception {
        Prioritizer p = new HpSwPrioritizer().create("");
        return p.priority(d, Duration.ofSeconds(3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void activeIsFourStandbyTwo() throws Exception {
        ScriptedPathDevice active = Msa.device();
        assertEquals(4, priority(active));
        assertEquals(List.of(TUR), active.opcodes());
        assertEquals(3000, active.sent().get(0).command().timeoutMillis());
        assertEquals(2, priority(Msa.device().always(TEST_UNIT_READY, PASSIVE)));
        assertEquals(4, priority(Msa.device().always(TEST_UNIT_READY, sense(SenseKey.RECOVERED_ERROR, 0x5D, 0))));
    }

    @Test
    void anythingElseIsFailedZero() throws Exception {
        for (ScsiResult r : List.of(SWITCHING_OVER, sense(SenseKey.NOT_READY, 0x04, 0x01),
                sense(SenseKey.HARDWARE_ERROR, 0x44, 0), ScsiResult.status(ScsiStatus.BUSY, null, 0),
                ScsiResult.transportFailure(TransportError.CONNECTION_LOST, "gone"),
                ScsiResult.transportFailure(TransportError.TIMEOUT, "3 s"))) {
            assertEquals(0, priority(Msa.device().always(TEST_UNIT_READY, r)), r.describe());
        }
    }

    @Test
    void aPowerOnOrResetIsAskedAgainAndOtherUnitAttentionsAreNot() throws Exception {
        ScriptedPathDevice reset = Msa.device().then(TEST_UNIT_READY, POWER_ON, sense(SenseKey.UNIT_ATTENTION, 0x29, 0x02))
                .always(TEST_UNIT_READY, PASSIVE);
        assertEquals(2, priority(reset));
        assertEquals(3, reset.count(TEST_UNIT_READY));
        ScriptedPathDevice changed = Msa.device().then(TEST_UNIT_READY, sense(SenseKey.UNIT_ATTENTION, 0x2A, 0x09));
        assertEquals(0, priority(changed));
        assertEquals(1, changed.count(TEST_UNIT_READY));
        ScriptedPathDevice forever = Msa.device().always(TEST_UNIT_READY, POWER_ON);
        assertEquals(0, priority(forever));
        assertEquals(HpSwPrioritizer.ATTEMPTS, forever.count(TEST_UNIT_READY));
    }

    @Test
    void argumentsAreIgnored() throws Exception {
        assertEquals(4, new HpSwPrioritizer().create("whatever 1 2").priority(Msa.device(), Duration.ofSeconds(1))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
}
