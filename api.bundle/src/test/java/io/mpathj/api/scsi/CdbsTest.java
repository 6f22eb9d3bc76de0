package io.mpathj.api.scsi;

import static io.mpathj.api.scsi.Hex.assertBytes;
import static io.mpathj.api.scsi.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CDB builder, byte for byte. Layouts: SPC-4 and SBC-3, by section; the table numbers are the ones the
 * builders' own Javadoc cites (INQUIRY table 142, RTPG table 246, STPG table 299). Byte 0 is always the
 * operation code and the last byte the CONTROL byte, which mpathj leaves 0.
 */
class CdbsTest {

    // --- SPC-4 6-byte CDBs -------------------------------------------------------------------------------------

    @Test
    void testUnitReady() {
        // SPC-4 6.47: opcode 00h, bytes 1..4 reserved, CONTROL
        assertBytes("00 00 00 00 00 00", Cdbs.testUnitReady());
    }

    @Test
    void requestSense() {
        // SPC-4 6.39: byte 1 bit 0 DESC, byte 4 ALLOCATION LENGTH
        assertBytes("03 00 00 00 12 00", Cdbs.requestSense(false, 18));
        assertBytes("03 01 00 00 fc 00", Cdbs.requestSense(true, 252));
        assertBytes("03 00 00 00 ff 00", Cdbs.requestSense(false, 0xFF));
        assertRangeError("allocation length 256 is outside 0..255", () -> Cdbs.requestSense(false, 256));
        assertRangeError("allocation length -1 is outside 0..255", () -> Cdbs.requestSense(true, -1));
    }

    @Test
    void inquiry() {
        // SPC-4 6.6 table 142: byte 1 bit 0 EVPD, byte 2 PAGE CODE, bytes 3..4 ALLOCATION LENGTH (big-endian)
        assertBytes("12 00 00 00 60 00", Cdbs.inquiry(96));
        assertBytes("12 00 00 ff ff 00", Cdbs.inquiry(0xFFFF));
        assertBytes("12 00 00 01 00 00", Cdbs.inquiry(0x100));
        assertRangeError("allocation length 65536 is outside 0..65535", () -> Cdbs.inquiry(0x10000));
        assertRangeError("allocation length -1 is outside 0..65535", () -> Cdbs.inquiry(-1));
    }

    @Test
    void inquiryVpd() {
        // SPC-4 6.6 table 142 with EVPD=1: device identification page 83h
        assertBytes("12 01 83 00 ff 00", Cdbs.inquiryVpd(0x83, 0xFF));
        assertBytes("12 01 00 10 00 00", Cdbs.inquiryVpd(0x00, 0x1000));
        assertRangeError("VPD page 256 is outside 0..255", () -> Cdbs.inquiryVpd(0x100, 8));
        assertRangeError("VPD page -1 is outside 0..255", () -> Cdbs.inquiryVpd(-1, 8));
        assertRangeError("allocation length 65536 is outside 0..65535", () -> Cdbs.inquiryVpd(0x83, 0x10000));
    }

    @Test
    void modeSense6() {
        // SPC-4 6.11: byte 2 PC (bits 7..6, 00b current) + PAGE CODE (bits 5..0), byte 3 SUBPAGE, byte 4 ALLOC LEN
        assertBytes("1a 00 0a 00 ff 00", Cdbs.modeSense6(0x0A, 0, 0xFF));
        assertBytes("1a 00 3f ff 04 00", Cdbs.modeSense6(0x3F, 0xFF, 4));
        assertRangeError("page code 64 is outside 0..63", () -> Cdbs.modeSense6(0x40, 0, 4));
        assertRangeError("subpage code 256 is outside 0..255", () -> Cdbs.modeSense6(0x0A, 0x100, 4));
        assertRangeError("allocation length 256 is outside 0..255", () -> Cdbs.modeSense6(0x0A, 0, 0x100));
    }

