package io.mpathj.api.scsi;

import static io.mpathj.api.scsi.Hex.assertBytes;
import static io.mpathj.api.scsi.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sense data (SPC-4 4.5): fixed format (response codes 70h/71h; byte 0 bit 7 VALID, byte 2 SENSE KEY, bytes 3..6
 * INFORMATION, byte 7 ADDITIONAL SENSE LENGTH, bytes 12/13 ASC/ASCQ; table 50 as SenseData cites it) and
 * descriptor format (72h/73h; bytes 1..3 key/ASC/ASCQ, byte 7 ADDITIONAL SENSE LENGTH, descriptors from byte 8;
 * table 29), with the information descriptor (type 00h, additional length 0Ah, VALID in byte 2 bit 7, INFORMATION
 * in bytes 4..11; table 31).
 */
class SenseDataTest {
    /** NOT READY, LOGICAL UNIT NOT ACCESSIBLE, TARGET PORT IN STANDBY STATE (04/0b), 18 bytes. */
    private static final String FIXED_STANDBY = "70 00 02 00 00 00 00 0a 00 00 00 00 04 0b 00 00 00 00";

    // --- fixed format ------------------------------------------------------------------------------------------

    @Test
    void decodesFixedCurrent() {
        SenseData s = decode(FIXED_STANDBY);
        assertEquals(new SenseData(SenseKey.NOT_READY, 0x04, 0x0b), s);
        assertEquals(SenseData.FIXED_CURRENT, s.responseCode());
        assertFalse(s.isDescriptorFormat());
        assertFalse(s.isDeferred());
        assertFalse(s.informationValid());
        assertEquals("02/04/0b", s.triple());
        assertTrue(s.is(SenseKey.NOT_READY, 0x04, 0x0b));
        assertFalse(s.is(SenseKey.NOT_READY, 0x04, 0x0a));
        assertFalse(s.is(SenseKey.UNIT_ATTENTION, 0x04, 0x0b));
    }

    @Test
    void decodesFixedDeferredWithValidInformation() {
        // VALID (80h) | 71h; MEDIUM ERROR, UNRECOVERED READ ERROR (11/00) at LBA 12345678h
        SenseData s = decode("f1 00 03 12 34 56 78 0a 00 00 00 00 11 00 00 00 00 00");
        assertEquals(new SenseData(SenseData.FIXED_DEFERRED, SenseKey.MEDIUM_ERROR, 0x11, 0, true, 0x12345678L), s);
        assertTrue(s.isDeferred());
        assertFalse(s.isDescriptorFormat());
    }

    @Test
    void fixedInformationIsUnsigned() {
        SenseData s = decode("f0 00 05 ff ff ff ff 0a 00 00 00 00 21 00 00 00 00 00");
        assertTrue(s.informationValid());
        assertEquals(0xFFFF_FFFFL, s.information());
    }

    @Test
    void senseKeyIsTheLowNibbleOfByte2() {
        // FILEMARK, EOM and ILI (bits 7, 6, 5) set around ILLEGAL REQUEST
        assertEquals(SenseKey.ILLEGAL_REQUEST, decode("70 00 e5 00 00 00 00 0a 00 00 00 00 24 00").key());
    }

    @Test
    void truncatedFixedSenseIsReadAsFarAsItGoes() {
        byte[] full = bytes("f0 00 06 00 00 00 2a 0a 00 00 00 00 29 07 00 00 00 00");
        for (int len = 1; len <= full.length; len++) {
            SenseData s = SenseData.decode(Arrays.copyOf(full, len)).orElseThrow();
            String at = "length " + len;
            assertEquals(SenseData.FIXED_CURRENT, s.responseCode(), at);
            assertEquals(len >= 3 ? SenseKey.UNIT_ATTENTION : SenseKey.NO_SENSE, s.key(), at);
            assertEquals(len >= 7, s.informationValid(), at);
            assertEquals(len >= 7 ? 0x2a : 0, s.information(), at);
            assertEquals(len >= 13 ? 0x29 : 0, s.asc(), at);
            assertEquals(len >= 14 ? 0x07 : 0, s.ascq(), at);
        }
    }

