package io.mpathj.handler.alua.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * REPORT TARGET PORT GROUPS parameter data (SPC-4 r36 §6.37).
 *
 * <p>Header: bytes 0..3 RETURN DATA LENGTH (the bytes that follow them). With the length-only format (PARAMETER DATA
 * FORMAT 000b, "RTPG parameter data format for the length only header") the descriptors start at byte 4. With the
 * extended header (001b, "RTPG parameter data format for the extended header") byte 4 bits 6..4 hold FORMAT TYPE
 * 001b, byte 5 the IMPLICIT TRANSITION TIME in seconds, and the descriptors start at byte 8.
 *
 * <p>Each target port group descriptor ("Target port group descriptor format"): byte 0 bit 7 PREF, bits 3..0
 * ASYMMETRIC ACCESS STATE; byte 1 the SUPPORTED STATES bits (T_SUP 80h, O_SUP 40h, LBD_SUP 10h, U_SUP 08h, S_SUP
 * 04h, AN_SUP 02h, AO_SUP 01h); bytes 2..3 TARGET PORT GROUP; byte 5 STATUS CODE; byte 6 vendor specific; byte 7
 * TARGET PORT COUNT; then that many 4-byte target port descriptors ("Target port descriptor format") with the
 * RELATIVE TARGET PORT IDENTIFIER in bytes 2..3.
 *
 * <p>Descriptors are read as Linux's scsi_dh_alua reads them (drivers/scsi/device_handler/scsi_dh_alua.c,
 * alua_rtpg): one 8-byte descriptor header at each offset below RETURN DATA LENGTH + 4, the next one TARGET PORT
 * COUNT × 4 bytes further on. A descriptor whose target port descriptors run past the RETURN DATA LENGTH is kept
 * with the ports that fit, and the inconsistency is reported in {@link #defect()}: LIO (Linux 6.1
 * drivers/target/target_core_alua.c) computes RETURN DATA LENGTH without the four extra bytes of the extended
 * header, which cuts the last target port descriptor off every extended answer.
 *
 * @param returnDataLength the RETURN DATA LENGTH field
 * @param extendedHeader whether the data has the extended header
 * @param implicitTransitionTime the IMPLICIT TRANSITION TIME (seconds, 0 = not given); 0 without extended header
 * @param groups the descriptors whose header arrived whole, in the order of the data
 * @param truncated whether the allocation length cut the data short ({@link #totalLength()} bytes are needed)
 * @param defect what is inconsistent in data that could still be read, or {@code ""}
 */
record RtpgData(long returnDataLength, boolean extendedHeader, int implicitTransitionTime,
        List<PortGroupDescriptor> groups, boolean truncated, String defect) {

    static final int LENGTH_ONLY_HEADER = 4;
    static final int EXTENDED_HEADER = 8;
    private static final int FORMAT_TYPE_MASK = 0x70;
    private static final int FORMAT_TYPE_EXTENDED = 0x10;
    private static final int DESCRIPTOR_HEADER = 8;
    private static final int PORT_DESCRIPTOR = 4;

    /**
     * One target port group descriptor.
     *
     * @param preferred the PREF bit
     * @param stateCode the ASYMMETRIC ACCESS STATE code
     * @param supportedStates the SUPPORTED STATES byte
     * @param groupId the TARGET PORT GROUP
     * @param statusCode the STATUS CODE (00h none, 01h altered by STPG, 02h altered by implicit behaviour)
     * @param relativePorts the RELATIVE TARGET PORT IDENTIFIER of each target port descriptor that lies within the
     *     RETURN DATA LENGTH
     */
    record PortGroupDescriptor(boolean preferred, int stateCode, int supportedStates, int groupId, int statusCode,
            List<Integer> relativePorts) {
        AluaState state() {
            return AluaState.ofCode(stateCode);
        }
    }

    /** The bytes the whole parameter data needs: RETURN DATA LENGTH plus its own four bytes. */
    long totalLength() {
        return returnDataLength + LENGTH_ONLY_HEADER;
    }

    /** The descriptor of a group, if the data has one. */
    Optional<PortGroupDescriptor> group(int groupId) {
        return groups.stream().filter(g -> g.groupId() == groupId).findFirst();
    }

    /** Whether the data was consistent (no {@link #defect()}). */
    boolean consistent() {
        return defect.isEmpty();
    }

    /**
     * Decodes the first {@code length} bytes of {@code data}.
     *
     * @param extendedRequested whether the command asked for the extended header; only then is byte 4 read as
     *     FORMAT TYPE (a device that ignores the request answers with the length-only header)
     * @throws ScsiDataFormatException when there is no RETURN DATA LENGTH or it is shorter than the header (fewer
     *     than eight bytes after the last descriptor are ignored, as padding)
     */
    static RtpgData parse(byte[] data, int length, boolean extendedRequested) throws ScsiDataFormatException {
        int n = Math.min(Math.max(length, 0), data.length);
        if (n < LENGTH_ONLY_HEADER) {
            throw new ScsiDataFormatException("RTPG parameter data of " + n + " bytes has no RETURN DATA LENGTH");
        }
        long returnLength = (data[0] & 0xFFL) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8
                | (data[3] & 0xFF);
        long total = returnLength + LENGTH_ONLY_HEADER;
        boolean extended = extendedRequested && n > 4 && (data[4] & FORMAT_TYPE_MASK) == FORMAT_TYPE_EXTENDED;
        int start = extended ? EXTENDED_HEADER : LENGTH_ONLY_HEADER;
        if (total < start) {
            throw new ScsiDataFormatException("RETURN DATA LENGTH " + returnLength + " is shorter than the "
                    + (extended ? "extended" : "length-only") + " header");
        }
        int transitionTime = extended && n > 5 ? data[5] & 0xFF : 0;
        int end = (int) Math.min(n, total);
        boolean truncated = n < total;
        List<PortGroupDescriptor> groups = new ArrayList<>();
        String defect = "";
        int off = start;
        while (off + DESCRIPTOR_HEADER <= end) {
            int ports = data[off + 7] & 0xFF;
            long next = (long) off + DESCRIPTOR_HEADER + (long) PORT_DESCRIPTOR * ports;
            if (next > end && truncated) {
                break; // cut short by the allocation length: read again with a buffer of totalLength()
            }
            if (next > total) {
                defect = "target port group descriptor at byte " + off + " with " + ports
                        + " target ports runs past RETURN DATA LENGTH " + returnLength;
            }
            List<Integer> relativePorts = new ArrayList<>(ports);
            for (int p = off + DESCRIPTOR_HEADER; p + PORT_DESCRIPTOR <= Math.min(next, end); p += PORT_DESCRIPTOR) {
                relativePorts.add((data[p + 2] & 0xFF) << 8 | (data[p + 3] & 0xFF));
            }
            groups.add(new PortGroupDescriptor((data[off] & 0x80) != 0, data[off] & 0x0F, data[off + 1] & 0xFF,
                    (data[off + 2] & 0xFF) << 8 | (data[off + 3] & 0xFF), data[off + 5] & 0xFF,
                    List.copyOf(relativePorts)));
            if (next > total) {
                break;
            }
            off = (int) next;
        }
        return new RtpgData(returnLength, extended, transitionTime, List.copyOf(groups), truncated, defect);
    }
}
