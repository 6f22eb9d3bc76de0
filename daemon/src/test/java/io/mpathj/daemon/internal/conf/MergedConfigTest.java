package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.ARRAY_RULES;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.withArrays;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.parse;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.daemon.internal.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precedence (each level over the next), device matching, the arrays' bundle rules and the autodetection rules. */
class MergedConfigTest {
    private static final PathIdentity CX = path("sim:cx/A0/0", "DGC", "RAID 5", "36006016000000000000000000000001",
            0);
    private static final PathIdentity ALUA = path("sim:a/A0/0", "MPATHJ", "SIM ALUA",
            "36001405000000000000000000000001", 1);
    private static final PathIdentity PLAIN = path("sim:p/A0/0", "ACME", "DISK", "36001405000000000000000000000002",
            0);

    private static DeviceRule bundle(String name, String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        List<Diagnostic> problems = new ArrayList<>();
        DeviceRule r = DeviceRule.of(name, "device rule from bundle " + name, m, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return r;
    }

    @Test
    void multipathToolsDefaults() {
        EffectiveSettings s = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES).settingsFor(PLAIN);
        assertEquals("5", s.value("polling_interval"));
        assertEquals("20", s.value("max_polling_interval"));
        assertEquals("service-time 0", s.value("path_selector"));
        assertEquals("failover", s.value("path_grouping_policy"));
        assertEquals("tur", s.value("path_checker"));
        assertEquals("const", s.value("prio"));
        assertEquals("manual", s.value("failback"));
        assertEquals("fail", s.value("no_path_retry"));
        assertEquals("0", s.value("features"));
        assertEquals("0", s.value("hardware_handler"));
        assertEquals("strict", s.value("find_multipaths"));
        assertEquals("no", s.value("user_friendly_names"));
        assertEquals("mpath", s.value("alias_prefix"));
        assertNull(s.value("alias"));
        assertEquals(Setting.INTERNAL, s.get("failback").origin());
        Settings d = s.toDaemonSettings();
        assertEquals(5, d.pollingInterval());
        assertEquals(20, d.maxInterval());
        assertEquals(30, d.checkerTimeout());
        assertEquals(Settings.FAILBACK_MANUAL, d.failback());
        assertEquals(Settings.NO_PATH_RETRY_FAIL, d.noPathRetry());
    }

    @Test
    void noArrayEntryIsBuiltInTheyComeWithTheirHandlerBundles() {
        assertTrue(BuiltinDevices.table().isEmpty());
        EffectiveSettings generic = MergedConfig.of(MultipathConf.empty(), List.of()).settingsFor(CX);
        assertEquals("0", generic.value("hardware_handler"));
        assertEquals("failover", generic.value("path_grouping_policy"));
    }

