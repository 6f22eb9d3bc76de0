package io.mpathj.transport.iscsi.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.transport.iscsi.DiscoveredTarget;
import io.mpathj.transport.iscsi.IscsiPortal;
import io.mpathj.transport.iscsi.internal.login.TextParameters;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SendTargets answers (RFC 7143 appendix C) and REPORT LUNS data (SPC-4 6.33). */
class DiscoveryParsingTest {
    private static final IscsiPortal ASKED = new IscsiPortal("10.0.0.1", 3260);

    @Test
    void targetAddressesBelongToTheTargetNameBeforeThem() {
        TextParameters answer = new TextParameters().add("TargetName", "iqn.a:one")
                .add("TargetAddress", "10.0.0.1:3260,1").add("TargetAddress", "[fe80::1]:3261,2")
                .add("TargetName", "iqn.a:two");
        List<DiscoveredTarget> targets = SendTargetsDiscovery.parse(answer, ASKED);
        assertEquals(List.of(
                new DiscoveredTarget("iqn.a:one", List.of(ASKED, new IscsiPortal("fe80::1", 3261))),
                new DiscoveredTarget("iqn.a:two", List.of(ASKED))), targets,
                "a target without TargetAddress is reached on the portal that was asked (appendix C)");
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