    @Test
    void fixedAdditionalLengthBoundsWhatIsRead() {
        // the buffer has ASC/ASCQ 3a/02, but ADDITIONAL SENSE LENGTH says how much of it is sense data
        assertEquals(new SenseData(SenseKey.NOT_READY, 0x3a, 0x02),
                decode("70 00 02 00 00 00 00 06 00 00 00 00 3a 02 00 00 00 00"));
        assertEquals(new SenseData(SenseKey.NOT_READY, 0x3a, 0),
                decode("70 00 02 00 00 00 00 05 00 00 00 00 3a 02 00 00 00 00"));
        assertEquals(new SenseData(SenseKey.NOT_READY, 0, 0),
                decode("70 00 02 00 00 00 00 04 00 00 00 00 3a 02 00 00 00 00"));
        // length 0 still leaves the 8-byte header: key and INFORMATION
        assertEquals(new SenseData(SenseData.FIXED_CURRENT, SenseKey.NOT_READY, 0, 0, true, 7),
                decode("f0 00 02 00 00 00 07 00 00 00 00 00 3a 02 00 00 00 00"));
        // an additional length beyond the buffer is bounded by the buffer
        assertEquals(new SenseData(SenseKey.NOT_READY, 0x3a, 0x02), decode("70 00 02 00 00 00 00 ff 00 00 00 00 3a 02"));
    }

    // --- descriptor format -------------------------------------------------------------------------------------

    @Test
    void decodesDescriptorCurrent() {
        SenseData s = decode("72 06 29 00 00 00 00 00");
        assertEquals(new SenseData(SenseData.DESCRIPTOR_CURRENT, SenseKey.UNIT_ATTENTION, 0x29, 0, false, 0), s);
        assertTrue(s.isDescriptorFormat());
        assertFalse(s.isDeferred());
        assertEquals("06/29/00", s.triple());
    }

    @Test
    void decodesDescriptorDeferred() {
        SenseData s = decode("73 0b 47 01 00 00 00 00");
        assertEquals(new SenseData(SenseData.DESCRIPTOR_DEFERRED, SenseKey.ABORTED_COMMAND, 0x47, 0x01, false, 0), s);
        assertTrue(s.isDescriptorFormat());
        assertTrue(s.isDeferred());
    }

    @Test
    void decodesTheInformationDescriptor() {
        SenseData s = decode("72 03 11 00 00 00 00 0c 00 0a 80 00 01 02 03 04 05 06 07 08");
        assertEquals(new SenseData(SenseData.DESCRIPTOR_CURRENT, SenseKey.MEDIUM_ERROR, 0x11, 0, true,
                0x0102030405060708L), s);
    }

