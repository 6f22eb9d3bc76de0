package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.ascii;
import static io.mpathj.storage.sim.Scsi.assertFixedSense;
import static io.mpathj.storage.sim.Scsi.concat;
import static io.mpathj.storage.sim.Scsi.dataIn;
import static io.mpathj.storage.sim.Scsi.dataOut;
import static io.mpathj.storage.sim.Scsi.hex;
import static io.mpathj.storage.sim.Scsi.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The CLARiiON personality as scsi_dh_emc probes and drives it (reference §4.3). */
class ClariionTest {
    /** Long trespass: MODE SELECT(10), 8-byte header + page 22h, length 09h, 01 FF FF and six zero bytes. */
    private static final String LONG_TRESPASS = "00 00 00 00 00 00 00 00  22 09 01 FF FF 00 00 00 00 00 00";
    /** Short trespass (FC series): MODE SELECT(6), 4-byte header + page 22h, length 02h, 01 FF. */
    private static final String SHORT_TRESPASS = "00 00 00 00  22 02 01 FF";

    private final SimArray array = TestArrays.clariion(new ManualSimTime()).build();
    private final SimPath a1 = TestArrays.path(array, "A1", 0);
    private final SimPath b0 = TestArrays.path(array, "B0", 0);

    private static ScsiResult read(SimPath path) {
        return run(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)));
    }

    private static ScsiResult longTrespass(SimPath path, boolean honorReservations) {
        byte[] list = hex(LONG_TRESPASS);
        list[10] |= (byte) (honorReservations ? 0 : 0x80); // scsi_dh_emc sets 0x80 when NOT honoring
        return dataOut(path, Cdbs.modeSelect10(true, list.length), list);
    }

    private static byte[] spInfo(SimPath path) {
        return dataIn(path, Cdbs.inquiryVpd(0xC0, 0xFC), 0xFC);
    }

    /** Vendor DGC and a "RAID" product make scsi_dh_emc attach; TPGS 0 keeps scsi_dh_alua away. */
    @Test
    void standardInquiry() {
        assertArrayEquals(concat(hex("00 00 06 12 1F 00 10 02"), ascii("DGC     "), ascii("RAID 5          "),
                ascii("0100")), dataIn(a1, Cdbs.inquiry(36), 36));
        assertArrayEquals(hex("00 00 00 04 00 80 83 C0"), dataIn(a1, Cdbs.inquiryVpd(0, 255), 255));
    }

    @Test
    void vpd83HasNoTargetPortGroupDesignator() {
        assertArrayEquals(hex("00 83 00 14 01 03 00 08 30 00 00 63 00 00 00 00 01 14 00 04 00 00 00 02"),
                dataIn(a1, Cdbs.inquiryVpd(0x83, 255), 255));
    }

    /**
     * VPD C0h: byte 4 LUN state (2 owned, 1 bound), byte 5 default SP, byte 7 port, byte 8 the path's SP, bytes
     * 10..25 the LU's WWN, byte 27 initiator type 3, byte 28 failover mode 4, byte 30 arraycommpath, byte 48 NDU; the
     * other bytes zero.
     */
    @Test
    void vpdC0ThroughTheOwningAndThePassiveSp() {
        byte[] expected = new byte[64];
        expected[1] = (byte) 0xC0;
        expected[3] = 0x3C;
        expected[4] = 2;
        expected[7] = 1;
        System.arraycopy(hex("60 06 01 60 00 00 00 00 30 00 00 63 00 00 00 00"), 0, expected, 10, 16);
        expected[27] = 3;
        expected[28] = 4;
        expected[30] = 0x04;
        assertArrayEquals(expected, spInfo(a1));

        expected[4] = 1;
        expected[7] = 0;
        expected[8] = 1;
        assertArrayEquals(expected, spInfo(b0));

        byte[] lu1 = spInfo(TestArrays.path(array, "B1", 1));
        assertArrayEquals(hex("02 01 00 01 01"), java.util.Arrays.copyOfRange(lu1, 4, 9));
    }

    /**
     * The WWN in C0h bytes 10..25 is the LU's, the same through every SP and port and from one read to the next,
     * and another LU's differs; it follows the LU's VPD 83h NAA identifier (multipath-tools' emc_clariion checker
     * downs a path whose WWN changed).
     */
    @Test
    void vpdC0CarriesTheLusWwnThroughEverySp() {
        byte[] wwn = java.util.Arrays.copyOfRange(spInfo(a1), 10, 26);
        assertArrayEquals(wwn, java.util.Arrays.copyOfRange(spInfo(b0), 10, 26));
        assertArrayEquals(wwn, java.util.Arrays.copyOfRange(spInfo(a1), 10, 26));
        byte[] naa = java.util.Arrays.copyOfRange(dataIn(a1, Cdbs.inquiryVpd(0x83, 255), 255), 8, 16);
        assertArrayEquals(naa, java.util.Arrays.copyOfRange(wwn, 8, 16));
        byte[] lu1 = java.util.Arrays.copyOfRange(spInfo(TestArrays.path(array, "A0", 1)), 10, 26);
        assertTrue(!java.util.Arrays.equals(wwn, lu1), "LU 1 has its own WWN");
    }

    @Test
    void ioOnThePassiveSpIsNotReadyManualIntervention() {
        assertTrue(read(a1).isGood());
        assertFixedSense(read(b0), 0x02, 0x04, 0x03);
        assertTrue(run(b0, ScsiCommand.noData(Cdbs.testUnitReady())).isGood(), "probes still work on SP B");
        assertTrue(read(TestArrays.path(array, "B0", 1)).isGood(), "LU 1 is owned by SP B");
        assertFixedSense(read(TestArrays.path(array, "A0", 1)), 0x02, 0x04, 0x03);
    }

    @Test
    void longTrespassMovesTheLuToTheSendersSp() {
        assertTrue(longTrespass(b0, false).isGood());
        assertEquals(2, array.clariion().owner(0));
        assertEquals(1, array.clariion().defaultOwner(0));
        assertTrue(read(b0).isGood());
        assertFixedSense(read(a1), 0x02, 0x04, 0x03);
        assertEquals(2, spInfo(b0)[4]);
        assertEquals(1, spInfo(a1)[4]);
        assertEquals(2, array.clariion().owner(1), "LU 1 stays with SP B");
        assertTrue(longTrespass(TestArrays.path(array, "A0", 1), false).isGood());
        assertEquals(1, array.clariion().owner(1));
        assertEquals(2, array.clariion().owner(0), "only the addressed LU moves");
    }

    @Test
    void shortTrespassWorksToo() {
        byte[] list = hex(SHORT_TRESPASS);
        assertTrue(dataOut(b0, Cdbs.modeSelect6(true, list.length), list).isGood());
        assertEquals(2, array.clariion().owner(0));
    }

    /** The 2005 handler sent the long page with MODE SELECT(6) and a 4-byte header; the array takes that too. */
    @Test
    void longPageInModeSelect6() {
        byte[] list = hex("00 00 00 00  22 09 81 FF FF 00 00 00 00 00 00");
        assertTrue(dataOut(b0, Cdbs.modeSelect6(true, list.length), list).isGood());
        assertEquals(2, array.clariion().owner(0));
    }

    @Test
    void aTrespassHonoringReservationsConflictsWithAnotherHostsReservation() {
        array.clariion().setReservedByOtherHost(0, true);
        ScsiResult r = longTrespass(b0, true);
        assertEquals(ScsiStatus.RESERVATION_CONFLICT, r.status());
        assertEquals(0, r.senseBytes().length);
        assertEquals(1, array.clariion().owner(0));
        assertTrue(longTrespass(b0, false).isGood(), "bit 7 set: reservations ignored");
        assertEquals(2, array.clariion().owner(0));
    }

    /** NDU in progress: VPD C0h byte 48 set and the trespass refused with 02/04/03 (scsi_dh_emc: TEMP_BUSY). */
    @Test
    void nonDisruptiveUpgradeRefusesTrespass() {
        array.clariion().setNonDisruptiveUpgrade(true);
        assertEquals(1, spInfo(b0)[48]);
        assertFixedSense(longTrespass(b0, false), 0x02, 0x04, 0x03);
        assertEquals(1, array.clariion().owner(0));
    }

    @Test
    void malformedTrespassPagesAreInvalidParameters() {
        byte[] badCode = hex("00 00 00 00  22 02 05 FF");
        assertFixedSense(dataOut(b0, Cdbs.modeSelect6(true, badCode.length), badCode), 0x05, 0x26, 0x00);
        byte[] badLength = hex("00 00 00 00  22 03 01 FF FF");
        assertFixedSense(dataOut(b0, Cdbs.modeSelect6(true, badLength.length), badLength), 0x05, 0x26, 0x00);
    }

    @Test
    void arraySideTrespassAndNoRtpg() {
        array.clariion().trespass(0, 2);
        assertTrue(read(b0).isGood());
        assertFixedSense(run(a1, ScsiCommand.dataIn(Cdbs.reportTargetPortGroups(false, 64),
                ByteBuffer.allocate(64))), 0x05, 0x20, 0x00);
        assertFixedSense(dataOut(a1, Cdbs.setTargetPortGroups(8), new byte[8]), 0x05, 0x20, 0x00);
    }

    @Test
    void failoverModeIsConfigurable() {
        SimArray aluaMode = TestArrays.clariion(new ManualSimTime()).failoverMode(6).build();
        assertEquals(6, spInfo(TestArrays.path(aluaMode, "A0", 0))[28]);
    }
}
