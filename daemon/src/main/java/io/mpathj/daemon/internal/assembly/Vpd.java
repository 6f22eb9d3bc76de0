package io.mpathj.daemon.internal.assembly;

import io.mpathj.api.scsi.Cdbs;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of the identification data the assembly reads from a path: standard INQUIRY (SPC-4 6.6.2), Unit Serial
 * Number (VPD 0x80) and Device Identification (VPD 0x83), the latter to a WWID as multipath-tools'
 * {@code parse_vpd_pg83} (libmultipath/discovery.c) forms it.
 */
public final class Vpd {
    private static final int ASSOCIATION_LU = 0x00;
    private static final int ASSOCIATION_TARGET_PORT = 0x10;

    private Vpd() {
    }

    /**
     * Standard INQUIRY fields: vendor, product, revision (trailing blanks removed), the TPGS field, and byte 0
     * (peripheral qualifier and device type).
     */
    public record Standard(String vendor, String product, String revision, int tpgs, int peripheral) {
        /**
         * Whether Linux's sd driver would make a block device of it, the only devices multipathd sees: a connected
         * LU (qualifier 0) of type direct access (0x00), optical memory (0x07), RBC (0x0E) or zoned block (0x14).
         * Not, e.g., tgt's storage array controller at LUN 0 (0x0C).
         */
        public boolean isBlockDevice() {
            int type = peripheral & 0x1F;
            return (peripheral >> 5) == 0 && (type == 0x00 || type == 0x07 || type == 0x0E || type == 0x14);
        }
    }

    /** Decodes standard INQUIRY data; null when it is shorter than the 36 bytes that carry the identification. */
    public static Standard standard(byte[] d) {
        if (d == null || d.length < 36) {
            return null;
        }
        return new Standard(text(d, 8, 8), text(d, 16, 16), text(d, 32, 4), (d[5] >> 4) & 0x3, d[0] & 0xFF);
    }

    /** VPD page 0x80's serial number with leading and trailing blanks removed ({@code parse_vpd_pg80}), or null. */
    public static String serial(byte[] page) {
        if (page == null || page.length < 4 || (page[1] & 0xFF) != 0x80) {
            return null;
        }
        int len = Math.min(Cdbs.getU16(page, 2), page.length - 4);
        String s = new String(page, 4, len, StandardCharsets.ISO_8859_1).strip();
        int nul = s.indexOf('\0');
        s = (nul >= 0 ? s.substring(0, nul) : s).strip();
        return s.isEmpty() ? null : s;
    }

