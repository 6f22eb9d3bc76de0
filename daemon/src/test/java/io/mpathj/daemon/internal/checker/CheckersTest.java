package io.mpathj.daemon.internal.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathCheckerType;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimPath;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each checker against simulated paths: a working port, a port whose link is down, a standby port, sense. */
class CheckersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final ManualSimTime time = new ManualSimTime();
    private final SimArray array = SimArrayBuilder.alua("c", time)
            .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0")
            .portGroup(2, AccessState.STANDBY, false, "B0")
            .memoryLu(0, 1024, 512)
            .powerOnUnitAttention(false)
            .attachHandlerAtProbe(false)
            .implicitFailover(false)
            .build();

    @AfterEach
    void close() {
        array.close();
    }

    private CheckResult check(PathCheckerType type, String port) {
        SimPath path = array.path(port, 0).orElseThrow();
        CompletableFuture<CheckResult> f = type.create().check(path, TIMEOUT).toCompletableFuture();
        for (int i = 0; i < 100 && !f.isDone(); i++) {
            time.advance(Duration.ofMillis(100));
        }
        return f.join();
    }

    @Test
    void turUpDownGhost() {
        TurChecker tur = new TurChecker();
        assertEquals(CheckerState.UP, check(tur, "A0").state());
        assertEquals(CheckerState.GHOST, check(tur, "B0").state());
        array.port("A0").faults().linkDown();
        CheckResult down = check(tur, "A0");
        assertEquals(CheckerState.DOWN, down.state());
        assertTrue(down.message().contains("down"), down.message());
        array.port("A0").faults().linkUp();
        assertEquals(CheckerState.UP, check(tur, "A0").state());
    }

    @Test
    void turRetriesUnitAttentionsFiveTimes() {
        TurChecker tur = new TurChecker();
        SenseData ua = new SenseData(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        array.port("A0").faults().injectSense(ua, 4, CommandClass.ALL);
        assertEquals(CheckerState.UP, check(tur, "A0").state(), "4 unit attentions, then GOOD");
        array.port("A0").faults().injectSense(ua, 5, CommandClass.ALL);
        assertEquals(CheckerState.DOWN, check(tur, "A0").state(), "5 unit attentions: no GOOD within 5 tries");
    }

    @Test
    void turTransitioningIsPendingReservationConflictIsUpOtherSenseIsDown() {
        TurChecker tur = new TurChecker();
        array.port("A0").faults().injectSense(new SenseData(SenseKey.NOT_READY, 0x04, 0x0A), 1, CommandClass.ALL);
        assertEquals(CheckerState.PENDING, check(tur, "A0").state());
        array.port("A0").faults().injectStatus(ScsiStatus.RESERVATION_CONFLICT, 1, CommandClass.ALL);
        assertEquals(CheckerState.UP, check(tur, "A0").state());
        array.port("A0").faults().injectSense(new SenseData(SenseKey.HARDWARE_ERROR, 0x44, 0), 1, CommandClass.ALL);
        assertEquals(CheckerState.DOWN, check(tur, "A0").state());
    }

    @Test
    void readCheckersReadBlockZero() {
        for (PathCheckerType t : new PathCheckerType[] {new DirectioChecker(), new ReadSector0Checker()}) {
            array.port("A0").faults().linkUp();
            assertEquals(CheckerState.UP, check(t, "A0").state(), t.getClass().getSimpleName());
            assertEquals(CheckerState.DOWN, check(t, "B0").state(), "standby port refuses READ");
            array.port("A0").faults().linkDown();
            assertEquals(CheckerState.DOWN, check(t, "A0").state());
        }
    }

    @Test
    void noneIsAlwaysUp() {
        array.port("A0").faults().linkDown();
        assertEquals(CheckerState.UP, check(new NoneChecker(), "A0").state());
    }
}