    @Test
    void modeSelect6() {
        // SPC-4 6.9: byte 1 bit 4 PF, byte 4 PARAMETER LIST LENGTH
        assertBytes("15 10 00 00 18 00", Cdbs.modeSelect6(true, 0x18));
        assertBytes("15 00 00 00 ff 00", Cdbs.modeSelect6(false, 0xFF));
        assertRangeError("parameter list length 256 is outside 0..255", () -> Cdbs.modeSelect6(true, 0x100));
        assertRangeError("parameter list length -1 is outside 0..255", () -> Cdbs.modeSelect6(true, -1));
    }

    @Test
    void startStopUnit() {
        // SBC-3 5.25: byte 4 POWER CONDITION (7..4) = 0, LOEJ (bit 1) = 0, START (bit 0)
        assertBytes("1b 00 00 00 01 00", Cdbs.startStopUnit(true));
        assertBytes("1b 00 00 00 00 00", Cdbs.startStopUnit(false));
    }

    // --- 10-byte CDBs ------------------------------------------------------------------------------------------

    @Test
    void read10AndWrite10() {
        // SBC-3 5.11 / 5.32: bytes 2..5 LBA, byte 6 GROUP NUMBER, bytes 7..8 TRANSFER LENGTH
        assertBytes("28 00 12 34 56 78 00 00 08 00", Cdbs.read10(0x12345678L, 8));
        assertBytes("2a 00 12 34 56 78 00 00 08 00", Cdbs.write10(0x12345678L, 8));
        assertBytes("28 00 ff ff ff ff 00 ff ff 00", Cdbs.read10(0xFFFF_FFFFL, 0xFFFF));
        assertBytes("2a 00 00 00 00 00 00 00 00 00", Cdbs.write10(0, 0));
    }

    @Test
    void rw10RangeErrors() {
        assertRangeError("LBA 4294967296 does not fit a 10-byte CDB", () -> Cdbs.read10(0x1_0000_0000L, 1));
        assertRangeError("LBA -1 does not fit a 10-byte CDB", () -> Cdbs.write10(-1, 1));
        assertRangeError("transfer length 65536 is outside 0..65535", () -> Cdbs.read10(0, 0x10000));
        assertRangeError("transfer length -1 is outside 0..65535", () -> Cdbs.write10(0, -1));
    }

    @Test
    void modeSense10() {
        // SPC-4 6.12: byte 2 PC + PAGE CODE, byte 3 SUBPAGE, bytes 7..8 ALLOCATION LENGTH
        assertBytes("5a 00 22 01 00 00 00 12 34 00", Cdbs.modeSense10(0x22, 0x01, 0x1234));
        assertBytes("5a 00 3f ff 00 00 00 ff ff 00", Cdbs.modeSense10(0x3F, 0xFF, 0xFFFF));
        assertRangeError("page code 64 is outside 0..63", () -> Cdbs.modeSense10(0x40, 0, 4));
        assertRangeError("subpage code -1 is outside 0..255", () -> Cdbs.modeSense10(0x0A, -1, 4));
        assertRangeError("allocation length 65536 is outside 0..65535", () -> Cdbs.modeSense10(0x0A, 0, 0x10000));
    }

    @Test
    void modeSelect10() {
        // SPC-4 6.10: byte 1 bit 4 PF, bytes 7..8 PARAMETER LIST LENGTH
        assertBytes("55 10 00 00 00 00 00 02 00 00", Cdbs.modeSelect10(true, 0x200));
        assertBytes("55 00 00 00 00 00 00 ff ff 00", Cdbs.modeSelect10(false, 0xFFFF));
        assertRangeError("parameter list length 65536 is outside 0..65535",
                () -> Cdbs.modeSelect10(true, 0x10000));
    }

    // --- 12-byte CDBs ------------------------------------------------------------------------------------------

