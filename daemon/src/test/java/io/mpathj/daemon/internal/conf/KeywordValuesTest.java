package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertClean;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.assertHas;
import static io.mpathj.daemon.internal.conf.ConfTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every keyword's values as dict.c validates them: each invalid value is a WARN and the keyword keeps its value. */
class KeywordValuesTest {
    /** A valid value and invalid ones for each value type. */
    private static List<String> samples(Keyword k) {
        return switch (k.type) {
            case NOSLASH -> List.of("good", "a/b");
            case ARGS_COUNT0 -> List.of("1 x", "x", "2 x", "", "-1");
            case ARGS_COUNT1 -> List.of("round-robin 0", "round-robin", "round-robin 1 a b", "round-robin x");
            case INT -> List.of(Long.toString(Math.max(k.min, 1)), "abc", "1.5", "12abc", "");
            case UINT -> List.of("7", "abc", "-1", "99999999999", "0x10");
            case FAILBACK -> List.of("immediate", "sometimes", "Manual", "5s");
            case NO_PATH_RETRY -> List.of("queue", "forever", "Fail", "3 tries");
            case PGPOLICY -> List.of("multibus", "round_robin", "Failover", "group_by_wwid");
            case YES_NO, YES_NO_UNDEF -> List.of("yes", "maybe", "YES", "true", "2");
            case FIND_MULTIPATHS -> List.of("greedy", "sometimes", "Strict", "2");
            case RR_WEIGHT -> List.of("priorities", "heavy", "Uniform");
            case FLUSH -> List.of("never", "sometimes", "2");
            case OFF_ZERO_INT -> List.of("off", "never", "x1");
            case DEV_LOSS -> List.of("infinity", "forever", "-");
            case NO_INT -> List.of("no", "never", "off");
            case PROTOCOL -> List.of("scsi:fcp", "scsi:usb", "iscsi");
            case LOG_CHECKER_ERR -> List.of("once", "never");
            case AUTO_RESIZE -> List.of("grow_only", "grow");
            case MARGINAL_PATHGROUPS -> List.of("on", "maybe");
            case MAX_FDS -> List.of("max", "lots");
            case MODE -> List.of("0644", "0999", "rw");
            case VPD_VENDOR -> List.of("hp3par", "hp");
            case STRING, DEPRECATED -> List.of();
        };
    }

    static Stream<Arguments> invalidValues() {
        List<Arguments> out = new ArrayList<>();
        for (Keyword k : Keyword.values()) {
            List<String> s = samples(k);
            for (int i = 1; i < s.size(); i++) {
                out.add(Arguments.of(k, s.get(0), s.get(i)));
            }
        }
        return out.stream();
    }

    /** The section text around a keyword line, and where the value lands. */
    private record Place(String before, String after, int line) {
    }

    private static Place place(Keyword k) {
        if (k.in('D')) {
            return new Place("defaults {\n", "}\n", 2);
        }
        if (k.in('H')) {
            return new Place("devices {\ndevice {\nvendor V\nproduct P\n", "}\n}\n", 5);
        }
        if (k.in('O')) {
            return new Place("overrides {\n", "}\n", 2);
        }
        if (k.in('M')) {
            return new Place("multipaths {\nmultipath {\nwwid W\n", "}\n}\n", 4);
        }
        return new Place("overrides {\nprotocol {\n", "}\n}\n", 3);
    }

    private static String valueIn(MultipathConf c, Keyword k) {
        Map<Keyword, ConfValue> m;
        if (k.in('D')) {
            m = c.defaults;
        } else if (k.in('H')) {
            return c.devices.isEmpty() ? null : c.devices.get(0).get(k);
        } else if (k.in('O')) {
            m = c.overrides;
        } else if (k.in('M')) {
            return c.multipaths.isEmpty() ? null : c.multipaths.get(0).get(k);
        } else {
            return c.protocols.isEmpty() ? null : c.protocols.get(0).get(k);
        }
        ConfValue v = m.get(k);
        return v == null ? null : v.value();
    }

