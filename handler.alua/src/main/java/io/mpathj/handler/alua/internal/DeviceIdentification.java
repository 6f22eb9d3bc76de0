package io.mpathj.handler.alua.internal;

import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * What the handler reads from the Device Identification VPD page (SPC-4 7.8.6): the relative target port and the
 * target port group of the port the page was read through, and the logical unit's first designator as an identity.
 *
 * <p>Page layout (SPC-4 7.8.6.1, "Device Identification VPD page"): byte 1 = page code 83h, bytes 2..3 = PAGE
 * LENGTH (n - 3), then designation descriptors from byte 4. Each descriptor (SPC-4 7.8.6.1, "Designation descriptor
 * format"): byte 0 bits 3..0 CODE SET, byte 1 bit 7 PIV, bits 5..4 ASSOCIATION, bits 3..0 DESIGNATOR TYPE, byte 3
 * DESIGNATOR LENGTH, then the designator. The relative target port designator (type 4h, SPC-4 7.8.6.7) and the
 * target port group designator (type 5h, SPC-4 7.8.6.8) are four bytes with the value in designator bytes 2..3,
 * i.e. descriptor bytes 6..7. Like the kernel's {@code scsi_vpd_tpg_id}, the association is not checked.
 *
 * @param targetPortGroup the TARGET PORT GROUP of the first type 5h designator, if any
 * @param relativeTargetPort the RELATIVE TARGET PORT IDENTIFIER of the first type 4h designator, if any
 * @param logicalUnit the first designator with association 00b (logical unit), as "type:hex", or "" when none
 */
record DeviceIdentification(OptionalInt targetPortGroup, OptionalInt relativeTargetPort, String logicalUnit) {
    static final int PAGE_CODE = 0x83;
    static final int HEADER_LENGTH = 4;
    static final int TYPE_RELATIVE_TARGET_PORT = 0x4;
    static final int TYPE_TARGET_PORT_GROUP = 0x5;
    private static final int ASSOCIATION_LOGICAL_UNIT = 0x0;

    /** The page's full length according to its header (PAGE LENGTH + 4), for re-reading with a larger buffer. */
    static int declaredLength(byte[] data, int length) {
        return Math.min(length, data.length) < HEADER_LENGTH ? HEADER_LENGTH
                : ((data[2] & 0xFF) << 8 | (data[3] & 0xFF)) + HEADER_LENGTH;
    }

    /**
     * Decodes the first {@code length} bytes of {@code data}. A page cut short by the allocation length is read as
     * far as whole descriptors go.
     *
     * @throws ScsiDataFormatException when the header is missing or names another page, or a descriptor runs past
     *     the page length
     */
    static DeviceIdentification parse(byte[] data, int length) throws ScsiDataFormatException {
        int n = Math.min(Math.max(length, 0), data.length);
        if (n < HEADER_LENGTH) {
            throw new ScsiDataFormatException("VPD page 0x83 of " + n + " bytes has no header");
        }
        if ((data[1] & 0xFF) != PAGE_CODE) {
            throw new ScsiDataFormatException(String.format("VPD page 0x%02x returned for page 0x83",
                    data[1] & 0xFF));
        }
        int declaredEnd = declaredLength(data, n);
        int end = Math.min(n, declaredEnd);
        OptionalInt tpg = OptionalInt.empty();
        OptionalInt relPort = OptionalInt.empty();
        String lu = "";
        int off = HEADER_LENGTH;
        while (off + 4 <= end) {
            int association = (data[off + 1] >> 4) & 0x03;
            int type = data[off + 1] & 0x0F;
            int designatorLength = data[off + 3] & 0xFF;
            int next = off + 4 + designatorLength;
            if (next > declaredEnd) {
                throw new ScsiDataFormatException("designation descriptor at byte " + off + " with length "
                        + designatorLength + " runs past the page length " + declaredEnd);
            }
            if (next > end) {
                break; // cut short by the allocation length: the caller re-reads with more room
            }
            if ((type == TYPE_TARGET_PORT_GROUP || type == TYPE_RELATIVE_TARGET_PORT) && designatorLength >= 4) {
                int value = (data[off + 6] & 0xFF) << 8 | (data[off + 7] & 0xFF);
                if (type == TYPE_TARGET_PORT_GROUP && tpg.isEmpty()) {
                    tpg = OptionalInt.of(value);
                } else if (type == TYPE_RELATIVE_TARGET_PORT && relPort.isEmpty()) {
                    relPort = OptionalInt.of(value);
                }
            } else if (association == ASSOCIATION_LOGICAL_UNIT && lu.isEmpty() && designatorLength > 0) {
                lu = Integer.toHexString(type) + ":"
                        + HexFormat.of().formatHex(data, off + 4, next);
            }
            off = next;
        }
        return new DeviceIdentification(tpg, relPort, lu);
    }
}
