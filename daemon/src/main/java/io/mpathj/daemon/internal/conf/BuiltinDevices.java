package io.mpathj.daemon.internal.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in device table: entries of multipath-tools' libmultipath/hwtable.c for the arrays mpathj has (or will
 * have) hardware handlers for. The values are those of
 * https://github.com/opensvc/multipath-tools/blob/0.10.0/libmultipath/hwtable.c, the last release whose table still
 * names the hardware handler: multipath-tools 0.11 removed {@code hwhandler} from every entry (commit 9bda5e61,
 * "automatically handled by the kernel since 4.3", the kernel's scsi_dh attaching the handler at probe); mpathj has
 * no kernel to do that, so the table carries it. The rest is unchanged in
 * https://github.com/opensvc/multipath-tools/blob/master/libmultipath/hwtable.c.
 *
 * <p>Generic ALUA arrays (TPGS ≠ 0) need no entry: as in multipath-tools, {@link MergedConfig} detects them
 * ({@code detect_prio} → prio alua, {@code detect_pgpolicy} → group_by_prio, a TPGS LU without a handler of its
 * own → {@code hardware_handler "1 alua"}).
 */
public final class BuiltinDevices {
    public static final String ORIGIN = "built-in device table";

    private BuiltinDevices() {
    }

    /** The table, in hwtable.c's order (later entries win over earlier ones). */
    public static List<DeviceRule> table() {
        List<DeviceRule> t = new ArrayList<>();
        // HPE: MSA 1000/1500 and EVA 3000/5000 with old firmware (active/standby)
        t.add(rule("(COMPAQ|HP)", "(MSA|HSV)1[01]0",
                "hardware_handler", "1 hp_sw",
                "path_grouping_policy", "group_by_prio",
                "no_path_retry", "12",
                "path_checker", "hp_sw",
                "prio", "hp_sw"));
        // Dell EMC: CLARiiON CX/AX, VNX and Unity (ALUA failover mode 4 is handled by detection)
        t.add(rule("^DGC", "^(RAID|DISK|VRAID)",
                "product_blacklist", "LUNZ",
                "hardware_handler", "1 emc",
                "path_grouping_policy", "group_by_prio",
                "failback", "immediate",
                "no_path_retry", "60", // 300 / DEFAULT_CHECKINT
                "path_checker", "emc_clariion",
                "prio", "emc",
                "detect_checker", "no"));
        // NetApp: SANtricity (RDAC) E/EF Series
        t.add(rule("(NETAPP|LSI|ENGENIO)", "INF-01-00",
                "product_blacklist", "Universal Xport",
                "path_grouping_policy", "group_by_prio",
                "path_checker", "rdac",
                "features", "2 pg_init_retries 50",
                "hardware_handler", "1 rdac",
                "prio", "rdac",
                "failback", "immediate",
                "no_path_retry", "30"));
        return List.copyOf(t);
    }

    private static DeviceRule rule(String vendor, String product, String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vendor", vendor);
        m.put("product", product);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        List<Diagnostic> problems = new ArrayList<>();
        DeviceRule r = DeviceRule.of("built-in", ORIGIN + " (" + vendor + ":" + product + ")", m, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("built-in device table: " + problems);
        }
        return r;
    }
}
