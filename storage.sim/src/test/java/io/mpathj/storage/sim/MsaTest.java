package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.ascii;
import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.concat;
import static io.mpathj.storage.sim.Scsi.dataIn;
import static io.mpathj.storage.sim.Scsi.hex;
import static io.mpathj.storage.sim.Scsi.noData;
import static io.mpathj.storage.sim.Scsi.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MSA personality as scsi_dh_hp_sw probes it (TEST UNIT READY) and activates it (START STOP UNIT). */
class MsaTest {
    private final ManualSimTime time = new ManualSimTime();

    private SimArray msa(Duration switchTime) {
        return SimArrayBuilder.msa("m", time).controller("A0", "A1").controller("B0", "B1")
                .memoryLu(0, 64, 512).memoryLu(1, 64, 512).transitionTime(switchTime).powerOnUnitAttention(false)
                .build();
    }

    private static SimPath path(SimArray a, String port, int lun) {
        return a.path(port, lun).orElseThrow();
    }

    private static ScsiResult read(SimPath path) {
        return run(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)));
    }

    private static ScsiResult start(SimPath path) {
        return noData(path, Cdbs.startStopUnit(true));
    }

    @Test
    void identityIsTheOneLinuxAttachesHpSwTo() {
        SimArray a = msa(Duration.ZERO);
        assertArrayEquals(concat(hex("00 00 06 12 1F 00 10 02"), ascii("COMPAQ  "), ascii("MSA1000 VOLUME  "),
                ascii("4.48")), dataIn(path(a, "B0", 0), Cdbs.inquiry(36), 36));
        assertEquals(Optional.of("hp_sw"), path(a, "A0", 0).attachedHandler());
    }

    @Test
    void theStandbyControllerAnswersTurWithInitializingCommandRequired() {
        SimArray a = msa(Duration.ZERO);
        assertTrue(noData(path(a, "A1", 0), Cdbs.testUnitReady()).isGood());
        assertTrue(read(path(a, "A0", 1)).isGood());
        assertFixedSense(noData(path(a, "B0", 0), Cdbs.testUnitReady()), 0x02, 0x04, 0x02);
        assertFixedSense(read(path(a, "B1", 1)), 0x02, 0x04, 0x02);
        assertEquals("active", a.accessState(0, 1));
        assertEquals("standby", a.accessState(0, 2));
    }

    @Test
    void startStopUnitThroughTheStandbyControllerMakesItActiveAndTheOtherStandby() {
        SimArray a = msa(Duration.ZERO);
        assertTrue(start(path(a, "B0", 0)).isGood());
        assertEquals(2, a.msa().activeController());
        assertTrue(noData(path(a, "B1", 1), Cdbs.testUnitReady()).isGood(), "every LU follows the controller");
        assertTrue(read(path(a, "B0", 1)).isGood());
        assertFixedSense(noData(path(a, "A0", 0), Cdbs.testUnitReady()), 0x02, 0x04, 0x02);
        assertTrue(start(path(a, "B0", 0)).isGood(), "START on the active controller: nothing to do");
        assertTrue(noData(path(a, "A0", 0), Cdbs.startStopUnit(false)).isGood(), "a stop changes nothing");
        assertEquals(2, a.msa().activeController());
    }

    @Test
    void aSwitchOverInProgressAnswers020403UntilItEnds() {
        SimArray a = msa(Duration.ofMillis(500));
        assertFixedSense(start(path(a, "B0", 0)), 0x02, 0x04, 0x03);
        assertTrue(a.msa().switching());
        assertFixedSense(start(path(a, "B1", 0)), 0x02, 0x04, 0x03);
        assertFixedSense(read(path(a, "B0", 0)), 0x02, 0x04, 0x03);
        assertFixedSense(noData(path(a, "A0", 0), Cdbs.testUnitReady()), 0x02, 0x04, 0x02);
        assertEquals("activating", a.accessState(0, 2));
        time.advance(Duration.ofMillis(500));
        assertFalse(a.msa().switching());
        assertTrue(start(path(a, "B0", 0)).isGood());
        assertTrue(read(path(a, "B0", 0)).isGood());
    }
}
