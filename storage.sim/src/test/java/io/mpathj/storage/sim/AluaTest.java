package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.concat;
import static io.mpathj.storage.sim.Scsi.dataIn;
import static io.mpathj.storage.sim.Scsi.dataOut;
import static io.mpathj.storage.sim.Scsi.hex;
import static io.mpathj.storage.sim.Scsi.noData;
import static io.mpathj.storage.sim.Scsi.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ALUA personality (SPC-4 5.15): RTPG and STPG bytes, the sense of each access state, transitions explicit and
 * implicit, as scsi_dh_alua sends and reads them (reference §4.2).
 */
class AluaTest {
    /** Group 1: PREF, AO, supports T/O/U/S/AN/AO (CFh), ports 1 and 2; group 2: standby, ports 3 and 4. */
    private static final String INITIAL_DESCRIPTORS = "80 CF 00 01 00 00 00 02  00 00 00 01 00 00 00 02"
            + " 02 CF 00 02 00 00 00 02  00 00 00 03 00 00 00 04";

    private final ManualSimTime time = new ManualSimTime();
    private final SimArray array = TestArrays.alua(time).build();
    private final SimPath a0 = TestArrays.path(array, "A0", 0);
    private final SimPath b0 = TestArrays.path(array, "B0", 0);

    private static byte[] rtpg(SimPath path, boolean extended) {
        return dataIn(path, Cdbs.reportTargetPortGroups(extended, 128), 128);
    }

    private static ScsiResult stpg(SimPath path, String list) {
        byte[] data = hex(list);
        return dataOut(path, Cdbs.setTargetPortGroups(data.length), data);
    }

