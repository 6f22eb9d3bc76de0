package io.mpathj.daemon.internal.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WWIDs, serials, port groups and INQUIRY fields from real answers (LIO's, recorded in lio-answers.txt; the same file
 * as handler.alua's) and from designators built by hand for the kinds LIO does not send.
 */
class VpdTest {
    private static final Map<String, byte[]> LIO = load();

    private static Map<String, byte[]> load() {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = VpdTest.class.getResourceAsStream("lio-answers.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#") || !line.contains(": ")) {
                    continue;
                }
                String[] kv = line.split(": ", 2);
                out.put(kv[0], hex(kv[1]));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static byte[] hex(String s) {
        String[] w = s.trim().split("\\s+");
        byte[] b = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            b[i] = (byte) Integer.parseInt(w[i], 16);
        }
        return b;
    }

    @Test
    void lioNaaRegisteredExtendedBeatsItsT10VendorId() {
        // LIO's page: NAA 6h (IEEE Registered Extended), T10 vendor ID, relative port, TPG, LU group, and a SCSI
        // name string with target port association (skipped: multipath-tools looks at LU designators only)
        assertEquals("360014056d706174686a4c494f0000000", Vpd.wwid(LIO.get("a.vpd83")));
        assertEquals("360014056d706174686a4c494f0000000", Vpd.wwid(LIO.get("b.vpd83")), "same LU, other port");
        assertEquals("360014056d706174686a4c494f0100000", Vpd.wwid(LIO.get("lu1.a.vpd83")));
        assertEquals(1, Vpd.targetPortGroup(LIO.get("a.vpd83")));
        assertEquals(2, Vpd.targetPortGroup(LIO.get("b.vpd83")));
        assertEquals(1, Vpd.relativeTargetPort(LIO.get("a.vpd83")));
        assertEquals(2, Vpd.relativeTargetPort(LIO.get("b.vpd83")));
    }

    @Test
    void lioStandardInquiry() {
        Vpd.Standard s = Vpd.standard(LIO.get("a.inquiry"));
        assertEquals("LIO-ORG", s.vendor());
        assertEquals("FILEIO", s.product());
        assertEquals("4.0", s.revision());
        assertEquals(3, s.tpgs(), "alua_access_type 3: implicit and explicit");
        assertEquals(2, Vpd.standard(LIO.get("explicit.a.inquiry")).tpgs());
        assertEquals(1, Vpd.standard(LIO.get("implicit.a.inquiry")).tpgs());
        assertNull(Vpd.standard(new byte[20]));
        assertTrue(s.isBlockDevice(), "direct access, connected");
    }

    @Test
    void onlyWhatSdWouldClaimIsABlockDevice() {
        byte[] d = LIO.get("a.inquiry").clone();
        for (int type : new int[] {0x00, 0x07, 0x0E, 0x14}) {
            d[0] = (byte) type;
            assertTrue(Vpd.standard(d).isBlockDevice(), "type " + type);
        }
        d[0] = 0x0C; // tgt's LUN 0: storage array controller
        assertFalse(Vpd.standard(d).isBlockDevice());
        d[0] = 0x05; // CD/DVD: sr, not sd
        assertFalse(Vpd.standard(d).isBlockDevice());
        d[0] = 0x20; // qualifier 1: not connected
        assertFalse(Vpd.standard(d).isBlockDevice());
    }

    @Test
    void t10VendorIdWhenThereIsNoNaa() {
        // LIO's page with its NAA designator's type changed to 0 (vendor specific): the T10 vendor ID remains
        byte[] page = LIO.get("a.vpd83").clone();
        page[5] = 0x00;
        assertEquals("1LIO-ORG_FILEIO:6d706174-686a-4c49-4f00-000000000000", Vpd.wwid(page));
    }

    /** A page of designators, each "CODESET ASSOC|TYPE hex…" as bytes. */
    private static byte[] page(byte[]... designators) {
        int len = 0;
        for (byte[] d : designators) {
            len += d.length;
        }
        byte[] p = new byte[4 + len];
        p[1] = (byte) 0x83;
        p[2] = (byte) (len >> 8);
        p[3] = (byte) len;
        int at = 4;
        for (byte[] d : designators) {
            System.arraycopy(d, 0, p, at, d.length);
            at += d.length;
        }
        return p;
    }

    private static byte[] designator(int codeSet, int assocType, byte[] body) {
        byte[] d = new byte[4 + body.length];
        d[0] = (byte) codeSet;
        d[1] = (byte) assocType;
        d[3] = (byte) body.length;
        System.arraycopy(body, 0, d, 4, body.length);
        return d;
    }

    @Test
    void preferenceOrderAsParseVpdPg83() {
        byte[] locallyAssigned = designator(1, 0x03, hex("30 00 00 00 00 00 00 07"));
        byte[] t10 = designator(2, 0x01, "ACME    VAULT   1234".getBytes(StandardCharsets.US_ASCII));
        byte[] eui = designator(1, 0x02, hex("00 11 22 33 44 55 66 77"));
        byte[] nameIqn = designator(3, 0x08, "iqn.2026-11.example:lu7\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        byte[] nameNaa = designator(3, 0x08, "naa.600A0B80\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        byte[] registered = designator(1, 0x03, hex("50 01 23 45 67 89 ab cd"));
        byte[] portName = designator(3, 0x18, "naa.6FFFFFFF".getBytes(StandardCharsets.US_ASCII));

        assertEquals("33000000000000007", Vpd.wwid(page(locallyAssigned)), "NAA locally assigned alone");
        assertEquals("1ACME_VAULT_1234", Vpd.wwid(page(locallyAssigned, t10)), "T10 (2) beats NAA 3h (1)");
        assertEquals("20011223344556677", Vpd.wwid(page(t10, eui)), "EUI-64 (3) beats T10 (2)");
        assertEquals("82026-11.example:lu7", Vpd.wwid(page(eui, nameIqn)),
                "SCSI name (4) beats EUI-64; its prefix goes, as in parse_vpd_pg83");
        assertEquals("3600a0b80", Vpd.wwid(page(nameNaa)), "naa. name: 3 and lower case");
        assertEquals("3500123456789abcd", Vpd.wwid(page(nameIqn, registered, eui)), "NAA 5h (7) beats them all");
        assertNull(Vpd.wwid(page(portName)), "target port designators do not name the LU");
        assertEquals("naa.6FFFFFFF", Vpd.targetDeviceName(page(designator(3, 0x28,
                "naa.6FFFFFFF".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void serialIsTrimmed() {
        byte[] p = new byte[4 + 12];
        p[1] = (byte) 0x80;
        p[3] = 12;
        System.arraycopy("  SIM-a-0001".getBytes(StandardCharsets.US_ASCII), 0, p, 4, 12);
        assertEquals("SIM-a-0001", Vpd.serial(p));
        assertNull(Vpd.serial(LIO.get("a.vpd83")), "not page 0x80");
    }

    @Test
    void nodeNamesFromPathNames() {
        assertEquals("sim:arr", IdentifiedPath.nodeNameOf("sim:arr/A0/3"));
        assertEquals("iscsi:iqn.2026-11.example:t", IdentifiedPath.nodeNameOf("iscsi:10.0.0.1:3260/iqn.2026-11.example:t/1"));
    }
}
