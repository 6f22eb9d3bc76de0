package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.ARRAY_RULES;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertClean;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The snippets of multipath.conf(5) (test resources conf/manpage-*.conf) and what the man page says they mean. */
class ManPageSnippetsTest {
    @Test
    void keywordValuesFromTheManPage() {
        MultipathConf c = ConfTestSupport.resource("manpage-values.conf");
        assertClean(c);
        MergedConfig m = MergedConfig.of(c, ARRAY_RULES);
        assertEquals("round-robin 0", m.global("path_selector").value());
        assertEquals("sd:ID_SERIAL dasd:ID_UID nvme:ID_WWN", m.global("uid_attrs").value());
        assertEquals("followover", m.global("failback").value());
        assertEquals("greedy", m.global("find_multipaths").value());
        assertEquals("20", m.global("max_polling_interval").value());
        EffectiveSettings plain = m.settingsFor(path("sdz", "ACME", "DISK", "3600", 0));
        assertEquals("path_latency", plain.value("prio"));
        assertEquals("io_num=20 base_num=10", plain.value("prio_args"));
        assertEquals("2 pg_init_retries 50", plain.value("features"));
        assertEquals("queue", plain.value("no_path_retry"));
        // the operator's DGC entry, product ".*", over handler.emc's CLARiiON entry
        EffectiveSettings dgc = m.settingsFor(path("sdy", "DGC", "VRAID", "3600", 0));
        assertEquals("weightedpath", dgc.value("prio"));
        assertEquals("devname sda 10 sd.e 20", dgc.value("prio_args"));
        assertEquals("4 queue_mode bio pg_init_retries 50", dgc.value("features"));
        assertEquals("1 emc", dgc.value("hardware_handler"));
        assertEquals("60", dgc.value("no_path_retry"));
    }

    @Test
    void syntaxExampleShape() {
        // SYNTAX: "<section> { <attribute> <value> ... <subsection> { <attribute> <value> ... } }"
        MultipathConf c = ConfTestSupport.parse("devices {\n\tdevice {\n\t\tvendor \"V\"\n\t\tproduct \"P\"\n"
                + "\t}\n}\n");
        assertClean(c);
        assertEquals("V", c.devices.get(0).vendor());
        // "Opening braces must follow the (sub)section name on the same line"
        MultipathConf brace = ConfTestSupport.parse("devices\n{\n}\n");
        assertEquals(2, ConfTestSupport.at(brace, Diagnostic.Level.ERROR).size(), ConfTestSupport.messages(brace));
    }
}
