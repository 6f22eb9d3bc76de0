package io.mpathj.daemon.internal.conf;

/**
 * A keyword's effective value for a path or map and where it came from, as multipathd logs it ("(setting:
 * multipath.conf overrides section)"): here "overrides section, multipath.conf line 12", "built-in device table
 * (^DGC:^(RAID|DISK|VRAID))", "multipath internal", "storage device autodetected", ….
 */
public record Setting(String keyword, String value, String origin) {
    public static final String INTERNAL = "multipath internal";
    public static final String AUTODETECTED = "storage device autodetected";
    public static final String TPGS = "autodetected from TPGS";

    @Override
    public String toString() {
        return keyword + " = " + value + " (setting: " + origin + ")";
    }
}
