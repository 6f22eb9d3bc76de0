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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The E-Series personality as scsi_dh_rdac probes it (VPD C2h, C4h, C8h, C9h) and moves LUs (page 2Ch). */
class EseriesTest {
    private final ManualSimTime time = new ManualSimTime();
    private final SimArray array = SimArrayBuilder.eseries("e", time)
            .controller("A0", "A1").controller("B0", "B1")
            .memoryLu(0, 2048, 512).memoryLu(1, 2048, 512).memoryLu(5, 2048, 512).defaultOwner(1, 2)
            .powerOnUnitAttention(false)
            .build();

    private SimPath path(String port, int lun) {
        return array.path(port, lun).orElseThrow();
    }

    private static ScsiResult read(SimPath path) {
        return run(path, ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512)));
    }

    /** The parameter list scsi_dh_rdac sends: legacy (MODE SELECT(6)) or expanded (MODE SELECT(10)). */
    private static byte[] rdacPage(boolean expanded, int... luns) {
        byte[] list = new byte[expanded ? 308 : 110];
        int page = expanded ? 8 : 4;
        int common;
        if (expanded) {
            list[page] = 0x2C | 0x40;
            list[page + 1] = 0x01;
            list[page + 2] = 0x01;
            list[page + 3] = 0x28;
            common = page + 4;
        } else {
            list[page] = 0x2C;
            list[page + 1] = 0x68;
            common = page + 2;
        }
        list[common + 33] = 0x02; // rdac_mode[1]: transfer the specified LUNs
        list[common + 36] = 20; // quiescence timeout
        list[common + 37] = 0x02; // forced quiescence
        for (int lun : luns) {
            list[common + 38 + lun] = (byte) 0x81;
        }
        return list;
    }

    private static ScsiResult modeSelect(SimPath path, boolean expanded, int... luns) {
        byte[] list = rdacPage(expanded, luns);
        byte[] cdb = expanded ? Cdbs.modeSelect10(false, list.length) : Cdbs.modeSelect6(false, list.length);
        return dataOut(path, cdb, list);
    }

    private static byte[] vpd(SimPath path, int page) {
        return dataIn(path, Cdbs.inquiryVpd(page, 255), 255);
    }

    @Test
    void standardInquiryNamesTheRdacDeviceAndTheHandlerLinuxAttaches() {
        assertArrayEquals(concat(hex("00 00 06 12 1F 00 10 02"), ascii("NETAPP  "), ascii("INF-01-00       "),
                ascii("0820")), dataIn(path("A0", 0), Cdbs.inquiry(36), 36));
        assertArrayEquals(hex("00 00 00 07 00 80 83 C2 C4 C8 C9"), vpd(path("A0", 0), 0));
        assertEquals(Optional.of("rdac"), path("B0", 0).attachedHandler());
        assertEquals("eseries", array.personality());
    }

    @Test
    void vpdC9ReportsOwnershipAndPreferenceThroughEachController() {
        byte[] c9 = vpd(path("A0", 0), 0xC9);
        assertEquals(48, c9.length);
        assertArrayEquals(hex("00 C9 00 2C"), Arrays.copyOf(c9, 4));
        assertEquals("vace", new String(c9, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(0x01, c9[8], "CVP: controller A owns LU 0; AVT and IOSHIP off");
        assertEquals(0x01, c9[9], "controller A is LU 0's preferred path");
        byte[] b = vpd(path("B1", 0), 0xC9);
        assertEquals(0x00, b[8]);
        assertEquals(0x02, b[9]);
        assertEquals(0x01, vpd(path("B0", 1), 0xC9)[8], "LU 1 belongs to controller B");
        assertEquals(0x01, vpd(path("B0", 1), 0xC9)[9]);
    }

    @Test
    void vpdC2C4C8CarryWhatScsiDhRdacReads() {
        byte[] c2 = vpd(path("A0", 0), 0xC2);
        assertEquals(255, c2.length);
        assertEquals("swr4", new String(c2, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(255, c2[15] & 0xFF, "MAX LUN SUPPORTED >= 32: scsi_dh_rdac uses MODE SELECT(10)");
        byte[] a = vpd(path("A1", 0), 0xC4);
        byte[] b = vpd(path("B0", 0), 0xC4);
        assertEquals(32, a.length);
        assertEquals("subs", new String(a, 4, 4, StandardCharsets.US_ASCII));
        assertArrayEquals(Arrays.copyOfRange(a, 8, 24), Arrays.copyOfRange(b, 8, 24), "one subsystem");
        assertEquals('1', a[29], "slot id '1': controller A (index 0)");
        assertEquals('2', b[29]);
        byte[] c8 = vpd(path("B0", 5), 0xC8);
        assertEquals(175, c8.length);
        assertEquals("edid", new String(c8, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(5, c8[174], "lun[7]: the LUN scsi_dh_rdac marks in the page 2Ch LUN table");
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < 30 && c8[107 + 2 * i + 1] != 0; i++) {
            label.append((char) c8[107 + 2 * i + 1]); // scsi_dh_rdac's array_name: the odd bytes of the UTF-16BE
        }
        assertEquals("e", label.toString());
        assertArrayEquals(Arrays.copyOfRange(c8, 89, 106), Arrays.copyOfRange(vpd(path("A0", 0), 0xC8), 89, 106),
                "one array id through every path and LU");
    }

    @Test
    void ioOnTheControllerThatDoesNotOwnTheLuIsRefusedWith059401() {
        assertTrue(read(path("A0", 0)).isGood());
        assertFixedSense(read(path("B0", 0)), 0x05, 0x94, 0x01);
        assertTrue(read(path("B1", 1)).isGood());
        assertFixedSense(read(path("A1", 1)), 0x05, 0x94, 0x01);
        assertTrue(noData(path("B0", 0), Cdbs.testUnitReady()).isGood(), "TUR works on both controllers");
    }

    @Test
    void legacyModeSelectPage2CMovesTheListedLusToTheReceivingController() {
        assertTrue(modeSelect(path("B1", 0), false, 0, 5).isGood());
        assertTrue(read(path("B0", 0)).isGood());
        assertTrue(read(path("B0", 5)).isGood());
        assertFixedSense(read(path("A0", 0)), 0x05, 0x94, 0x01);
        assertEquals(2, array.eseries().owner(0));
        assertEquals(1, array.eseries().preferredOwner(0));
        assertEquals(0x01, vpd(path("B0", 0), 0xC9)[8]);
        assertEquals(0x02, vpd(path("B0", 0), 0xC9)[9], "preference does not move");
    }

    @Test
    void expandedModeSelectMovesOwnershipThroughTheTransferTime() {
        array.close();
        SimArray slow = SimArrayBuilder.eseries("s", time).controller("A0").controller("B0")
                .memoryLu(0, 64, 512).transitionTime(Duration.ofSeconds(2)).powerOnUnitAttention(false).build();
        SimPath a0 = slow.path("A0", 0).orElseThrow();
        SimPath b0 = slow.path("B0", 0).orElseThrow();
        assertTrue(modeSelect(b0, true, 0).isGood());
        assertTrue(slow.eseries().transferring(0));
        assertFixedSense(read(b0), 0x02, 0x04, 0x01);
        assertFixedSense(read(a0), 0x02, 0x04, 0x01);
        assertFixedSense(modeSelect(a0, true, 0), 0x02, 0x04, 0x01);
        assertTrue(dataIn(b0, Cdbs.inquiryVpd(0xC9, 255), 255)[8] == 0x01, "INQUIRY answers during the move");
        time.advance(Duration.ofSeconds(2));
        assertFalse(slow.eseries().transferring(0));
        assertTrue(read(b0).isGood());
        assertFixedSense(read(a0), 0x05, 0x94, 0x01);
        slow.close();
    }

    @Test
    void aMalformedPage2CIsRefused() {
        byte[] list = rdacPage(false, 0);
        list[4 + 2 + 33] = 0x01; // not "transfer specified LUNs"
        assertFixedSense(dataOut(path("B0", 0), Cdbs.modeSelect6(false, list.length), list), 0x05, 0x26, 0x00);
        byte[] shortList = Arrays.copyOf(rdacPage(false, 0), 60);
        assertFixedSense(dataOut(path("B0", 0), Cdbs.modeSelect6(false, shortList.length), shortList), 0x05, 0x1A,
                0x00);
        assertEquals(1, array.eseries().owner(0));
    }

    @Test
    void theArraySideMovesAnLuAndTheLayoutMustHaveTwoControllers() {
        array.eseries().transfer(0, 2);
        assertEquals(2, array.eseries().owner(0));
        assertEquals("unowned", array.accessState(0, 1));
        assertEquals("owner", array.accessState(0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder
                .eseries("x", time).controller("A0").memoryLu(0, 8, 512).build());
        assertEquals("an E-Series array has two controllers (port groups), not 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimArrayBuilder.eseries("x", time).controller("A0")
                .controller("B0").memoryLu(0, 8, 512).tpgs(Tpgs.BOTH).build());
    }

    @Test
    void maxLunSupportedBelow32AsksForTheLegacyPage() {
        SimArray small = SimArrayBuilder.eseries("m", time).controller("A0").controller("B0").memoryLu(0, 8, 512)
                .option("max_lun_supported", "31").build();
        assertEquals(31, vpd(small.path("A0", 0).orElseThrow(), 0xC2)[15]);
        small.close();
    }
}
