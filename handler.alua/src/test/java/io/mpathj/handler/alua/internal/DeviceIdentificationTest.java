package io.mpathj.handler.alua.internal;

import static io.mpathj.handler.alua.internal.ScriptedDevice.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Device Identification VPD page (SPC-4 7.8.6) and standard INQUIRY (SPC-4 6.6.2), byte by byte. */
class DeviceIdentificationTest {

    @Test
    void findsTheGroupThePortAndTheLogicalUnit() throws Exception {
        byte[] page = TestTarget.vpd83(0x0102, 3);
        assertEquals("00 83 00 1c 01 03 00 08 60 01 40 50 00 00 00 01 01 14 00 04 00 00 00 03 "
                + "01 15 00 04 00 00 01 02", ScriptedDevice.hex(page));
        DeviceIdentification id = DeviceIdentification.parse(page, page.length);
        assertEquals(OptionalInt.of(0x102), id.targetPortGroup());
        assertEquals(OptionalInt.of(3), id.relativeTargetPort());
        assertEquals("3:6001405000000001", id.logicalUnit());
        assertEquals(32, DeviceIdentification.declaredLength(page, page.length));
    }

    @Test
    void withoutATargetPortGroupDesignatorTheGroupIsEmpty() throws Exception {
        byte[] page = TestTarget.vpd83(-1, 1);
        DeviceIdentification id = DeviceIdentification.parse(page, page.length);
        assertTrue(id.targetPortGroup().isEmpty());
        assertEquals(OptionalInt.of(1), id.relativeTargetPort());
    }

    @Test
    void theAssociationIsNotCheckedAndTheFirstDesignatorWins() throws Exception {
        // T10 vendor id (type 1, association LU) first, then two TPG designators with association 10b (target device)
        byte[] page = bytes("00 83 00 18 02 01 00 04 41 42 43 44 01 25 00 04 00 00 00 07 01 25 00 04 00 00 00 08"
                + " 01 24 00 04");
        DeviceIdentification id = DeviceIdentification.parse(page, 32);
        assertEquals(OptionalInt.of(7), id.targetPortGroup());
        assertEquals("1:41424344", id.logicalUnit());
        assertTrue(id.relativeTargetPort().isEmpty(), "a designator beyond the page length is not read");
    }

    @Test
    void aPageCutShortIsReadAsFarAsWholeDescriptorsGo() throws Exception {
        byte[] page = TestTarget.vpd83(5, 2);
        DeviceIdentification id = DeviceIdentification.parse(page, 26);
        assertEquals(OptionalInt.of(2), id.relativeTargetPort());
        assertTrue(id.targetPortGroup().isEmpty());
        assertEquals(32, DeviceIdentification.declaredLength(page, 26));
    }

    @Test
    void malformedPagesAreParseExceptions() {
        ScsiDataFormatException e = assertThrows(ScsiDataFormatException.class,
                () -> DeviceIdentification.parse(bytes("00 83 00"), 3));
        assertEquals("VPD page 0x83 of 3 bytes has no header", e.getMessage());
        e = assertThrows(ScsiDataFormatException.class,
                () -> DeviceIdentification.parse(bytes("00 80 00 00"), 4));
        assertEquals("VPD page 0x80 returned for page 0x83", e.getMessage());
        e = assertThrows(ScsiDataFormatException.class,
                () -> DeviceIdentification.parse(bytes("00 83 00 08 01 15 00 08 00 00 00 01"), 12));
        assertEquals("designation descriptor at byte 4 with length 8 runs past the page length 12", e.getMessage());
    }

    @Test
    void randomPagesNeverThrowAnythingButTheParseException() {
        Fuzz.run(17, 48, (b, random) -> {
            if (b.length > 3) {
                b[1] = (byte) 0x83;
                b[2] = 0;
            }
        }, (b, length, random) -> DeviceIdentification.parse(b, length));
    }

    @Test
    void standardInquiryTpgsAndDeviceType() throws Exception {
        byte[] d = TestTarget.standardInquiry(2);
        d[0] = 0x14; // zoned block device
        StandardInquiry s = StandardInquiry.parse(d, 36);
        assertEquals(2, s.tpgs());
        assertTrue(s.explicit());
        assertFalse(s.implicit());
        assertEquals(0x14, s.deviceType());
        assertEquals(0, s.peripheralQualifier());
        assertEquals(1, StandardInquiry.parse(bytes("60 00 00 00 00 1f"), 6).tpgs());
        assertEquals(3, StandardInquiry.parse(bytes("60 00 00 00 00 1f"), 6).peripheralQualifier());
        ScsiDataFormatException e = assertThrows(ScsiDataFormatException.class,
                () -> StandardInquiry.parse(bytes("00 00 00 00 00 30"), 5));
        assertEquals("standard INQUIRY data of 5 bytes has no TPGS field (byte 5)", e.getMessage());
    }
}
