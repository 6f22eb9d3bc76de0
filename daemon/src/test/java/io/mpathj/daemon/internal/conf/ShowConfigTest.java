package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.ARRAY_RULES;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.withArrays;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertClean;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.parse;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** show config prints every section in multipath.conf syntax, and what it prints reads back the same. */
class ShowConfigTest {
    private static final String FULL = """
            defaults {
            	polling_interval 3
            	user_friendly_names yes
            	find_multipaths greedy
            	prio_args "a ""quoted"" arg # not a comment"
            	fast_io_fail_tmo off
            	marginal_path_err_sample_time 100
            }
            blacklist {
            	wwid "^3600dead"
            	devnode "!^sim:"
            	property "^ID_BAD$"
            	protocol "scsi:fcp"
            	device {
            		vendor "IBM"
            		product "S/390"
            	}
            }
            blacklist_exceptions {
            	wwid "^3600deadbeef"
            	device {
            		vendor "IBM"
            	}
            }
            devices {
            	device {
            		vendor "ACME"
            		product "DISK"
            		revision "^1"
            		path_grouping_policy multibus
            		no_path_retry 7
            	}
            	device {
            		vendor "^DGC"
            		product "^(RAID|DISK|VRAID)"
            		failback 5
            	}
            }
            overrides {
            	no_path_retry queue
            	dev_loss_tmo infinity
            	protocol {
            		type scsi:iscsi
            		dev_loss_tmo 60
            	}
            }
            multipaths {
            	multipath {
            		wwid 36001405000000000000000000000001
            		alias data
            		path_selector "queue-length 0"
            	}
            }
            """;

    private static final List<PathIdentity> SAMPLES = List.of(
            path("sim:a/A0/0", "ACME", "DISK", "36001405000000000000000000000001", 1),
            path("sim:cx/A0/0", "DGC", "RAID 5", "36006016000000000000000000000001", 0),
            path("sim:e/A0/0", "LSI", "INF-01-00", "360080e5000000000000000000000001", 1),
            path("sdq", "IBM", "S/390 DASD", "3600deadbeef0000", 0));

    @ParameterizedTest
    @ValueSource(strings = {"", "full", "manpage-values.conf", "manpage-blacklist.conf", "manpage-quoting.conf"})
    void roundTrip(String source) {
        MultipathConf conf = source.isEmpty() ? MultipathConf.empty()
                : source.equals("full") ? parse(FULL) : ConfTestSupport.resource(source);
        DeviceRule bundle = DeviceRule.of("vendor.x", "device rule from bundle vendor.x",
                Map.of("vendor", "ACME", "product", "DISK", "prio", "alua", "hardware_handler", "1 alua"),
                new java.util.ArrayList<>());
        MergedConfig first = MergedConfig.of(conf, withArrays(List.of(bundle)));
        String text = first.showConfig();
        MultipathConf reread = MultipathConf.parse("show-config", text);
        assertClean(reread);
        MergedConfig second = MergedConfig.of(reread, withArrays(List.of(bundle)));
        assertEquals(text, second.showConfig(), "show config of the re-read configuration");
        for (PathIdentity p : SAMPLES) {
            assertEquals(values(first.settingsFor(p)), values(second.settingsFor(p)), p.toString());
            assertEquals(first.isBlacklisted(p).blacklisted(), second.isBlacklisted(p).blacklisted(), p.toString());
        }
    }

    private static Map<String, String> values(EffectiveSettings s) {
        Map<String, String> m = new java.util.TreeMap<>();
        s.all().forEach((k, v) -> m.put(k, v.value()));
        return m;
    }

    @org.junit.jupiter.api.Test
    void layoutAsMultipathd() {
        String text = MergedConfig.of(parse(FULL), ARRAY_RULES).showConfig();
        assertTrue(text.startsWith("defaults {\n\tverbosity 2\n\tpolling_interval 3\n\tmax_polling_interval 12\n"),
                text);
        assertTrue(text.contains("\tpath_selector \"service-time 0\"\n"), text);
        assertTrue(text.contains("\tpath_grouping_policy \"failover\"\n"), text);
        assertTrue(text.contains("\tprio_args \"a \"\"quoted\"\" arg # not a comment\"\n"), text);
        assertTrue(text.contains("\tfast_io_fail_tmo off\n"), text);
        assertTrue(text.contains("\tno_path_retry \"fail\"\n"), text);
        assertTrue(text.contains("\tfind_multipaths \"greedy\"\n"), text);
        assertTrue(text.contains("\tuser_friendly_names \"yes\"\n"), text);
        assertTrue(text.contains("blacklist {\n\tdevnode \"!^sim:\"\n\twwid \"^3600dead\"\n\tproperty \"^ID_BAD$\"\n"
                + "\tprotocol \"scsi:fcp\"\n\tdevice {\n\t\tvendor \"IBM\"\n\t\tproduct \"S/390\"\n\t}\n"), text);
        // product_blacklist entries of the device table appear in the blacklist
        assertTrue(text.contains("\tdevice {\n\t\tvendor \"^DGC\"\n\t\tproduct \"LUNZ\"\n\t}\n"), text);
        assertTrue(text.contains("blacklist_exceptions {\n\twwid \"^3600deadbeef\"\n"
                + "\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n\tdevice {\n\t\tvendor \"IBM\"\n\t}\n}\n"), text);
        // the operator's DGC entry absorbed handler.emc's and stays where the operator put it: last
        assertTrue(text.contains("\tdevice {\n\t\tvendor \"^DGC\"\n\t\tproduct \"^(RAID|DISK|VRAID)\"\n"
                + "\t\tproduct_blacklist \"LUNZ\"\n\t\tpath_grouping_policy \"group_by_prio\"\n\t\tprio \"emc\"\n"
                + "\t\tpath_checker \"emc_clariion\"\n\t\thardware_handler \"1 emc\"\n"
                + "\t\tfailback 5\n\t\tno_path_retry 60\n\t\tdetect_checker \"no\"\n\t}\n}\n"), text);
        assertTrue(text.contains("\tfeatures \"0\"\n"), text);
        assertTrue(text.contains("overrides {\n\tno_path_retry \"queue\"\n\tdev_loss_tmo \"infinity\"\n"
                + "\tprotocol {\n\t\ttype \"scsi:iscsi\"\n\t\tdev_loss_tmo 60\n\t}\n}\n"), text);
        assertTrue(text.endsWith("multipaths {\n\tmultipath {\n\t\twwid \"36001405000000000000000000000001\"\n"
                + "\t\talias \"data\"\n\t\tpath_selector \"queue-length 0\"\n\t}\n}\n"), text);
    }
}
