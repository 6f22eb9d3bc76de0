package io.mpathj.daemon.internal.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * What the configuration needs to know about one path, as the assembly work fills it from the path's INQUIRY and
 * VPD pages.
 *
 * @param name the path's name (here in place of a kernel device node such as {@code sda}: what {@code devnode}
 *     blacklist entries match)
 * @param vendor standard INQUIRY vendor identification (trailing blanks trimmed), or null
 * @param product standard INQUIRY product identification, or null
 * @param revision standard INQUIRY product revision level, or null
 * @param wwid the LU's WWID in multipath-tools' form ({@code 3} + NAA hex, …), or null
 * @param serial VPD page 0x80 unit serial number, or null
 * @param tpgs the INQUIRY TPGS field: 0 none, 1 implicit, 2 explicit, 3 both; negative: not known
 * @param protocol the transport as multipath-tools names it ({@code scsi:iscsi}, {@code scsi:fcp}, …), or null
 */
public record PathIdentity(String name, String vendor, String product, String revision, String wwid, String serial,
        int tpgs, String protocol) {
    public static final int TPGS_UNKNOWN = -1;

    /**
     * The udev-like properties {@code property} blacklist entries match: mpathj has no udev, so these stand for
     * what udev's SCSI rules would set: {@code ID_SERIAL} when there is a WWID (the default {@code uid_attribute}),
     * {@code ID_WWN} and {@code SCSI_IDENT_LUN_NAA} for an NAA WWID, {@code SCSI_IDENT_LUN_EUI64},
     * {@code SCSI_IDENT_LUN_T10}, {@code SCSI_IDENT_LUN_NAME} for the other designators, {@code SCSI_IDENT_SERIAL}
     * with a unit serial number, {@code ID_VENDOR}, {@code ID_MODEL}, {@code ID_REVISION}; sorted by name, as
     * libudev lists a device's properties (the first property an exception or blacklist entry matches decides).
     */
    public List<String> properties() {
        List<String> p = new ArrayList<>();
        if (wwid != null && !wwid.isEmpty()) {
            p.add("ID_SERIAL");
            switch (wwid.charAt(0)) {
                case '3' -> {
                    p.add("ID_WWN");
                    p.add("SCSI_IDENT_LUN_NAA");
                }
                case '2' -> p.add("SCSI_IDENT_LUN_EUI64");
                case '1' -> p.add("SCSI_IDENT_LUN_T10");
                case '8' -> p.add("SCSI_IDENT_LUN_NAME");
                default -> {
                }
            }
        }
        if (serial != null && !serial.isEmpty()) {
            p.add("SCSI_IDENT_SERIAL");
        }
        if (vendor != null) {
            p.add("ID_VENDOR");
        }
        if (product != null) {
            p.add("ID_MODEL");
        }
        if (revision != null) {
            p.add("ID_REVISION");
        }
        p.sort(null);
        return p;
    }
}