    @Test
    void reportLuns() {
        // SPC-4 6.33: byte 2 SELECT REPORT = 0, bytes 6..9 ALLOCATION LENGTH
        assertBytes("a0 00 00 00 00 00 00 00 10 00 00 00", Cdbs.reportLuns(4096));
        assertBytes("a0 00 00 00 00 00 7f ff ff ff 00 00", Cdbs.reportLuns(Integer.MAX_VALUE));
        assertRangeError("allocation length -1 is outside 0..2147483647", () -> Cdbs.reportLuns(-1));
    }

    @Test
    void reportTargetPortGroups() {
        // SPC-4 6.35 table 246: MAINTENANCE IN A3h, byte 1 PARAMETER DATA FORMAT (7..5) + SERVICE ACTION 0Ah
        // (4..0), bytes 6..9 ALLOCATION LENGTH
        assertBytes("a3 2a 00 00 00 00 00 00 10 00 00 00", Cdbs.reportTargetPortGroups(true, 0x1000));
        assertBytes("a3 0a 00 00 00 00 01 02 03 04 00 00", Cdbs.reportTargetPortGroups(false, 0x01020304));
        assertRangeError("allocation length -1 is outside 0..2147483647",
                () -> Cdbs.reportTargetPortGroups(true, -1));
    }

    @Test
    void setTargetPortGroups() {
        // SPC-4 6.44 table 299: MAINTENANCE OUT A4h, SERVICE ACTION 0Ah, bytes 6..9 PARAMETER LIST LENGTH
        assertBytes("a4 0a 00 00 00 00 00 00 00 0c 00 00", Cdbs.setTargetPortGroups(12));
        assertRangeError("parameter list length -4 is outside 0..2147483647",
                () -> Cdbs.setTargetPortGroups(-4));
    }

    // --- 16-byte CDBs ------------------------------------------------------------------------------------------

    @Test
    void read16AndWrite16() {
        // SBC-3 5.13 / 5.34: bytes 2..9 LBA, bytes 10..13 TRANSFER LENGTH, byte 14 GROUP NUMBER
        assertBytes("88 00 01 02 03 04 05 06 07 08 0a 0b 0c 0d 00 00", Cdbs.read16(0x0102030405060708L, 0x0a0b0c0d));
        assertBytes("8a 00 01 02 03 04 05 06 07 08 0a 0b 0c 0d 00 00",
                Cdbs.write16(0x0102030405060708L, 0x0a0b0c0d));
        assertBytes("88 00 7f ff ff ff ff ff ff ff 7f ff ff ff 00 00", Cdbs.read16(Long.MAX_VALUE, Integer.MAX_VALUE));
        assertRangeError("negative LBA -1", () -> Cdbs.read16(-1, 1));
        assertRangeError("negative transfer length -1", () -> Cdbs.write16(0, -1));
    }

    @Test
    void readWrite16RewritesAReusedCdbExactlyAsTheBuildersWouldMakeIt() {
        byte[] cdb = new byte[16];
        java.util.Arrays.fill(cdb, (byte) 0xEE); // whatever the last command left
        Cdbs.readWrite16(cdb, false, 0x0102030405060708L, 0x0a0b0c0d);
        assertBytes("88 00 01 02 03 04 05 06 07 08 0a 0b 0c 0d 00 00", cdb);
        Cdbs.readWrite16(cdb, true, 8, 8);
        assertArrayEquals(Cdbs.write16(8, 8), cdb);
        assertRangeError("negative LBA -1", () -> Cdbs.readWrite16(cdb, false, -1, 1));
        assertRangeError("a 16-byte CDB is needed, not 10", () -> Cdbs.readWrite16(new byte[10], false, 0, 1));
    }

    @Test
    void readCapacity16() {
        // SBC-3 5.16: SERVICE ACTION IN(16) 9Eh, byte 1 SERVICE ACTION 10h, bytes 2..9 obsolete LBA = 0,
        // bytes 10..13 ALLOCATION LENGTH, byte 14 PMI = 0
        assertBytes("9e 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00", Cdbs.readCapacity16(32));
        assertRangeError("allocation length -1 is outside 0..2147483647", () -> Cdbs.readCapacity16(-1));
    }