    private static ScsiResult read(SimPath path) {
        return run(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)));
    }

    /** SPC-4 6.37.2: length-only header (RETURN DATA LENGTH = n - 3), then one descriptor per group. */
    @Test
    void rtpgWithoutExtendedHeader() {
        assertArrayEquals(hex("00 00 00 20 " + INITIAL_DESCRIPTORS), rtpg(a0, false));
    }

    /**
     * Extended header: byte 4 = 10h (format type 001b), byte 5 = IMPLICIT TRANSITION TIME. scsi_dh_alua checks
     * {@code buff[4] & 0x70 == 0x10}, takes transition_tmo from buff[5] and descriptors from offset 8.
     */
    @Test
    void rtpgWithExtendedHeader() {
        byte[] d = rtpg(b0, true);
        assertArrayEquals(hex("00 00 00 24 10 3C 00 00 " + INITIAL_DESCRIPTORS), d);
        assertEquals(0x10, d[4] & 0x70);
        array.alua().setAdvertisedTransitionTimeoutSeconds(30);
        assertEquals(30, rtpg(b0, true)[5]);
    }

    /** An older array refuses the extended header with 05/24/00; scsi_dh_alua retries with the short one. */
    @Test
    void olderArraysRefuseTheExtendedHeader() {
        SimPath old = TestArrays.path(TestArrays.alua(time).rtpgExtendedHeader(false).build(), "A0", 0);
        assertFixedSense(run(old, ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(true, 128),
                ByteBuffer.allocate(128))), 0x05, 0x24, 0x00);
        assertArrayEquals(hex("00 00 00 20 " + INITIAL_DESCRIPTORS), rtpg(old, false));
    }

    @Test
    void rtpgRejectsUnknownParameterDataFormats() {
        byte[] cdb = Cdbs.reportTargetPortGroups(false, 128);
        cdb[1] |= 0x40;
        assertFixedSense(run(a0, ScsiCommand.dataIn(cdb, ByteBuffer.allocate(128))), 0x05, 0x24, 0x00);
    }

    /** SPC-4 5.15.2.4: I/O is refused with NOT READY and the state's ASCQ; active states serve it. */
    @Test
    void ioInEachAccessState() {
        assertTrue(read(a0).isGood());
        assertFixedSense(read(b0), 0x02, 0x04, 0x0B);
        array.alua().setState(2, AccessState.ACTIVE_NON_OPTIMIZED);
        array.clearUnitAttentions();
        assertTrue(read(b0).isGood());
        array.alua().setState(1, AccessState.UNAVAILABLE);
        array.clearUnitAttentions();
        assertFixedSense(read(a0), 0x02, 0x04, 0x0C);
        array.alua().setState(1, AccessState.TRANSITIONING);
        array.clearUnitAttentions();
        assertFixedSense(read(a0), 0x02, 0x04, 0x0A);
        array.alua().setState(1, AccessState.OFFLINE);
        array.clearUnitAttentions();
        assertFixedSense(read(a0), 0x02, 0x04, 0x12);
    }

    /** Standby refuses TEST UNIT READY (multipath-tools' tur checker calls that "ghost") but serves probes. */
    @Test
    void standbyServesProbesButNotTestUnitReady() {
        assertFixedSense(noData(b0, Cdbs.testUnitReady()), 0x02, 0x04, 0x0B);
        assertEquals(32, dataIn(b0, Cdbs.readCapacity16(32), 32).length);
        assertEquals(24, dataIn(b0, Cdbs.modeSense6(0x0A, 0, 255), 255).length);
        assertEquals(36, dataIn(b0, Cdbs.inquiry(36), 36).length);
    }

    @Test
    void transitioningAndOfflineStillAnswerRtpgAndInquiry() {
        array.alua().setState(1, AccessState.TRANSITIONING);
        array.clearUnitAttentions();
        assertEquals((byte) 0x8F, rtpg(a0, true)[8]);
        array.alua().setState(1, AccessState.OFFLINE);
        array.clearUnitAttentions();
        assertEquals((byte) 0x8E, rtpg(a0, true)[8]);
        assertEquals(36, dataIn(a0, Cdbs.inquiry(36), 36).length);
        assertFixedSense(stpg(a0, "00 00 00 00 00 00 00 01"), 0x02, 0x04, 0x12);
    }

    /**
     * STPG as scsi_dh_alua sends it (8 bytes: header, then byte 4 = 0 (AO), bytes 6..7 = group): the named group
     * becomes AO, the former AO group is demoted to standby, both with STATUS CODE 01h; every other nexus of the
     * LU gets 06/2A/06, the sender and the other LU do not.
     */
    @Test
    void stpgMakesTheGroupOptimizedAndDemotesTheOther() {
        assertTrue(stpg(b0, "00 00 00 00 00 00 00 02").isGood());
        assertArrayEquals(hex("00 00 00 20"
                + " 82 CF 00 01 00 01 00 02  00 00 00 01 00 00 00 02"
                + " 00 CF 00 02 00 01 00 02  00 00 00 03 00 00 00 04"), rtpg(b0, false));
        assertTrue(read(b0).isGood());
        for (String port : List.of("A0", "A1", "B1")) {
            assertEquals(List.of("06/2a/06"), TestArrays.path(array, port, 0).pendingUnitAttentions(), port);
        }
        assertTrue(b0.pendingUnitAttentions().isEmpty());
        assertTrue(TestArrays.path(array, "A0", 1).pendingUnitAttentions().isEmpty());
        assertFixedSense(read(a0), 0x06, 0x2A, 0x06);
        assertFixedSense(read(a0), 0x02, 0x04, 0x0B);
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(1, 1), "LU 1 keeps its states");
    }

    /** With a transition time, both groups report TRANSITIONING (0Fh) and I/O gets 02/04/0A until it passes. */
    @Test
    void stpgTransitionsForTheConfiguredTime() {
        array.alua().setTransitionTime(Duration.ofSeconds(5));
        assertTrue(stpg(b0, "00 00 00 00 00 00 00 02").isGood());
        byte[] during = rtpg(b0, true);
        assertEquals((byte) 0x8F, during[8]);
        assertEquals((byte) 0x0F, during[8 + 16]);
        assertFixedSense(read(b0), 0x02, 0x04, 0x0A);
        time.advance(Duration.ofMillis(4999));
        assertFixedSense(read(b0), 0x02, 0x04, 0x0A);
        time.advance(Duration.ofMillis(1));
        assertTrue(read(b0).isGood());
        assertEquals(AccessState.STANDBY, array.alua().state(0, 1));
        assertEquals(0, time.pendingTasks());
    }

    @Test
    void stpgErrors() {
        SimArray implicitOnly = TestArrays.alua(time).tpgs(Tpgs.IMPLICIT).build();
        assertFixedSense(stpg(TestArrays.path(implicitOnly, "B0", 0), "00 00 00 00 00 00 00 02"), 0x05, 0x20, 0);
        assertFixedSense(stpg(b0, "00 00 00 00 0E 00 00 02"), 0x05, 0x26, 0x00); // offline cannot be requested
        assertFixedSense(stpg(b0, "00 00 00 00 00 00 00 09"), 0x05, 0x26, 0x00); // no group 9
        assertFixedSense(stpg(b0, "00 00 00 00 00 00"), 0x05, 0x1A, 0x00);
        assertEquals(AccessState.STANDBY, array.alua().state(0, 2));
        assertTrue(stpg(b0, "").isGood());
    }

    /** STPG for the state a group already has changes nothing: no transition, no unit attention. */
    @Test
    void stpgToTheCurrentStateIsANoOp() {
        array.alua().setTransitionTime(Duration.ofSeconds(5));
        assertTrue(stpg(a0, "00 00 00 00 00 00 00 01").isGood());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 1));
        assertEquals(0, time.pendingTasks());
        assertTrue(b0.pendingUnitAttentions().isEmpty());
        assertEquals(0x00, rtpg(a0, false)[4 + 5], "STATUS CODE unchanged");
    }

    @Test
    void stpgCanRequestStandbyAndNonOptimized() {
        assertTrue(stpg(a0, "00 00 00 00 01 00 00 01 02 00 00 02").isGood());
        assertEquals(AccessState.ACTIVE_NON_OPTIMIZED, array.alua().state(0, 1));
        assertEquals(AccessState.STANDBY, array.alua().state(0, 2));
    }

    /**
     * Implicit failover: when every port of the active group goes down, other ports report it UNAVAILABLE and the
     * standby group becomes AO, STATUS CODE 02h (altered by implicit behaviour), with 06/2A/06 everywhere.
     */
    @Test
    void theArrayFailsOverWhenTheActiveGroupLosesAllPorts() {
        array.port("A0").faults().linkDown();
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 1), "one port left: nothing changes");
        array.port("A1").faults().linkDown();
        assertEquals(List.of("06/2a/06"), b0.pendingUnitAttentions());
        array.clearUnitAttentions();
        assertArrayEquals(hex("00 00 00 20"
                + " 83 CF 00 01 00 02 00 02  00 00 00 01 00 00 00 02"
                + " 00 CF 00 02 00 02 00 02  00 00 00 03 00 00 00 04"), rtpg(b0, false));
        assertTrue(read(TestArrays.path(array, "B1", 0)).isGood());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(1, 2), "every LU fails over");

        array.port("A1").faults().linkUp();
        assertEquals(AccessState.STANDBY, array.alua().state(0, 1), "no failback: group 1 comes back demoted");
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
    }

    @Test
    void implicitFailoverGoesThroughTransitioning() {
        array.alua().setTransitionTime(Duration.ofSeconds(2));
        array.port("A0").faults().linkDown();
        array.port("A1").faults().linkDown();
        array.clearUnitAttentions();
        assertFixedSense(read(b0), 0x02, 0x04, 0x0A);
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of("06/2a/06"), b0.pendingUnitAttentions());
        array.clearUnitAttentions();
        assertTrue(read(b0).isGood());
    }

    @Test
    void anExplicitOnlyArrayDoesNotFailOverByItself() {
        SimArray explicit = TestArrays.alua(time).tpgs(Tpgs.EXPLICIT).build();
        explicit.port("A0").faults().linkDown();
        explicit.port("A1").faults().linkDown();
        assertEquals(AccessState.UNAVAILABLE, explicit.alua().state(0, 1));
        assertEquals(AccessState.STANDBY, explicit.alua().state(0, 2));
        explicit.port("A0").faults().linkUp();
        assertEquals(AccessState.ACTIVE_OPTIMIZED, explicit.alua().state(0, 1), "back to its old state");
    }

    @Test
    void scheduledTransitionHappensAtItsTime() {
        array.alua().setTransitionTime(Duration.ofSeconds(2));
        array.alua().scheduleTransition(Duration.ofSeconds(10), 2, AccessState.ACTIVE_NON_OPTIMIZED);
        time.advance(Duration.ofSeconds(9));
        assertEquals(AccessState.STANDBY, array.alua().state(1, 2));
        time.advance(Duration.ofSeconds(1));
        assertEquals(AccessState.TRANSITIONING, array.alua().state(1, 2));
        time.advance(Duration.ofSeconds(2));
        assertEquals(AccessState.ACTIVE_NON_OPTIMIZED, array.alua().state(1, 2));
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(1, 1));
    }

    /** A later transition takes over an earlier one: nothing is left stuck in TRANSITIONING. */
    @Test
    void overlappingTransitionsEndTogether() {
        array.alua().setTransitionTime(Duration.ofSeconds(3));
        array.alua().transition(2, AccessState.ACTIVE_NON_OPTIMIZED);
        time.advance(Duration.ofSeconds(2));
        array.alua().transition(1, AccessState.STANDBY);
        time.advance(Duration.ofSeconds(1));
        assertEquals(AccessState.TRANSITIONING, array.alua().state(0, 2));
        time.advance(Duration.ofSeconds(2));
        assertEquals(AccessState.ACTIVE_NON_OPTIMIZED, array.alua().state(0, 2));
        assertEquals(AccessState.STANDBY, array.alua().state(0, 1));
    }

    @Test
    void anArrayWithoutTpgsHasNoRtpgAndNoTargetPortGroupDesignator() {
        SimArray plain = TestArrays.alua(time).tpgs(Tpgs.NONE).build();
        SimPath p = TestArrays.path(plain, "A0", 0);
        assertFixedSense(run(p, ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(false, 128),
                ByteBuffer.allocate(128))), 0x05, 0x20, 0x00);
        assertArrayEquals(concat(hex("00 83 00 14 01 03 00 08 30 00 00 61 00 00 00 00"),
                hex("01 14 00 04 00 00 00 01")), dataIn(p, Cdbs.inquiryVpd(0x83, 255), 255));
    }
}