    @Test
    void clariionRuleOfHandlerEmc() {
        MergedConfig m = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES);
        EffectiveSettings s = m.settingsFor(CX);
        assertEquals("1 emc", s.value("hardware_handler"));
        assertEquals("group_by_prio", s.value("path_grouping_policy"));
        assertEquals("emc", s.value("prio"));
        assertEquals("emc_clariion", s.value("path_checker"));
        assertEquals("immediate", s.value("failback"));
        assertEquals("60", s.value("no_path_retry"));
        assertEquals("device rule from bundle io.mpathj.handler.emc", s.get("hardware_handler").origin());
        // product_blacklist LUNZ
        assertTrue(m.isBlacklisted(path("sim:cx/A0/9", "DGC", "LUNZ", "3600601600000000000000000000000f", 0))
                .blacklisted());
        assertFalse(m.isBlacklisted(CX).blacklisted());
    }

    @Test
    void eseriesAndMsaRulesOfHandlerRdacAndHpSw() {
        MergedConfig m = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES);
        EffectiveSettings e = m.settingsFor(path("x", "LSI", "INF-01-00", "360080e5000000000000000000000001", 0));
        assertEquals("1 rdac", e.value("hardware_handler"));
        assertEquals("rdac", e.value("path_checker"));
        assertEquals(Setting.AUTODETECTED, e.get("path_checker").origin()); // check_rdac
        assertEquals("rdac", e.value("prio"));
        assertEquals("2 pg_init_retries 50", e.value("features"));
        assertEquals("immediate", e.value("failback"));
        assertEquals("30", e.value("no_path_retry"));
        assertEquals("group_by_prio", e.value("path_grouping_policy"));
        assertTrue(m.isBlacklisted(path("x", "NETAPP", "Universal Xport", "3600a", 0)).blacklisted());
        EffectiveSettings h = m.settingsFor(path("y", "HP", "MSA1000", "3600b", 0));
        assertEquals("1 hp_sw", h.value("hardware_handler"));
        assertEquals("hp_sw", h.value("path_checker"));
        assertEquals("hp_sw", h.value("prio"));
        assertEquals("12", h.value("no_path_retry"));
    }

    @Test
    void genericAluaByTpgs() {
        EffectiveSettings s = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES).settingsFor(ALUA);
        assertEquals("1 alua", s.value("hardware_handler"));
        assertEquals(Setting.TPGS, s.get("hardware_handler").origin());
        assertEquals("alua", s.value("prio"));
        assertEquals("group_by_prio", s.value("path_grouping_policy"));
        assertEquals(Setting.AUTODETECTED, s.get("path_grouping_policy").origin());
        assertEquals("tur", s.value("path_checker"));
        // detect_pgpolicy_use_tpg
        EffectiveSettings tpg = MergedConfig.of(parse("defaults {\ndetect_pgpolicy_use_tpg yes\n}\n"), ARRAY_RULES)
                .settingsFor(ALUA);
        assertEquals("group_by_tpg", tpg.value("path_grouping_policy"));
        // detect_prio no: the const prioritizer, no autodetected grouping
        EffectiveSettings off = MergedConfig.of(parse("defaults {\ndetect_prio no\n}\n"), ARRAY_RULES).settingsFor(ALUA);
        assertEquals("const", off.value("prio"));
        assertEquals("failover", off.value("path_grouping_policy"));
        assertEquals("1 alua", off.value("hardware_handler"));
        // one path without TPGS: no alua handler for the map
        EffectiveSettings mixed = MergedConfig.of(MultipathConf.empty(), ARRAY_RULES).settingsForMap(ALUA.wwid(),
                List.of(ALUA, path("sim:a/B0/0", "MPATHJ", "SIM ALUA", ALUA.wwid(), 0)));
        assertEquals("0", mixed.value("hardware_handler"));
        assertEquals("failover", mixed.value("path_grouping_policy"));
    }

    @Test
    void aluaPrioWithoutTpgsFallsBackToConst() {
        EffectiveSettings s = MergedConfig.of(parse("defaults {\nprio alua\n}\n"), ARRAY_RULES).settingsFor(PLAIN);
        assertEquals("const", s.value("prio"));
        assertEquals("emergency fallback - alua failed", s.get("prio").origin());
        EffectiveSettings tpg = MergedConfig.of(parse("defaults {\npath_grouping_policy group_by_tpg\n}\n"), ARRAY_RULES)
                .settingsFor(PLAIN);
        assertEquals("failover", tpg.value("path_grouping_policy"));
    }

    /** One keyword set at every level: each level, removed in turn, reveals the next one. */
    @Test
    void eachLevelOverridesTheNext() {
        String defaults = "defaults {\n failback 10\n}\n";
        String devices = "devices {\n device {\n vendor DGC\n product \"RAID\"\n failback 30\n }\n"
                + " device {\n vendor \"^DG\"\n product \".*\"\n failback 20\n }\n}\n";
        String overrides = "overrides {\n failback 40\n}\n";
        String multipaths = "multipaths {\n multipath {\n wwid " + CX.wwid() + "\n failback 50\n alias cx\n }\n}\n";
        DeviceRule b1 = bundle("vendor.a", "vendor", "DGC", "product", "RAID", "failback", "11");
        DeviceRule b2 = bundle("vendor.b", "vendor", "DGC", "product", "RAID 5", "failback", "12");

        MergedConfig all = MergedConfig.of(parse(defaults + devices + overrides + multipaths), withArrays(List.of(b1, b2)));
        Setting s = all.settingsFor(CX).get("failback");
        assertEquals("50", s.value());
        assertEquals("multipath section, multipath.conf line 22", s.origin());
        assertEquals("cx", all.settingsFor(CX).value("alias"));
        assertEquals("40", MergedConfig.of(parse(defaults + devices + overrides), withArrays(List.of(b1, b2))).settingsFor(CX)
                .value("failback"));
        // devices: the later operator entry wins over the earlier one, both matching
        Setting dev = MergedConfig.of(parse(defaults + devices), withArrays(List.of(b1, b2))).settingsFor(CX).get("failback");
        assertEquals("20", dev.value());
        assertEquals("device section, multipath.conf line 13", dev.origin());
        // bundles: the later bundle's rule wins (vendor.b over vendor.a over handler.emc)
        Setting bundle = MergedConfig.of(parse(defaults), withArrays(List.of(b1, b2))).settingsFor(CX).get("failback");
        assertEquals("12", bundle.value());
        assertEquals("device rule from bundle vendor.b", bundle.origin());
        assertEquals("immediate", MergedConfig.of(parse(defaults), ARRAY_RULES).settingsFor(CX).value("failback"));
        // defaults apply where no device entry sets the keyword
        assertEquals("10", MergedConfig.of(parse(defaults), ARRAY_RULES).settingsFor(PLAIN).value("failback"));
        assertEquals("manual", MergedConfig.of(parse(""), ARRAY_RULES).settingsFor(PLAIN).value("failback"));
        // a device entry's other keywords still come from handler.emc's entry
        assertEquals("1 emc", all.settingsFor(CX).value("hardware_handler"));
        assertEquals("emc", all.settingsFor(CX).value("prio"));
    }

    @Test
    void multipathsBeatOverridesAsInMultipathTools() {
        MergedConfig m = MergedConfig.of(parse("overrides {\n no_path_retry queue\n prio const\n}\n"
                + "multipaths {\n multipath {\n wwid " + PLAIN.wwid() + "\n no_path_retry 3\n}\n}\n"), ARRAY_RULES);
        assertEquals("3", m.settingsFor(PLAIN).value("no_path_retry"));
        assertEquals("queue", m.settingsFor(CX).value("no_path_retry"));
        // overrides beat the bundle's device entry
        assertEquals("const", m.settingsFor(CX).value("prio"));
    }

    @Test
    void sameStringsAbsorbTheLowerEntry() {
        MergedConfig m = MergedConfig.of(parse("devices {\n device {\n vendor \"^DGC\"\n product"
                + " \"^(RAID|DISK|VRAID)\"\n no_path_retry queue\n }\n}\n"), ARRAY_RULES);
        long dgc = m.hwtable().stream().filter(r -> "^DGC".equals(r.vendor())).count();
        assertEquals(1, dgc, "the operator's entry absorbed handler.emc's");
        EffectiveSettings s = m.settingsFor(CX);
        assertEquals("queue", s.value("no_path_retry"));
        assertEquals("1 emc", s.value("hardware_handler"));
        assertEquals("device rule from bundle io.mpathj.handler.emc", s.get("hardware_handler").origin());
    }

    @Test
    void vendorProductRevisionAreUnanchoredRegexes() {
        MergedConfig m = MergedConfig.of(parse("devices {\n device {\n vendor bar\n product \"[[:digit:]]+$\"\n"
                + " revision \"^2\"\n prio random\n }\n}\n"), ARRAY_RULES);
        assertEquals("random", m.settingsFor(new PathIdentity("a", "rhabarber", "X 10", "2.1", "3600", null, 0,
                null)).value("prio"));
        assertEquals("const", m.settingsFor(new PathIdentity("a", "Barbie", "X 10", "2.1", "3600", null, 0, null))
                .value("prio"));
        assertEquals("const", m.settingsFor(new PathIdentity("a", "bar", "X 10", "1.2", "3600", null, 0, null))
                .value("prio"));
        // a path without a revision is matched on vendor and product
        assertEquals("random", m.settingsFor(new PathIdentity("a", "bar", "X1", null, "3600", null, 0, null))
                .value("prio"));
    }

    @Test
    void prioArgsComeWithTheirPrio() {
        MergedConfig m = MergedConfig.of(parse("defaults {\n prio_args \"exclusive_pref_bit\"\n}\n"
                + "overrides {\n prio weightedpath\n}\n"), ARRAY_RULES);
        assertEquals("weightedpath", m.settingsFor(PLAIN).value("prio"));
        assertEquals("", m.settingsFor(PLAIN).value("prio_args"));
    }

    @Test
    void queueIfNoPathFeatureBecomesNoPathRetry() {
        MergedConfig m = MergedConfig.of(parse("defaults {\n features \"2 queue_if_no_path pg_init_retries\"\n}\n"), ARRAY_RULES);
        EffectiveSettings s = m.settingsFor(PLAIN);
        assertEquals("queue", s.value("no_path_retry"));
        assertEquals("1 pg_init_retries", s.value("features"));
        // an explicit no_path_retry wins over the feature
        EffectiveSettings e = MergedConfig.of(parse("defaults {\n features \"1 queue_if_no_path\"\n"
                + " no_path_retry 5\n}\n"), ARRAY_RULES).settingsFor(PLAIN);
        assertEquals("5", e.value("no_path_retry"));
        assertEquals("0", e.value("features"));
    }

    @Test
    void protocolSubsectionOverOverrides() {
        MergedConfig m = MergedConfig.of(ConfTestSupport.resource("manpage-values.conf"), ARRAY_RULES);
        EffectiveSettings s = m.settingsFor(PLAIN); // scsi:iscsi
        assertEquals("infinity", s.value("dev_loss_tmo"));
        assertEquals("off", s.value("fast_io_fail_tmo"));
        EffectiveSettings fc = m.settingsFor(new PathIdentity("f", "ACME", "DISK", null, "3600", null, 0, "scsi:fcp"));
        assertEquals("600", fc.value("dev_loss_tmo"));
        assertEquals("5", fc.value("fast_io_fail_tmo"));
    }

    @Test
    void pollingIntervalsFilledInAsInitConfig() {
        assertEquals("10", MergedConfig.of(parse("defaults {\n max_polling_interval 40\n}\n"), ARRAY_RULES)
                .global("polling_interval").value());
        assertEquals("40", MergedConfig.of(parse("defaults {\n polling_interval 10\n}\n"), ARRAY_RULES)
                .global("max_polling_interval").value());
        assertEquals("8", MergedConfig.of(parse("defaults {\n polling_interval 10\n max_polling_interval 8\n}\n"), ARRAY_RULES)
                .global("polling_interval").value());
        Settings d = MergedConfig.of(parse("defaults {\n polling_interval 2\n checker_timeout 10\n failback 15\n"
                + " no_path_retry queue\n path_checker directio\n prio alua\n prio_args exclusive_pref_bit\n}\n"), ARRAY_RULES)
                .settingsFor(ALUA).toDaemonSettings();
        assertEquals(new Settings(2, 8, 10, "tur", "alua", "", 15, Settings.NO_PATH_RETRY_QUEUE), d);
    }
}
