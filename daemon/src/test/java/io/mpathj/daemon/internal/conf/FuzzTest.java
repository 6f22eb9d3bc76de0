package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.ARRAY_RULES;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random token soup: parsing, merging, printing and re-reading never throw; the only exception is the documented
 * {@link ConfSyntaxException} from {@link MultipathConf#requireNoErrors}.
 */
class FuzzTest {
    private static final String[] WORDS = {"defaults", "blacklist", "blacklist_exceptions", "devices", "device",
        "overrides", "multipaths", "multipath", "protocol", "type", "vendor", "product", "revision", "wwid", "alias",
        "devnode", "property", "{", "}", "\"", "\"\"", "#", "!", "\\!", "polling_interval", "failback",
        "no_path_retry", "features", "hardware_handler", "path_selector", "prio", "prio_args", "path_checker",
        "checker", "find_multipaths", "dev_loss_tmo", "fast_io_fail_tmo", "rr_min_io", "mode", "0", "1", "-1",
        "99999999999999999999", "queue", "fail", "yes", "no", "off", "infinity", "immediate", "manual", "(", ")",
        "[", "]", "*", ".*", "^DGC", "scsi:iscsi", "\u00e9", "\t", " ", "\n", "\r", "max_polling_interval",
        "\"1 alua\"", "\"2 a\"", "product_blacklist", "user_friendly_names", "group_by_tpg", "group_by_prio",
        "getuid_callout", "marginal_path_err_sample_time", "x/y", "\"a\"\"b\""};

    @Test
    void tokenSoup() {
        Random r = new Random(18);
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(80);
            for (int i = 0; i < n; i++) {
                sb.append(WORDS[r.nextInt(WORDS.length)]);
                sb.append(r.nextInt(4) == 0 ? "\n" : " ");
            }
            exercise(sb.toString());
        }
    }

    @Test
    void randomCharacters() {
        Random r = new Random(7);
        String alphabet = "{}\"#! \t\n\\abc019_-:/.*()[]^$\u00ff";
        for (int round = 0; round < 3000; round++) {
            char[] c = new char[r.nextInt(200)];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
            }
            exercise(new String(c));
        }
    }

    private static void exercise(String text) {
        MultipathConf c = MultipathConf.parse("fuzz.conf", text);
        try {
            c.requireNoErrors();
        } catch (ConfSyntaxException expected) {
            assertNotNull(expected.errors());
        }
        MergedConfig m = MergedConfig.of(c, ARRAY_RULES);
        PathIdentity p = new PathIdentity("sda", "DGC", "RAID 5", "1", "3600", "S", 1, "scsi:iscsi");
        assertNotNull(m.settingsFor(p).toDaemonSettings());
        assertNotNull(m.settingsForMap("3600", List.of(p, new PathIdentity(null, null, null, null, null, null,
                -1, null))));
        assertNotNull(m.isBlacklisted(p));
        String shown = m.showConfig();
        MultipathConf again = MultipathConf.parse("show", shown);
        org.junit.jupiter.api.Assertions.assertTrue(again.diagnostics.stream()
                .allMatch(d -> d.level() == Diagnostic.Level.INFO), () -> text + "\n---\n" + shown + "\n---\n"
                + again.diagnostics);
        org.junit.jupiter.api.Assertions.assertEquals(shown, MergedConfig.of(again, ARRAY_RULES).showConfig(), text);
    }
}
