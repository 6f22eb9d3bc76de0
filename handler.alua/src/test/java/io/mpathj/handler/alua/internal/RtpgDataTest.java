package io.mpathj.handler.alua.internal;

import static io.mpathj.handler.alua.internal.ScriptedDevice.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** REPORT TARGET PORT GROUPS parameter data, SPC-4 r36 §6.37, byte by byte. */
class RtpgDataTest {
    /** Extended header (FORMAT TYPE 001b, IMPLICIT TRANSITION TIME 30 s) and two descriptors. */
    private static final String EXTENDED = "00 00 00 20 10 1e 00 00"
            // PREF, AAS 0 (A/O); supported T O U S AN AO; TPG 0x0001; status 01 (STPG); vendor 7f; 2 ports
            + " 80 cf 00 01 00 01 7f 02 00 00 00 01 00 00 00 02"
            // AAS 2 (standby); supported T O LBD U S AN AO (+ reserved bit 5 ignored); TPG 0x0102; status 02; 1 port
            + " 02 ff 01 02 00 02 00 01 00 00 01 00";

    @Test
    void decodesTheExtendedHeaderAndEveryDescriptorField() throws Exception {
        byte[] data = bytes(EXTENDED);
        RtpgData d = RtpgData.parse(data, data.length, true);
        assertEquals(0x20, d.returnDataLength());
        assertEquals(36, d.totalLength());
        assertTrue(d.extendedHeader());
        assertEquals(30, d.implicitTransitionTime());
        assertFalse(d.truncated());
        assertEquals(List.of(
                new RtpgData.PortGroupDescriptor(true, 0x0, 0xCF, 1, 1, List.of(1, 2)),
                new RtpgData.PortGroupDescriptor(false, 0x2, 0xFF, 0x102, 2, List.of(0x100))), d.groups());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, d.group(1).orElseThrow().state());
        assertEquals(AluaState.STANDBY, d.group(0x102).orElseThrow().state());
        assertTrue(d.group(3).isEmpty());
    }

    @Test
    void decodesTheLengthOnlyHeader() throws Exception {
        byte[] data = bytes("00 00 00 08 0f 80 00 05 00 00 00 00");
        RtpgData d = RtpgData.parse(data, data.length, false);
        assertFalse(d.extendedHeader());
        assertEquals(0, d.implicitTransitionTime());
        assertEquals(List.of(new RtpgData.PortGroupDescriptor(false, 0xF, 0x80, 5, 0, List.of())), d.groups());
        assertEquals(AluaState.TRANSITIONING, d.groups().get(0).state());
    }

    @Test
    void byteFourIsAFormatTypeOnlyWhenTheExtendedHeaderWasAskedFor() throws Exception {
        // a length-only answer whose first descriptor byte happens to be 0x10 (reserved bit 4 | AAS 0)
        byte[] data = bytes("00 00 00 08 10 01 00 07 00 00 00 00");
        RtpgData d = RtpgData.parse(data, data.length, false);
        assertEquals(7, d.groups().get(0).groupId());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, d.groups().get(0).state());
        // and an array that ignores the request answers with the length-only header: byte 4 is a descriptor
        byte[] ignored = bytes("00 00 00 08 02 04 00 07 00 00 00 00");
        RtpgData e = RtpgData.parse(ignored, ignored.length, true);
        assertFalse(e.extendedHeader());
        assertEquals(AluaState.STANDBY, e.groups().get(0).state());
    }

    @Test
    void aShortAllocationGivesTheWholeDescriptorsAndTheLengthNeeded() throws Exception {
        byte[] data = bytes(EXTENDED);
        RtpgData d = RtpgData.parse(data, 30, true);
        assertTrue(d.truncated());
        assertEquals(36, d.totalLength());
        assertEquals(1, d.groups().size());
        assertEquals(1, d.groups().get(0).groupId());
        RtpgData headerOnly = RtpgData.parse(data, 4, true);
        assertTrue(headerOnly.truncated());
        assertEquals(List.of(), headerOnly.groups());
    }

    @Test
    void reservedStateCodesAreUnknownAndPaddingIsIgnored() throws Exception {
        byte[] data = bytes("00 00 00 0c 05 01 00 09 00 00 00 00 00 00 00 00");
        RtpgData d = RtpgData.parse(data, data.length, false);
        assertEquals(AluaState.UNKNOWN, d.groups().get(0).state());
        assertEquals(1, d.groups().size());
    }

    @Test
    void malformedDataIsAParseExceptionWithItsReason() {
        ScsiDataFormatException e = assertThrows(ScsiDataFormatException.class,
                () -> RtpgData.parse(bytes("00 00 00"), 3, true));
        assertEquals("RTPG parameter data of 3 bytes has no RETURN DATA LENGTH", e.getMessage());
        e = assertThrows(ScsiDataFormatException.class,
                () -> RtpgData.parse(bytes("00 00 00 02 10 3c"), 6, true));
        assertEquals("RETURN DATA LENGTH 2 is shorter than the extended header", e.getMessage());
    }

    @Test
    void aDescriptorWhosePortsRunPastTheReturnDataLengthKeepsItsHeaderAndThePortsThatFit() throws Exception {
        // a descriptor claiming 3 ports in a 12-byte descriptor area: read as Linux reads it, the defect named
        RtpgData d = RtpgData.parse(bytes("00 00 00 0c 00 01 00 01 00 00 00 03 00 00 00 01"), 16, false);
        assertEquals(List.of(new RtpgData.PortGroupDescriptor(false, 0x0, 0x01, 1, 0, List.of(1))), d.groups());
        assertFalse(d.consistent());
        assertFalse(d.truncated());
        assertEquals("target port group descriptor at byte 4 with 3 target ports runs past RETURN DATA LENGTH 12",
                d.defect());
    }

    @Test
    void liosExtendedAnswerIsReadAsLinuxReadsIt() throws Exception {
        // LIO (Linux 6.1) leaves the extended header's 4 bytes out of RETURN DATA LENGTH: group 2's port is cut
        byte[] data = LioFixtures.extended();
        RtpgData d = RtpgData.parse(data, data.length, true);
        assertTrue(d.extendedHeader());
        assertEquals(24, d.returnDataLength());
        assertEquals(0, d.implicitTransitionTime());
        assertFalse(d.truncated(), "all 28 bytes the RETURN DATA LENGTH announces arrived");
        assertEquals(List.of(
                new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                new RtpgData.PortGroupDescriptor(false, 0x2, 0xCF, 2, 2, List.of())), d.groups());
        assertEquals("target port group descriptor at byte 20 with 1 target ports runs past RETURN DATA LENGTH 24",
                d.defect());
        // the same bytes in a larger buffer (the 4 bytes past the length are whatever the buffer held)
        byte[] big = new byte[128];
        System.arraycopy(data, 0, big, 0, data.length);
        big[28] = 0x7F;
        assertEquals(d, RtpgData.parse(big, 128, true));
    }

    @Test
    void liosLengthOnlyAnswerIsWhole() throws Exception {
        byte[] data = LioFixtures.lengthOnly();
        RtpgData d = RtpgData.parse(data, data.length, false);
        assertFalse(d.extendedHeader());
        assertTrue(d.consistent());
        assertEquals(List.of(
                new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                new RtpgData.PortGroupDescriptor(false, 0x2, 0xCF, 2, 2, List.of(2))), d.groups());
        assertEquals(AluaState.STANDBY, d.group(2).orElseThrow().state());
    }

    @Test
    void randomBytesNeverThrowAnythingButTheParseException() {
        Fuzz.run(4711, 64, (b, random) -> {
            if (b.length > 3 && random.nextBoolean()) {
                b[0] = 0;
                b[1] = 0;
                b[2] = 0;
                b[3] = (byte) random.nextInt(64);
            }
        }, (b, length, random) -> assertTrue(RtpgData.parse(b, length, random.nextBoolean()).groups().size() <= 8));
    }

    @Test
    void stpgParameterListNamesOneGroup() {
        // SPC-4 r36 §6.45: 4 reserved bytes, then AAS 0 for target port group 0x0102
        assertEquals("00 00 00 00 00 00 01 02", ScriptedDevice.hex(StpgParameters.of(0x102,
                AluaState.ACTIVE_OPTIMIZED)));
        assertEquals("00 00 00 00 02 00 ff ff", ScriptedDevice.hex(StpgParameters.of(0xFFFF, AluaState.STANDBY)));
        assertThrows(IllegalArgumentException.class, () -> StpgParameters.of(0x10000, AluaState.STANDBY));
        assertThrows(IllegalArgumentException.class, () -> StpgParameters.of(1, AluaState.UNKNOWN));
    }

    @Test
    void supportStringHasTheKernelsLetterOrder() {
        assertEquals("TOlUSNA", AluaState.supportString(0xCF));
        assertEquals("tolusnA", AluaState.supportString(0x01));
    }
}
