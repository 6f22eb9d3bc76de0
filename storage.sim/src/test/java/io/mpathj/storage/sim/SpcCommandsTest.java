package io.mpathj.storage.sim;

import static io.mpathj.storage.sim.Scsi.ascii;
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
import org.junit.jupiter.api.Test;

/** SPC-4 / SBC-3 commands on an ALUA array's active path: exact parameter data and sense bytes. */
class SpcCommandsTest {
    private final SimArray array = TestArrays.alua(new ManualSimTime()).build();
    private final SimPath a0 = TestArrays.path(array, "A0", 0);
    private final SimPath a1 = TestArrays.path(array, "A1", 0);

    @Test
    void testUnitReadyIsGoodWithoutSense() {
        ScsiResult r = noData(a0, Cdbs.testUnitReady());
        assertTrue(r.isGood());
        assertEquals(0, r.senseBytes().length);
    }

    /** SPC-4 6.6.2, table "Standard INQUIRY data format"; TPGS = 11b in byte 5 bits 5..4 (reference §4.2). */
    @Test
    void standardInquiry() {
        byte[] expected = concat(hex("00 00 06 12 1F 30 10 02"), ascii("MPATHJ  "), ascii("SIM ALUA        "),
                ascii("0100"));
        assertArrayEquals(expected, dataIn(a0, Cdbs.inquiry(96), 96));
    }

    @Test
    void standardInquiryReportsTheConfiguredTpgs() {
        SimArray implicitOnly = TestArrays.alua(new ManualSimTime()).tpgs(Tpgs.IMPLICIT).build();
        byte[] d = dataIn(TestArrays.path(implicitOnly, "A0", 0), Cdbs.inquiry(36), 36);
        assertEquals(0x10, d[5]); // scsi_dh_alua: TPGS 1 = implicit only, never sent STPG
    }