    @Test
    void everyCallBuildsAFreshArray() {
        byte[] first = Cdbs.testUnitReady();
        first[0] = 0x7F;
        assertNotSame(first, Cdbs.testUnitReady());
        assertBytes("00 00 00 00 00 00", Cdbs.testUnitReady());
    }

    // --- readers -----------------------------------------------------------------------------------------------

    static Stream<Arguments> readWriteCdbs() {
        Function<long[], byte[]> r10 = v -> Cdbs.read10(v[0], (int) v[1]);
        Function<long[], byte[]> w10 = v -> Cdbs.write10(v[0], (int) v[1]);
        Function<long[], byte[]> r16 = v -> Cdbs.read16(v[0], (int) v[1]);
        Function<long[], byte[]> w16 = v -> Cdbs.write16(v[0], (int) v[1]);
        return Stream.of(
                Arguments.of("READ(10)", r10, 0L, 0),
                Arguments.of("READ(10)", r10, 0x7FFF_FFFFL, 1),
                Arguments.of("READ(10)", r10, 0x8000_0000L, 0x8000),
                Arguments.of("WRITE(10)", w10, 0xFFFF_FFFFL, 0xFFFF),
                Arguments.of("WRITE(10)", w10, 1L, 0x80),
                Arguments.of("READ(16)", r16, 0x1_0000_0000L, 0x1_0000),
                Arguments.of("READ(16)", r16, Long.MAX_VALUE, Integer.MAX_VALUE),
                Arguments.of("WRITE(16)", w16, 0x8000_0000_0000L, 0x7FFF_FFFE),
                Arguments.of("WRITE(16)", w16, 0L, 0));
    }

    @ParameterizedTest(name = "{0} lba {2} blocks {3}")
    @MethodSource("readWriteCdbs")
    void lbaAndTransferLengthRoundTrip(String name, Function<long[], byte[]> builder, long lba, int blocks) {
        byte[] cdb = builder.apply(new long[] {lba, blocks});
        assertEquals(lba, Cdbs.lba(cdb));
        assertEquals(blocks, Cdbs.transferLength(cdb));
    }

    @Test
    void transferLengthOfA16ByteCdbBeyondIntIsClamped() {
        byte[] cdb = bytes("88 00 00 00 00 00 00 00 00 01 ff ff ff ff 00 00");
        assertEquals(1, Cdbs.lba(cdb));
        assertEquals(Integer.MAX_VALUE, Cdbs.transferLength(cdb));
    }

    @Test
    void lbaOfA16ByteCdbUsesAll64Bits() {
        assertEquals(0xFEDC_BA98_7654_3210L, Cdbs.lba(bytes("8a 00 fe dc ba 98 76 54 32 10 00 00 00 01 00 00")));
    }

    @Test
    void readersRefuseOtherOpcodes() {
        assertRangeError("opcode 0x12 has no LBA", () -> Cdbs.lba(Cdbs.inquiry(36)));
        assertRangeError("opcode 0x9e has no transfer length", () -> Cdbs.transferLength(Cdbs.readCapacity16(32)));
    }

    @Test
    void bigEndianFieldHelpers() {
        byte[] b = new byte[10];
        Cdbs.putU16(b, 0, 0xABCD);
        Cdbs.putU32(b, 2, 0xF1F2F3F4L);
        Cdbs.putU16(b, 6, 0x1_0203); // only the low 16 bits are written
        assertBytes("ab cd f1 f2 f3 f4 02 03 00 00", b);
        assertEquals(0xABCD, Cdbs.getU16(b, 0));
        assertEquals(0xF1F2F3F4L, Cdbs.getU32(b, 2));
        byte[] all = new byte[8];
        Cdbs.putU64(all, 0, -1L);
        assertBytes("ff ff ff ff ff ff ff ff", all);
        assertEquals(-1L, Cdbs.getU64(all, 0));
        assertEquals(0xFFFF_FFFFL, Cdbs.getU32(all, 4));
    }

    private static void assertRangeError(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