    /**
     * The WWID from VPD page 0x83, as {@code parse_vpd_pg83}: among the logical unit's designators (association
     * 0), NAA IEEE Registered Extended (priority 8) > NAA IEEE Registered (7) > NAA IEEE Extended (6) > SCSI name
     * string starting {@code eui.}, {@code naa.} or {@code iqn.} (4) > EUI-64 (3) > T10 vendor ID (2) > NAA locally
     * assigned (1); the first of the best kind wins. NAA and EUI-64 give their type digit ({@code 3}, {@code 2})
     * and the designator in lower-case hex; a SCSI name string gives {@code 2} ({@code eui.}), {@code 3}
     * ({@code naa.}, both lower-cased) or {@code 8} (as written) and the name after its 4-character prefix, without
     * trailing NULs; a T10 vendor ID gives {@code 1} and its text with each run of blanks as one {@code _} and no
     * trailing {@code _}. Null when the page has none of these.
     */
    public static String wwid(byte[] page) {
        if (page == null || page.length < 4 || (page[1] & 0xFF) != 0x83) {
            return null;
        }
        int end = Math.min(page.length, 4 + Cdbs.getU16(page, 2));
        int best = -1;
        int bestAt = -1;
        for (int d = 4; d + 4 <= end; d += 4 + (page[d + 3] & 0xFF)) {
            int len = page[d + 3] & 0xFF;
            if (d + 4 + len > end || (page[d + 1] & 0x30) != ASSOCIATION_LU) {
                continue;
            }
            int prio = switch (page[d + 1] & 0x0F) {
                case 0x3 -> len == 0 ? -1 : switch ((page[d + 4] >> 4) & 0x0F) {
                    case 6 -> 8;
                    case 5 -> 7;
                    case 2 -> 6;
                    case 3 -> 1;
                    default -> -1;
                };
                case 0x8 -> len >= 4 && startsWithAny(page, d + 4, "eui.", "naa.", "iqn.") ? 4 : -1;
                case 0x2 -> 3;
                case 0x1 -> 2;
                default -> -1;
            };
            if (prio > best) {
                best = prio;
                bestAt = d;
            }
        }
        if (best <= 0) {
            return null;
        }
        int type = page[bestAt + 1] & 0x0F;
        int len = page[bestAt + 3] & 0xFF;
        int at = bestAt + 4;
        StringBuilder out = new StringBuilder();
        switch (type) {
            case 0x2, 0x3 -> {
                out.append(type);
                for (int i = 0; i < len; i++) {
                    out.append(String.format("%02x", page[at + i] & 0xFF));
                }
            }
            case 0x8 -> {
                String prefix = new String(page, at, 4, StandardCharsets.ISO_8859_1);
                int n = len - 4;
                while (n > 0 && page[at + 4 + n - 1] == 0) {
                    n--;
                }
                String name = new String(page, at + 4, n, StandardCharsets.ISO_8859_1);
                switch (prefix) {
                    case "eui." -> out.append('2').append(name.toLowerCase(java.util.Locale.ROOT));
                    case "naa." -> out.append('3').append(name.toLowerCase(java.util.Locale.ROOT));
                    default -> out.append('8').append(name);
                }
            }
            default -> {
                String text = new String(page, at, len, StandardCharsets.ISO_8859_1);
                int nul = text.indexOf('\0'); // a C string ends there (LIO counts its NUL in the length)
                text = (nul >= 0 ? text.substring(0, nul) : text).replaceAll(" +", "_");
                out.append('1').append(text.endsWith("_") ? text.substring(0, text.length() - 1) : text);
            }
        }
        return out.toString();
    }

    /** The target port group (designator type 5h, target port association), or -1. */
    public static int targetPortGroup(byte[] page) {
        return portDesignator(page, 0x5);
    }

    /** The relative target port identifier (designator type 4h, target port association), or -1. */
    public static int relativeTargetPort(byte[] page) {
        return portDesignator(page, 0x4);
    }

    /**
     * The SCSI target device's name (designator type 8h with target device association, as iSCSI targets report
     * their IQN), or null: what {@code group_by_node_name} groups by when the transport gives none.
     */
    public static String targetDeviceName(byte[] page) {
        if (page == null || page.length < 4 || (page[1] & 0xFF) != 0x83) {
            return null;
        }
        int end = Math.min(page.length, 4 + Cdbs.getU16(page, 2));
        for (int d = 4; d + 4 <= end; d += 4 + (page[d + 3] & 0xFF)) {
            int len = page[d + 3] & 0xFF;
            if (d + 4 + len <= end && (page[d + 1] & 0x30) == 0x20 && (page[d + 1] & 0x0F) == 0x8) {
                int n = len;
                while (n > 0 && page[d + 4 + n - 1] == 0) {
                    n--;
                }
                return new String(page, d + 4, n, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int portDesignator(byte[] page, int type) {
        if (page == null || page.length < 4 || (page[1] & 0xFF) != 0x83) {
            return -1;
        }
        int end = Math.min(page.length, 4 + Cdbs.getU16(page, 2));
        for (int d = 4; d + 4 <= end; d += 4 + (page[d + 3] & 0xFF)) {
            int len = page[d + 3] & 0xFF;
            if (d + 4 + len <= end && len >= 4 && (page[d + 1] & 0x30) == ASSOCIATION_TARGET_PORT
                    && (page[d + 1] & 0x0F) == type) {
                return Cdbs.getU16(page, d + 6);
            }
        }
        return -1;
    }

    private static boolean startsWithAny(byte[] b, int at, String... prefixes) {
        String s = new String(b, at, 4, StandardCharsets.ISO_8859_1);
        for (String p : prefixes) {
            if (s.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static String text(byte[] d, int off, int len) {
        return new String(d, off, len, StandardCharsets.ISO_8859_1).stripTrailing();
    }
}
