package io.mpathj.daemon.internal.conf;

import java.util.List;

/**
 * The built-in device table: empty. multipath-tools builds its device table into libmultipath (hwtable.c); in mpathj
 * the entries for the arrays it has hardware handlers for ship with those handlers: handler.emc (Dell EMC
 * CLARiiON/VNX/Unity), handler.rdac (NetApp/LSI/Engenio E-Series) and handler.hp-sw (HPE MSA/HSV 1x0) each register
 * an {@code io.mpathj.api.rules.DeviceRules} service with multipath-tools' entry for their arrays (the values of
 * https://github.com/opensvc/multipath-tools/blob/0.10.0/libmultipath/hwtable.c, the last release whose table names
 * the hardware handler), and declare the capability {@code mpathj.device_rules=VENDOR} so that the daemon has them
 * loaded from the repository when it first identifies a path of that vendor. One copy of each entry, kept with the
 * code that drives the array: a newer handler bundle dropped into deploy/ brings its rules along, and the daemon
 * carries nothing for arrays it cannot drive without that bundle anyway.
 *
 * <p>Generic ALUA arrays (TPGS ≠ 0) need no entry: as in multipath-tools, {@link MergedConfig} detects them
 * ({@code detect_prio} → prio alua, {@code detect_pgpolicy} → group_by_prio, a TPGS LU without a handler of its
 * own → {@code hardware_handler "1 alua"}).
 */
public final class BuiltinDevices {
    public static final String ORIGIN = "built-in device table";

    private BuiltinDevices() {
    }

    /** The table, in hwtable.c's order (later entries win over earlier ones): none (see the class comment). */
    public static List<DeviceRule> table() {
        return List.of();
    }
}
