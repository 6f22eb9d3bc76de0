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
 * both TPGs (a = tpgt_1 in pg_a, b = tpgt_2 in pg_b) of each layout: LUN 0 and LUN 1 of the main target (two LUs),
 * two ports in one group ({@code samegroup}), explicit only, implicit only. The suite checks on every run that LIO
 * still answers these bytes; {@link LioReplayTest} runs the handler on them.
 */
class LioAnswersTest {
    private static byte[] answer(String name) {
        return LioFixtures.answer(name);
    }

    @Test
    void standardInquiryIsADiskWithTheLayoutsAluaAccessType() throws Exception {
        for (String port : List.of("a", "b")) {
            for (String prefix : List.of("", "lu1.", "samegroup.")) {
                assertEquals(new StandardInquiry(0, 0, 3), inquiry(prefix + port), prefix + port);
            }
            assertEquals(new StandardInquiry(0, 0, 2), inquiry("explicit." + port), "explicit only");
            assertEquals(new StandardInquiry(0, 0, 1), inquiry("implicit." + port), "implicit only");
        }
    }

    private static StandardInquiry inquiry(String port) throws ScsiDataFormatException {
        byte[] data = answer(port + ".inquiry");
        return StandardInquiry.parse(data, data.length);
    }

    private static DeviceIdentification vpd83(String port) throws ScsiDataFormatException {
        byte[] data = answer(port + ".vpd83");
        return DeviceIdentification.parse(data, data.length);
    }

    private static RtpgData rtpg(String name, boolean extended) throws ScsiDataFormatException {
        byte[] data = answer(name);
        return RtpgData.parse(data, data.length, extended);
    }

    @Test
    void twoLusBehindTheSameTpgsAreTwoLogicalUnitsWithGroupsOfTheSameIds() throws Exception {
        for (String port : List.of("a", "b")) {
            DeviceIdentification lu0 = vpd83(port);
            DeviceIdentification lu1 = vpd83("lu1." + port);
            // the NAA designator holds the unit serial's first 25 hex digits (6d706174-686a-4c49-4f01-... for lu1)
            assertEquals("3:60014056d706174686a4c494f0100000", lu1.logicalUnit());
            assertFalse(lu0.logicalUnit().equals(lu1.logicalUnit()), "one logical unit");
            assertEquals(lu0.targetPortGroup(), lu1.targetPortGroup(), port);
            assertEquals(lu0.relativeTargetPort(), lu1.relativeTargetPort(), port);
            assertEquals(rtpg(port + ".rtpg-length-only", false).groups(),
                    rtpg("lu1." + port + ".rtpg-length-only", false).groups());
        }
    }

    @Test
    void twoPortsOfOneGroupShareItAndTheExtendedAnswerCutsTheSecondPort() throws Exception {
        DeviceIdentification a = vpd83("samegroup.a");
        DeviceIdentification b = vpd83("samegroup.b");
        assertEquals(OptionalInt.of(1), a.targetPortGroup());
        assertEquals(OptionalInt.of(1), b.targetPortGroup());
        assertEquals(OptionalInt.of(1), a.relativeTargetPort());
        assertEquals(OptionalInt.of(2), b.relativeTargetPort());
        assertEquals("3:60014056d706174686a4c494f0200000", a.logicalUnit());
        for (String port : List.of("a", "b")) {
            RtpgData whole = rtpg("samegroup." + port + ".rtpg-length-only", false);
            assertTrue(whole.consistent(), whole.defect());
            assertEquals(List.of(new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1, 2))),
                    whole.groups(), port);
            // RETURN DATA LENGTH 16 without the extended header's 4 bytes: the second target port lies past it
            RtpgData cut = rtpg("samegroup." + port + ".rtpg-extended", true);
            assertFalse(cut.consistent());
            assertEquals(List.of(new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1))),
                    cut.groups(), port);
        }
    }

    @Test
    void explicitOnlyStpgLeavesTheOtherGroupAndRecordsStatusCodeStpg() throws Exception {
        assertEquals(List.of(
                new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                new RtpgData.PortGroupDescriptor(false, 0x2, 0xCF, 2, 2, List.of())),
                rtpg("explicit.b.rtpg-extended", true).groups());
        // after STPG (pg_b Active/Optimized) through tpgt_2: pg_b A/O with STATUS CODE 01h, pg_a untouched
        assertEquals(List.of(
                new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 1, 0, List.of(1)),
                new RtpgData.PortGroupDescriptor(false, 0x0, 0xCF, 2, 1, List.of())),
                rtpg("explicit.b.rtpg-extended-after-stpg", true).groups());
    }

    @Test
    void aGroupHeldInTransitioningCarriesItsImplicitTransitionTime() throws Exception {
        RtpgData d = rtpg("a.rtpg-extended-transitioning", true);
        assertEquals(3, d.implicitTransitionTime());
        assertEquals(AluaState.TRANSITIONING, d.group(1).orElseThrow().state());
        assertEquals(2, d.group(1).orElseThrow().statusCode(), "altered implicitly");
        assertEquals(AluaState.STANDBY, d.group(2).orElseThrow().state());
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