    /** SPC-4 4.2.5.6: the allocation length truncates without error; the residual counts the unused buffer. */
    @Test
    void allocationLengthTruncatesAndResidualCountsTheRest() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ScsiResult r = run(a0, ScsiCommand.dataIn(Cdbs.inquiry(8), buf));
        assertTrue(r.isGood());
        assertEquals(56, r.residual());
        assertArrayEquals(hex("00 00 06 12 1F 30 10 02"), java.util.Arrays.copyOf(buf.array(), 8));
        assertEquals(0, buf.get(8));
    }

    /** SPC-4 7.8.13 Supported VPD pages. */
    @Test
    void vpdSupportedPages() {
        assertArrayEquals(hex("00 00 00 03 00 80 83"), dataIn(a0, Cdbs.inquiryVpd(0x00, 255), 255));
    }

    /** SPC-4 7.8.15 Unit Serial Number. */
    @Test
    void vpdUnitSerialNumber() {
        assertArrayEquals(concat(hex("00 80 00 0A"), ascii("SIM-a-0000")), dataIn(a0, Cdbs.inquiryVpd(0x80, 255), 255));
    }

    /**
     * SPC-4 7.8.6 Device Identification: NAA 3h locally assigned (code set 1, association 0, type 3), relative
     * target port (association 01b, type 4h) and target port group (type 5h), each value at designator bytes 6..7
     * where scsi_dh_alua reads it (reference §4.2). A1 is relative port 2 in group 1.
     */
    @Test
    void vpdDeviceIdentification() {
        byte[] expected = hex("00 83 00 1C"
                + " 01 03 00 08 30 00 00 61 00 00 00 00"
                + " 01 14 00 04 00 00 00 02"
                + " 01 15 00 04 00 00 00 01");
        assertArrayEquals(expected, dataIn(a1, Cdbs.inquiryVpd(0x83, 255), 255));
        byte[] b1 = dataIn(TestArrays.path(array, "B1", 1), Cdbs.inquiryVpd(0x83, 255), 255);
        assertArrayEquals(hex("30 00 00 61 00 00 00 01"), java.util.Arrays.copyOfRange(b1, 8, 16)); // LU 1
        assertArrayEquals(hex("01 14 00 04 00 00 00 04 01 15 00 04 00 00 00 02"),
                java.util.Arrays.copyOfRange(b1, 16, 32));
    }

    @Test
    void inquiryErrors() {
        byte[] pageWithoutEvpd = Cdbs.inquiry(36);
        pageWithoutEvpd[2] = (byte) 0x83;
        assertFixedSense(run(a0, ScsiCommand.dataIn(pageWithoutEvpd, ByteBuffer.allocate(36))), 0x05, 0x24, 0x00);
        assertFixedSense(run(a0, ScsiCommand.dataIn(Cdbs.inquiryVpd(0xB0, 64), ByteBuffer.allocate(64))), 0x05,
                0x24, 0x00);
        assertFixedSense(run(a0, ScsiCommand.dataIn(Cdbs.inquiryVpd(0xC0, 64), ByteBuffer.allocate(64))), 0x05,
                0x24, 0x00);
    }

    /** SPC-4 6.33 REPORT LUNS: list length 16, then LUN 0 and LUN 1 in peripheral device addressing. */
    @Test
    void reportLuns() {
        byte[] expected = hex("00 00 00 10 00 00 00 00  00 00 00 00 00 00 00 00  00 01 00 00 00 00 00 00");
        assertArrayEquals(expected, dataIn(a0, Cdbs.reportLuns(64), 64));
    }

    /** SBC-3 5.16.2 READ CAPACITY(16) parameter data: last LBA, block length, 20 zero bytes. */
    @Test
    void readCapacity16() {
        byte[] expected = concat(hex("00 00 00 00 00 00 07 FF 00 00 02 00"), new byte[20]);
        assertArrayEquals(expected, dataIn(a0, Cdbs.readCapacity16(32), 32));
        byte[] lu1 = dataIn(TestArrays.path(array, "A0", 1), Cdbs.readCapacity16(32), 32);
        assertArrayEquals(hex("00 00 00 00 00 00 07 FF 00 00 10 00"), java.util.Arrays.copyOf(lu1, 12));
    }

    /** SBC-3 5.15.2 READ CAPACITY(10) parameter data. */
    @Test
    void readCapacity10() {
        byte[] cdb = new byte[10];
        cdb[0] = 0x25;
        assertArrayEquals(hex("00 00 07 FF 00 00 02 00"), dataIn(a0, cdb, 8));
    }

    /** SPC-4 4.5.3 fixed format sense for an unsupported operation code: 05/20/00. */
    @Test
    void unknownOpcodeIsInvalidCommandOperationCode() {
        byte[] unmap = new byte[10];
        unmap[0] = 0x42;
        ScsiResult r = noData(a0, unmap);
        assertArrayEquals(hex("70 00 05 00 00 00 00 0A 00 00 00 00 20 00 00 00 00 00"), r.senseBytes());
    }

    @Test
    void truncatedCdbIsInvalidField() {
        assertFixedSense(noData(a0, new byte[] {0x12, 0, 0}), 0x05, 0x24, 0x00);
    }

    @Test
    void lbaOutOfRange() {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        assertFixedSense(run(a0, ScsiCommand.dataIn(Cdbs.read10(2047, 2), buf)), 0x05, 0x21, 0x00);
        assertFixedSense(run(a0, ScsiCommand.dataIn(Cdbs.read16(2048, 1), buf)), 0x05, 0x21, 0x00);
        byte[] hugeLba = Cdbs.write16(0, 1);
        Cdbs.putU64(hugeLba, 2, 0xFFFF_FFFF_FFFF_FFFFL);
        assertFixedSense(run(a0, ScsiCommand.dataOut(hugeLba, buf)), 0x05, 0x21, 0x00);
    }

    /**
     * MODE SENSE(6), Control page current values: header(6) (SPC-4 7.5.5) with MODE DATA LENGTH 17h and block
     * descriptor length 8, short block descriptor (SBC-3 6.4.2.2), Control page (SPC-4 7.5.8) D_SENSE 0.
     */
    @Test
    void modeSense6ControlPage() {
        byte[] expected = hex("17 00 00 08  00 00 08 00 00 00 02 00  0A 0A 00 00 00 00 00 00 00 00 00 00");
        assertArrayEquals(expected, dataIn(a0, Cdbs.modeSense6(0x0A, 0, 255), 255));
    }

    @Test
    void modeSense6ChangeableValuesShowOnlyDSense() {
        byte[] cdb = Cdbs.modeSense6(0x0A, 0, 255);
        cdb[1] = 0x08; // DBD
        cdb[2] |= 0x40; // PC = changeable
        assertArrayEquals(hex("0F 00 00 00  0A 0A 04 00 00 00 00 00 00 00 00 00"), dataIn(a0, cdb, 255));
    }

    /** MODE SENSE(10), all pages, LLBAA: header(10) with LONGLBA, long LBA block descriptor, Caching, Control. */
    @Test
    void modeSense10AllPagesLongLba() {
        byte[] cdb = Cdbs.modeSense10(0x3F, 0, 1024);
        cdb[1] = 0x10;
        byte[] expected = concat(hex("00 36 00 00 01 00 00 10"),
                hex("00 00 00 00 00 00 08 00 00 00 00 00 00 00 02 00"),
                hex("08 12"), new byte[18],
                hex("0A 0A"), new byte[10]);
        assertArrayEquals(expected, dataIn(a0, cdb, 1024));
    }

    @Test
    void modeSenseErrors() {
        ByteBuffer buf = ByteBuffer.allocate(255);
        assertFixedSense(run(a0, ScsiCommand.dataIn(Cdbs.modeSense6(0x1C, 0, 255), buf)), 0x05, 0x24, 0x00);
        byte[] saved = Cdbs.modeSense6(0x0A, 0, 255);
        saved[2] |= (byte) 0xC0;
        assertFixedSense(run(a0, ScsiCommand.dataIn(saved, buf)), 0x05, 0x39, 0x00);
    }

    /**
     * MODE SELECT(10) of the Control page with D_SENSE set switches the LU to descriptor format sense (SPC-4 4.5.2,
     * table "Descriptor format sense data"); the other nexus gets 06/2A/01 MODE PARAMETERS CHANGED, in that format.
     */
    @Test
    void modeSelectDSenseSwitchesToDescriptorSense() {
        byte[] list = concat(new byte[8], hex("0A 0A 04 00 00 00 00 00 00 00 00 00"));
        assertTrue(dataOut(a0, Cdbs.modeSelect10(true, list.length), list).isGood());
        assertTrue(array.logicalUnit(0).descriptorSense());

        byte[] unmap = new byte[10];
        unmap[0] = 0x42;
        assertArrayEquals(hex("72 05 20 00 00 00 00 00"), noData(a0, unmap).senseBytes());
        assertArrayEquals(hex("72 06 2A 01 00 00 00 00"), noData(a1, Cdbs.testUnitReady()).senseBytes());
        assertTrue(noData(a1, Cdbs.testUnitReady()).isGood());
        assertTrue(noData(a0, Cdbs.testUnitReady()).isGood(), "the nexus that changed the page gets no UA");

        byte[] current = Cdbs.modeSense6(0x0A, 0, 255);
        current[1] = 0x08;
        assertArrayEquals(hex("0F 00 00 00  0A 0A 04 00 00 00 00 00 00 00 00 00"), dataIn(a0, current, 255));
    }

    @Test
    void modeSelect6BackToFixedSense() {
        array.logicalUnit(0).setDescriptorSense(true);
        byte[] list = concat(new byte[4], hex("0A 0A 00 00 00 00 00 00 00 00 00 00"));
        assertTrue(dataOut(a0, Cdbs.modeSelect6(true, list.length), list).isGood());
        byte[] unmap = new byte[10];
        unmap[0] = 0x42;
        assertFixedSense(noData(a0, unmap), 0x05, 0x20, 0x00);
    }

    @Test
    void modeSelectErrors() {
        byte[] notChangeable = concat(new byte[4], hex("0A 0A 00 10 00 00 00 00 00 00 00 00"));
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(true, notChangeable.length), notChangeable), 0x05, 0x26, 0);
        byte[] unknownPage = concat(new byte[4], hex("1C 0A 00 00 00 00 00 00 00 00 00 00"));
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(true, unknownPage.length), unknownPage), 0x05, 0x26, 0);
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(true, 2), new byte[2]), 0x05, 0x1A, 0x00);
        byte[] truncatedPage = concat(new byte[4], hex("0A 0A 00 00"));
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(true, truncatedPage.length), truncatedPage), 0x05, 0x1A, 0);
        byte[] save = Cdbs.modeSelect6(true, 16);
        save[1] |= 0x01;
        assertFixedSense(dataOut(a0, save, new byte[16]), 0x05, 0x24, 0x00);
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(false, 16), new byte[16]), 0x05, 0x24, 0x00);
        byte[] wrongBlockLength = concat(hex("00 00 00 08  00 00 00 00 00 00 10 00"));
        assertFixedSense(dataOut(a0, Cdbs.modeSelect6(true, wrongBlockLength.length), wrongBlockLength), 0x05,
                0x26, 0x00);
    }

    @Test
    void modeSelectAcceptsAMatchingBlockDescriptor() {
        byte[] list = hex("00 00 00 08  00 00 08 00 00 00 02 00");
        assertTrue(dataOut(a0, Cdbs.modeSelect6(true, list.length), list).isGood());
    }

    /** REQUEST SENSE (SPC-4 6.39) without a pending condition: NO SENSE, fixed or (DESC=1) descriptor format. */
    @Test
    void requestSenseWithoutPendingCondition() {
        assertArrayEquals(hex("70 00 00 00 00 00 00 0A 00 00 00 00 00 00 00 00 00 00"),
                dataIn(a0, Cdbs.requestSense(false, 252), 252));
        assertArrayEquals(hex("72 00 00 00 00 00 00 00"), dataIn(a0, Cdbs.requestSense(true, 252), 252));
    }
}