    @Test
    void findsTheInformationDescriptorAfterOthers() {
        // a sense key specific descriptor (02h, 8 bytes) first, then the information descriptor
        SenseData s = decode("72 05 24 00 00 00 00 14 02 06 00 00 c0 00 02 00 00 0a 80 00 00 00 00 00 00 00 10 00");
        assertTrue(s.informationValid());
        assertEquals(0x1000, s.information());
        assertEquals("05/24/00", s.triple());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "fixed format without VALID, 70 00 05 ff ff ff ff 0a 00 00 00 00 24 00 00 00 00 00, 05/24/00",
        "information descriptor without VALID, 72 03 11 00 00 00 00 0c 00 0a 00 00 01 02 03 04 05 06 07 08, 03/11/00",
        "descriptor cut by the additional length, 72 03 11 00 00 00 00 0b 00 0a 80 00 01 02 03 04 05 06 07 08, 03/11/00",
        "descriptor cut by the buffer, 72 03 11 00 00 00 00 0c 00 0a 80 00 01 02 03 04 05 06 07, 03/11/00"})
    void informationIsIgnored(String why, String sense, String triple) {
        SenseData s = decode(sense);
        assertFalse(s.informationValid());
        assertEquals(0, s.information());
        assertEquals(triple, s.triple());
    }

    @Test
    void truncatedDescriptorHeaderIsReadAsFarAsItGoes() {
        assertEquals(new SenseData(0x72, SenseKey.NO_SENSE, 0, 0, false, 0), decode("72"));
        assertEquals(new SenseData(0x72, SenseKey.NOT_READY, 0, 0, false, 0), decode("72 02"));
        assertEquals(new SenseData(0x72, SenseKey.NOT_READY, 0x04, 0, false, 0), decode("72 02 04"));
        assertEquals(new SenseData(0x72, SenseKey.NOT_READY, 0x04, 0x0b, false, 0), decode("72 02 04 0b"));
    }

    // --- what is not sense data --------------------------------------------------------------------------------

    @ParameterizedTest(name = "response code {0}")
    @ValueSource(strings = {"00", "01", "6f", "74", "7e", "7f", "f4", "ff"})
    void unknownResponseCodeGivesEmpty(String code) {
        assertEquals(Optional.empty(), SenseData.decode(bytes(code + " 00 02 00 00 00 00 0a 00 00 00 00 04 0b")));
    }

    @Test
    void emptyBufferGivesEmpty() {
        assertEquals(Optional.empty(), SenseData.decode(new byte[0]));
    }

    @Test
    void decodesASliceOfALargerBuffer() {
        byte[] buf = bytes("ff ff ff " + FIXED_STANDBY + " ff ff");
        assertEquals(Optional.of(new SenseData(SenseKey.NOT_READY, 0x04, 0x0b)), SenseData.decode(buf, 3, 18));
        // a slice that stops before the ASC sees none
        assertEquals(Optional.of(new SenseData(SenseKey.NOT_READY, 0, 0)), SenseData.decode(buf, 3, 12));
    }

    @Test
    void outOfBoundsSliceGivesEmpty() {
        byte[] buf = bytes(FIXED_STANDBY);
        assertEquals(Optional.empty(), SenseData.decode(buf, -1, 4));
        assertEquals(Optional.empty(), SenseData.decode(buf, 0, -1));
        assertEquals(Optional.empty(), SenseData.decode(buf, 0, 0));
        assertEquals(Optional.empty(), SenseData.decode(buf, 10, 9));
        assertEquals(Optional.empty(), SenseData.decode(buf, 18, 1));
        assertEquals(Optional.empty(), SenseData.decode(buf, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(Optional.empty(), SenseData.decode(buf, 1, Integer.MAX_VALUE));
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(0x5E45EL);
        for (int i = 0; i < 200_000; i++) {
            byte[] buf = new byte[random.nextInt(300)];
            random.nextBytes(buf);
            if (buf.length > 0 && random.nextInt(4) != 0) {
                // most buffers get a known response code (maybe with VALID) so the decoders run
                buf[0] = (byte) (0x70 + random.nextInt(4) | (random.nextBoolean() ? 0x80 : 0));
            }
            int offset = random.nextInt(buf.length + 3) - 1;
            int length = random.nextInt(buf.length + 3) - 1;
            for (Optional<SenseData> decoded : Arrays.asList(SenseData.decode(buf),
                    SenseData.decode(buf, offset, length))) {
                decoded.ifPresent(SenseDataTest::assertWellFormed);
            }
        }
    }

    private static void assertWellFormed(SenseData s) {
        assertTrue(s.responseCode() >= 0x70 && s.responseCode() <= 0x73, s::toString);
        assertTrue(s.asc() >= 0 && s.asc() <= 0xFF && s.ascq() >= 0 && s.ascq() <= 0xFF, s::toString);
        assertEquals(8, s.triple().length());
        if (!s.informationValid()) {
            assertEquals(0, s.information(), s::toString);
        } else if (!s.isDescriptorFormat()) {
            assertTrue(s.information() >= 0 && s.information() <= 0xFFFF_FFFFL, s::toString);
        }
    }

    // --- encoding ----------------------------------------------------------------------------------------------

    @Test
    void toFixedWritesEighteenBytes() {
        assertBytes(FIXED_STANDBY, new SenseData(SenseKey.NOT_READY, 0x04, 0x0b).toFixed());
        assertBytes("f1 00 03 12 34 56 78 0a 00 00 00 00 11 00 00 00 00 00",
                new SenseData(SenseData.FIXED_DEFERRED, SenseKey.MEDIUM_ERROR, 0x11, 0, true, 0x12345678L).toFixed());
        // a descriptor-format record written as fixed keeps current/deferred
        assertBytes("71 00 06 00 00 00 00 0a 00 00 00 00 29 00 00 00 00 00",
                new SenseData(SenseData.DESCRIPTOR_DEFERRED, SenseKey.UNIT_ATTENTION, 0x29, 0, false, 0).toFixed());
    }

    @Test
    void toDescriptorWritesHeaderAndInformationDescriptor() {
        assertBytes("72 02 04 0b 00 00 00 00", new SenseData(SenseKey.NOT_READY, 0x04, 0x0b).toDescriptor());
        assertBytes("73 03 11 00 00 00 00 0c 00 0a 80 00 01 02 03 04 05 06 07 08",
                new SenseData(SenseData.FIXED_DEFERRED, SenseKey.MEDIUM_ERROR, 0x11, 0, true, 0x0102030405060708L)
                        .toDescriptor());
    }

    @Test
    void toFixedAndToDescriptorRoundTrip() {
        SenseData[] records = {
            new SenseData(SenseKey.NOT_READY, 0x04, 0x0b),
            new SenseData(SenseData.FIXED_DEFERRED, SenseKey.HARDWARE_ERROR, 0x44, 0x00, false, 0),
            new SenseData(SenseData.FIXED_CURRENT, SenseKey.MEDIUM_ERROR, 0x11, 0x00, true, 0xFFFF_FFFFL),
            new SenseData(SenseData.DESCRIPTOR_CURRENT, SenseKey.ILLEGAL_REQUEST, 0x24, 0x00, true, 0x10L),
            new SenseData(SenseData.DESCRIPTOR_DEFERRED, SenseKey.RESERVED_0F, 0xFF, 0xFF, false, 0),
        };
        for (SenseData s : records) {
            int fixedCode = s.isDeferred() ? SenseData.FIXED_DEFERRED : SenseData.FIXED_CURRENT;
            int descriptorCode = s.isDeferred() ? SenseData.DESCRIPTOR_DEFERRED : SenseData.DESCRIPTOR_CURRENT;
            assertEquals(withCode(s, fixedCode), SenseData.decode(s.toFixed()).orElseThrow());
            assertEquals(withCode(s, descriptorCode), SenseData.decode(s.toDescriptor()).orElseThrow());
        }
        // the full 64-bit INFORMATION survives the descriptor format
        SenseData wide = new SenseData(0x72, SenseKey.MEDIUM_ERROR, 0x11, 0, true, 0xFEDC_BA98_7654_3210L);
        assertEquals(wide, SenseData.decode(wide.toDescriptor()).orElseThrow());
    }

    @Test
    void everySenseKeyRoundTrips() {
        for (SenseKey key : SenseKey.values()) {
            assertEquals(key, SenseData.decode(new SenseData(key, 1, 2).toFixed()).orElseThrow().key());
            assertEquals(key, SenseData.decode(new SenseData(key, 1, 2).toDescriptor()).orElseThrow().key());
            assertEquals(key, SenseKey.of(key.code() | 0xF0));
        }
    }

    private static SenseData withCode(SenseData s, int code) {
        return new SenseData(code, s.key(), s.asc(), s.ascq(), s.informationValid(), s.information());
    }

    private static SenseData decode(String hex) {
        return SenseData.decode(bytes(hex)).orElseThrow();
    }
}