    private static String q(String v) {
        return ConfigPrinter.quoted(v);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("invalidValues")
    void invalidValueWarnsAndKeepsThePreviousValue(Keyword k, String valid, String invalid) {
        Place p = place(k);
        MultipathConf good = parse(p.before + k.word + " " + q(valid) + "\n" + p.after);
        assertFalse(good.diagnostics.stream().anyMatch(d -> d.level() != Level.INFO), ConfTestSupport.messages(good));
        String expected = valueIn(good, k);
        if (k.type != ValueType.PROTOCOL) {
            assertTrue(expected != null, k + " " + valid);
        }
        MultipathConf bad = parse(p.before + k.word + " " + q(valid) + "\n" + k.word + " " + q(invalid) + "\n"
                + p.after);
        List<Diagnostic> warns = bad.diagnostics.stream().filter(d -> d.level() == Level.WARN
                && !d.message().contains("duplicate keyword")).toList();
        assertEquals(1, warns.size(), ConfTestSupport.messages(bad));
        Diagnostic w = warns.get(0);
        assertEquals(p.line + 1, w.line());
        assertTrue(w.message().startsWith("multipath.conf line " + (p.line + 1) + ", "), w.message());
        assertTrue(w.message().contains(k.word) || w.message().contains(invalid) || k.type == ValueType.PROTOCOL,
                w.message());
        assertEquals(expected, valueIn(bad, k), "falls back to the earlier value");
    }

    @ParameterizedTest
    @CsvSource({
        "defaults, no_path_retry, -3, 1, 'multipath.conf line 2, value for no_path_retry too small, capping at 1'",
        "defaults, verbosity, 9, 6, 'multipath.conf line 2, value for verbosity too large, capping at 6'",
        "defaults, checker_timeout, 99999999999, 2147483647,"
                + " 'multipath.conf line 2, value for checker_timeout too large, capping at 2147483647'",
        "defaults, uxsock_timeout, 10, 4000, 'multipath.conf line 2, value for uxsock_timeout too small, capping at 4000'",
        "defaults, fast_io_fail_tmo, -1, 1, 'multipath.conf line 2, value for fast_io_fail_tmo too small, capping at 1'",
    })
    void outOfRangeIsCapped(String section, String keyword, String value, String capped, String message) {
        MultipathConf c = parse(section + " {\n" + keyword + " " + value + "\n}\n");
        assertHas(c, Level.WARN, 2, message);
        assertEquals(capped, c.defaults.get(Keyword.byWord(keyword)).value());
    }

    @ParameterizedTest
    @CsvSource({
        "failback, manual, manual", "failback, immediate, immediate", "failback, followover, followover",
        "failback, 30, 30", "no_path_retry, fail, fail", "no_path_retry, 0, fail", "no_path_retry, queue, queue",
        "no_path_retry, 12, 12", "find_multipaths, yes, on", "find_multipaths, 1, on", "find_multipaths, no, off",
        "find_multipaths, 0, off", "find_multipaths, strict, strict", "find_multipaths, smart, smart",
        "find_multipaths, greedy, greedy", "find_multipaths, on, on", "find_multipaths, off, off",
        "user_friendly_names, 1, yes", "user_friendly_names, 0, no", "flush_on_last_del, yes, always",
        "flush_on_last_del, no, unused", "fast_io_fail_tmo, 0, 0", "fast_io_fail_tmo, off, off",
        "dev_loss_tmo, infinity, infinity", "dev_loss_tmo, 4294967295, infinity", "dev_loss_tmo, 60, 60",
        "path_grouping_policy, group_by_tpg, group_by_tpg", "path_grouping_policy, group_by_node_name,"
                + " group_by_node_name", "path_grouping_policy, group_by_serial, group_by_serial",
        "rr_weight, uniform, uniform", "mode, 644, 0644", "ghost_delay, 0, no", "queue_without_daemon, 1, yes",
        "retain_attached_hw_handler, no, no", "detect_prio, 0, no", "detect_checker, yes, yes",
        "rr_min_io, 100, 100", "rr_min_io_rq, 2, 2", "polling_interval, 10, 10", "max_polling_interval, 40, 40",
        "checker_timeout, 60, 60", "alias_prefix, disk, disk", "bindings_file, bindings, bindings",
    })
    void validValuesAndTheirCanonicalWord(String keyword, String value, String canonical) {
        MultipathConf c = parse("defaults {\n" + keyword + " " + value + "\n}\n");
        assertTrue(c.diagnostics.stream().noneMatch(d -> d.level() == Level.WARN), ConfTestSupport.messages(c));
        assertEquals(canonical, c.defaults.get(Keyword.byWord(keyword)).value());
    }

    @ParameterizedTest
    @CsvSource({"failback, 0", "rr_min_io, 0", "checker_timeout, 0", "dev_loss_tmo, 0"})
    void zeroIsUnsetWhereMultipathToolsMeansUnset(String keyword, String value) {
        MultipathConf c = parse("defaults {\n" + keyword + " 5\n" + keyword + " " + value + "\n}\n");
        assertNull(c.defaults.get(Keyword.byWord(keyword)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "features | 1 queue_if_no_path", "features | 0", "features | 2 pg_init_retries 50",
        "path_selector | service-time 0", "path_selector | historical-service-time 0",
        "path_selector | queue-length 0", "path_selector | round-robin 0",
    })
    void argumentCounts(String keyword, String value) {
        MultipathConf c = parse("defaults {\n" + keyword + " \"" + value + "\"\n}\n");
        assertClean(c);
        assertEquals(value, c.defaults.get(Keyword.byWord(keyword)).value());
    }

    @org.junit.jupiter.api.Test
    void hardwareHandlerArgumentCount() {
        MultipathConf c = parse("devices {\ndevice {\nvendor V\nproduct P\nhardware_handler \"1 alua\"\n"
                + "hardware_handler \"2 alua\"\n}\n}\n");
        assertHas(c, Level.WARN, 6, "multipath.conf line 6, invalid argument count for hardware_handler:, got '2'"
                + " expected '1'");
        assertEquals("1 alua", c.devices.get(0).get(Keyword.HARDWARE_HANDLER));
    }
}
