package io.mpathj.storage.sim.internal;

import io.mpathj.storage.sim.personality.ScsiReplies;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.Identity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** INQUIRY (SPC-4 6.6): standard data and the vital product data pages 00h, 80h, 83h, plus the personality's. */
final class Inquiry {
    static final int STANDARD_LENGTH = 36;
    private static final int PERIPHERAL_DISK = 0x00;

    private final Tpgs tpgs;
    private final byte[] vendor;
    private final byte[] product;
    private final byte[] revision;
    private final ArrayBehavior personality;

    Inquiry(Identity identity, ArrayBehavior personality) {
        this.tpgs = identity.tpgs();
        this.vendor = padded(identity.vendor(), 8);
        this.product = padded(identity.product(), 16);
        this.revision = padded(identity.revision(), 4);
        this.personality = personality;
    }

    ScsiResult execute(PathImpl path, ScsiCommand command) {
        byte[] cdb = command.cdb();
        int allocation = Cdbs.getU16(cdb, 3);
        boolean evpd = (cdb[1] & 0x01) != 0;
        // CMDDT (obsolete bit 1) and a page code without EVPD are invalid (SPC-4 6.6.1)
        if ((cdb[1] & 0x02) != 0 || (!evpd && cdb[2] != 0)) {
            return path.lu().checkCondition(Senses.INVALID_FIELD_IN_CDB);
        }
        byte[] data = evpd ? vpdPage(path, cdb[2] & 0xFF) : standard();
        return data == null ? path.lu().checkCondition(Senses.INVALID_FIELD_IN_CDB)
                : ScsiReplies.dataIn(command, data, allocation);
    }

    /** Standard INQUIRY data (SPC-4 6.6.2, table "Standard INQUIRY data format"), 36 bytes. */
    private byte[] standard() {
        byte[] d = new byte[STANDARD_LENGTH];
        d[0] = PERIPHERAL_DISK;
        d[2] = 0x06; // VERSION: SPC-4
        d[3] = 0x12; // HISUP, RESPONSE DATA FORMAT 2
        d[4] = STANDARD_LENGTH - 5; // ADDITIONAL LENGTH (n - 4)
        d[5] = (byte) (tpgs.bits() << 4); // TPGS in bits 5..4
        d[6] = 0x10; // MULTIP: more than one port
        d[7] = 0x02; // CMDQUE
        System.arraycopy(vendor, 0, d, 8, 8);
        System.arraycopy(product, 0, d, 16, 16);
        System.arraycopy(revision, 0, d, 32, 4);
        return d;
    }

    /** A VPD page: 00h from the core, any other from the personality if it serves it, else 80h and 83h. */
    private byte[] vpdPage(PathImpl path, int page) {
        if (page == 0x00) {
            return supportedPages();
        }
        byte[] body = personality.vpdPage(path, page);
        if (body != null) {
            return vpd(page, body);
        }
        switch (page) {
            case 0x80:
                return vpd(0x80, path.lu().serialNumber().getBytes(StandardCharsets.US_ASCII));
            case 0x83:
                return deviceIdentification(path);
            default:
                return null;
        }
    }

    /** Supported VPD Pages (SPC-4 7.8.13), ascending. */
    private byte[] supportedPages() {
        java.util.SortedSet<Integer> pages = new java.util.TreeSet<>(java.util.List.of(0x00, 0x80, 0x83));
        for (int p : personality.vpdPages()) {
            pages.add(p & 0xFF);
        }
        byte[] list = new byte[pages.size()];
        int i = 0;
        for (int p : pages) {
            list[i++] = (byte) p;
        }
        return vpd(0x00, list);
    }

    /**
     * Device Identification (SPC-4 7.8.6): an NAA 3h (locally assigned) designator for the LU, the relative target
     * port (type 4h), and for ALUA arrays the target port group (type 5h). scsi_dh_alua reads the last two as the
     * be16 at bytes 6..7 of their designators.
     */
    private byte[] deviceIdentification(PathImpl path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] naa = new byte[12];
        naa[0] = 0x01; // code set binary
        naa[1] = 0x03; // association LU, type NAA
        naa[3] = 8;
        Cdbs.putU64(naa, 4, path.lu().naaIdentifier());
        out.writeBytes(naa);
        out.writeBytes(portDesignator(0x14, path.portImpl().relativePortId())); // association target port, type 4h
        if (tpgs != Tpgs.NONE) {
            out.writeBytes(portDesignator(0x15, path.portImpl().group().id())); // association target port, type 5h
        }
        return vpd(0x83, out.toByteArray());
    }

    private static byte[] portDesignator(int associationAndType, int value) {
        byte[] d = new byte[8];
        d[0] = 0x01;
        d[1] = (byte) associationAndType;
        d[3] = 4;
        Cdbs.putU16(d, 6, value);
        return d;
    }

    /** A VPD page: device type, page code, 16-bit page length, then the page body. */
    static byte[] vpd(int page, byte[] body) {
        byte[] d = new byte[4 + body.length];
        d[0] = PERIPHERAL_DISK;
        d[1] = (byte) page;
        Cdbs.putU16(d, 2, body.length);
        System.arraycopy(body, 0, d, 4, body.length);
        return d;
    }

    private static byte[] padded(String s, int width) {
        byte[] b = new byte[width];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] src = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(src, 0, b, 0, Math.min(width, src.length));
        return b;
    }
}
