package io.mpathj.core.internal;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which logical unit a path leads to: the LU's designator from the Device Identification VPD page (SPC-4 7.8.6,
 * page 0x83), as multipath-tools groups paths by it (its WWID). The designator preferred is the one multipath-tools
 * and udev's scsi_id prefer: NAA (type 3h), then EUI-64 (2h), SCSI name string (8h), T10 vendor ID (1h), each with
 * association "logical unit" (0). A path that does not answer has no identity here: it is not checked.
 */
final class LuIdentityProbe {
    private static final int PAGE = 0x83;
    private static final int LENGTH = 252;
    /** Designator types in order of preference, with the prefix the identity gets. */
    private static final int[] PREFERRED = {3, 2, 8, 1};
    private static final String[] PREFIX = {"naa.", "eui.", "name.", "t10."};

    Optional<String> probe(PathDevice device) {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        ScsiResult r = PathCommand.run(device, ScsiCommand.dataIn(Cdbs.inquiryVpd(PAGE, LENGTH), buf),
                "INQUIRY VPD 0x83");
        if (!r.isGood()) {
            return Optional.empty();
        }
        return identity(buf.array(), LENGTH - r.residual());
    }

    /** The preferred LU designator of a page 0x83, or empty. */
    static Optional<String> identity(byte[] page, int received) {
        if (received < 4 || (page[1] & 0xFF) != PAGE) {
            return Optional.empty();
        }
        int end = Math.min(received, 4 + ((page[2] & 0xFF) << 8 | (page[3] & 0xFF)));
        for (int p = 0; p < PREFERRED.length; p++) {
            for (int off = 4; off + 4 <= end;) {
                int len = page[off + 3] & 0xFF;
                int association = (page[off + 1] >> 4) & 0x3;
                int type = page[off + 1] & 0xF;
                if (off + 4 + len > end) {
                    break;
                }
                if (association == 0 && type == PREFERRED[p] && len > 0) {
                    byte[] value = java.util.Arrays.copyOfRange(page, off + 4, off + 4 + len);
                    boolean ascii = (page[off] & 0xF) == 2 || (page[off] & 0xF) == 3;
                    return Optional.of(PREFIX[p] + (ascii ? new String(value,
                            java.nio.charset.StandardCharsets.US_ASCII).strip() : HexFormat.of().formatHex(value)));
                }
                off += 4 + len;
            }
        }
        return Optional.empty();
    }
}
