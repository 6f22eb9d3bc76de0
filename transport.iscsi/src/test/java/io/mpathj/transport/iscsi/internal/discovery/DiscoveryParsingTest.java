package io.mpathj.transport.iscsi.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.TargetAddress;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** SendTargets answers (RFC 7143 appendix C) and REPORT LUNS data (SPC-4 6.33). */
class DiscoveryParsingTest {
    private static final IscsiPortal ASKED = new IscsiPortal("10.0.0.1", 3260);

    @Test
    void targetAddressesBelongToTheTargetNameBeforeThemWithTheirPortalGroupTags() {
        TextParameters answer = new TextParameters().add("TargetName", "iqn.a:one")
                .add("TargetAddress", "10.0.0.1:3260,1").add("TargetAddress", "[fe80::1]:3261,2")
                .add("TargetName", "iqn.a:two");
        List<DiscoveredTarget> targets = SendTargetsDiscovery.parse(answer, ASKED);
        assertEquals(List.of(
                new DiscoveredTarget("iqn.a:one", List.of(TargetAddress.of(ASKED, 1),
                        TargetAddress.of(new IscsiPortal("fe80::1", 3261), 2))),
                new DiscoveredTarget("iqn.a:two", List.of(new TargetAddress(ASKED, OptionalInt.empty())))), targets,
                "a target without TargetAddress is reached on the portal that was asked (appendix C)");
        assertEquals(List.of(ASKED, new IscsiPortal("fe80::1", 3261)), targets.get(0).portals());
        assertEquals("[10.0.0.1:3260,1, [fe80::1]:3261,2]", targets.get(0).addresses().toString());
    }

    @Test
    void aPortalListedTwiceForATargetIsKeptOnceWithItsFirstTag() {
        // LIO with one portal in two target portal groups of the target (issue 15)
        TextParameters answer = new TextParameters().add("TargetName", "iqn.2003-01.org.linux-iscsi:lio")
                .add("TargetAddress", "10.0.2.15:3260,1").add("TargetAddress", "10.0.2.15:3260,2")
                .add("TargetAddress", "10.0.2.15:3261,2").add("TargetAddress", "10.0.2.15:3261,2");
        List<DiscoveredTarget> targets = SendTargetsDiscovery.parse(answer, ASKED);
        assertEquals(List.of(new DiscoveredTarget("iqn.2003-01.org.linux-iscsi:lio", List.of(
                TargetAddress.of(new IscsiPortal("10.0.2.15", 3260), 1),
                TargetAddress.of(new IscsiPortal("10.0.2.15", 3261), 2)))), targets);
    }

    @Test
    void anAddressThatDoesNotParseIsSkipped() {
        TextParameters answer = new TextParameters().add("TargetName", "iqn.a:one")
                .add("TargetAddress", "10.0.0.1:3260,x").add("TargetAddress", "10.0.0.2:99999,1")
                .add("TargetAddress", "10.0.0.3,7");
        assertEquals(List.of(new DiscoveredTarget("iqn.a:one", List.of(TargetAddress.of(
                new IscsiPortal("10.0.0.3", 3260), 7)))), SendTargetsDiscovery.parse(answer, ASKED));
    }

    @Test
    void targetAddressParsesEveryFormOfRfc7143() {
        assertEquals(new TargetAddress(new IscsiPortal("host.example", 3260), OptionalInt.empty()),
                TargetAddress.parse("host.example"));
        assertEquals(TargetAddress.of(new IscsiPortal("fe80::1", 3260), 65535), TargetAddress.parse("[fe80::1],65535"));
        assertEquals("10.0.0.1:860,0", TargetAddress.parse(" 10.0.0.1:860,0 ").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetAddress.parse("10.0.0.1:3260,65536"));
        assertEquals("portal group tag out of range in TargetAddress 10.0.0.1:3260,65536", e.getMessage());
    }

    @Test
    void reportLunsDecodesPeripheralAndFlatAddressing() {
        ByteBuffer data = ByteBuffer.wrap(HexFormat.of().parseHex(
                "00000018" + "00000000" + "0000000000000000" + "0001000000000000" + "4101000000000000"));
        assertEquals(List.of(0, 1, 257), ReportLuns.parse(data));
    }

    @Test
    void reportLunsStopsAtTheListLengthAndTheBuffer() {
        ByteBuffer data = ByteBuffer.wrap(HexFormat.of().parseHex("00000010" + "00000000" + "0002000000000000"));
        assertEquals(List.of(2), ReportLuns.parse(data), "list says 2 entries, only 1 arrived");
        assertEquals(List.of(), ReportLuns.parse(ByteBuffer.allocate(4)));
    }

    @Test
    void reportLunsCdbCarriesTheAllocationLength() {
        assertEquals("a0000000000000000810" + "0000", HexFormat.of().formatHex(ReportLuns.cdb(0x810)));
    }
}
