package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The handler's decoders on the raw answers of the Linux kernel's LIO target in {@code lio-answers.txt}, recorded by
 * the lio module's suite (its header says how): standard INQUIRY, VPD page 0x83 and RTPG with either header, through
 * both TPGs (a = tpgt_1 in pg_a, b = tpgt_2 in pg_b). The suite checks on every run that LIO still answers these
 * bytes.
 */
class LioAnswersTest {
    private static byte[] answer(String name) {
        return LioFixtures.answer(name);
    }

    @Test
    void standardInquiryIsADiskWithImplicitAndExplicitAlua() throws Exception {
        for (String port : List.of("a", "b")) {
            byte[] data = answer(port + ".inquiry");
            StandardInquiry inquiry = StandardInquiry.parse(data, data.length);
            assertEquals(new StandardInquiry(0, 0, 3), inquiry, port);
        }
    }

    @Test
    void vpd83NamesEachPortsGroupAndRelativePortAndOneLogicalUnit() throws Exception {
        DeviceIdentification a = DeviceIdentification.parse(answer("a.vpd83"), answer("a.vpd83").length);
        DeviceIdentification b = DeviceIdentification.parse(answer("b.vpd83"), answer("b.vpd83").length);
        assertEquals(OptionalInt.of(1), a.targetPortGroup());
        assertEquals(OptionalInt.of(1), a.relativeTargetPort());
        assertEquals(OptionalInt.of(2), b.targetPortGroup());
        assertEquals(OptionalInt.of(2), b.relativeTargetPort());
        // NAA 6h (IEEE Registered Extended): LIO's OUI 001405, then the hex digits of the unit serial
        // 6d706174-686a-4c49-4f00-... (drivers/target/target_core_spc.c, spc_gen_naa_6h_vendor_specific)
        assertEquals("3:60014056d706174686a4c494f0000000", a.logicalUnit());
        assertEquals(a.logicalUnit(), b.logicalUnit());
        assertEquals(192, DeviceIdentification.declaredLength(answer("a.vpd83"), answer("a.vpd83").length));
    }

    @Test
    void extendedRtpgIsReadAsLinuxReadsItThroughEitherPort() throws Exception {
        for (String port : List.of("a", "b")) {
            byte[] data = answer(port + ".rtpg-extended");
            RtpgData d = RtpgData.parse(data, data.length, true);
            assertTrue(d.extendedHeader(), port);
            assertEquals(24, d.returnDataLength());
            assertEquals(0, d.implicitTransitionTime());
            assertEquals(List.of(
                    new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                    new RtpgData.PortGroupDescriptor(false, 0x2, 0xCF, 2, 2, List.of())), d.groups(), port);
            assertFalse(d.consistent(), "LIO's RETURN DATA LENGTH leaves the extended header's 4 bytes out");
            assertEquals(AluaState.ACTIVE_OPTIMIZED, d.group(1).orElseThrow().state());
            assertEquals(AluaState.STANDBY, d.group(2).orElseThrow().state());
        }
    }

    @Test
    void lengthOnlyRtpgIsWholeThroughEitherPort() throws Exception {
        for (String port : List.of("a", "b")) {
            byte[] data = answer(port + ".rtpg-length-only");
            RtpgData d = RtpgData.parse(data, data.length, false);
            assertFalse(d.extendedHeader());
            assertTrue(d.consistent(), d.defect());
            assertEquals(List.of(
                    new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                    new RtpgData.PortGroupDescriptor(false, 0x2, 0xCF, 2, 2, List.of(2))), d.groups(), port);
        }
    }

    @Test
    void theRtpgAnswersAreTheOnesTheOlderFixtureHolds() {
        assertEquals(List.of(LioFixtures.extended().length), List.of(answer("a.rtpg-extended").length));
        assertTrue(java.util.Arrays.equals(LioFixtures.extended(), answer("a.rtpg-extended")));
        assertTrue(java.util.Arrays.equals(LioFixtures.lengthOnly(), answer("a.rtpg-length-only")));
    }
}
