package io.mpathj.transport.iscsi.internal.discovery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * REPORT LUNS (SPC-4 6.33): the CDB and the parameter data, decoded for the single-level LUN formats that
 * {@link io.mpathj.transport.iscsi.internal.pdu.Lun} sends (peripheral and flat space addressing, SAM-5 4.7.7).
 */
public final class ReportLuns {
    /** Room for the header and 256 LUNs. */
    public static final int LENGTH = 8 + 8 * 256;
    private static final int OPCODE = 0xA0;
    private static final int HEADER = 8;
    private static final int ENTRY = 8;

    private ReportLuns() {
    }

    public static byte[] cdb(int allocationLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) OPCODE;
        ByteBuffer.wrap(cdb).putInt(6, allocationLength);
        return cdb;
    }

    /** The LUNs in the returned data; entries in other addressing methods are skipped. */
    public static List<Integer> parse(ByteBuffer data) {
        List<Integer> luns = new ArrayList<>();
        if (data.remaining() < HEADER) {
            return luns;
        }
        int base = data.position();
        long listLength = data.getInt(base) & 0xFFFFFFFFL;
        long end = Math.min(data.limit(), base + HEADER + listLength);
        for (int at = base + HEADER; at + ENTRY <= end; at += ENTRY) {
            int first = data.get(at) & 0xFF;
            int second = data.get(at + 1) & 0xFF;
            int method = first >> 6;
            if (method == 0 && first == 0) {
                luns.add(second);
            } else if (method == 1) {
                luns.add((first & 0x3F) << 8 | second);
            }
        }
        return luns;
    }
}
