package io.mpathj.daemon.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.CheckerState;
import io.mpathj.daemon.internal.conf.PathIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The daemon views' words against what the real multipath-tools printed: conformance/multipath-tools-VERSION/, recorded
 * by {@code tools/kernel-oracle/run.sh --multipath-tools} (multipath-tools 0.9.4 in QEMU over scsi_debug paths).
 * Path lines are compared after their identity columns ({@code H:C:T:L sdX MAJ:MIN}, which mpathj's path name
 * stands for) are taken off; PathDaemonTest renders a whole map in the same states and compares it with these.
 */
class MultipathToolsGoldenTest {
    static final Path GOLDEN = Path.of(System.getProperty("conformance.dir", "../conformance"),
            "multipath-tools-0.9.4-3+deb12u2", "outputs");
    /** A path line's identity columns in multipath -ll, padded: hcil, dev, dev_t. */
    private static final Pattern PATH_IDENTITY = Pattern.compile("^([|` ] [|`]- )\\S+ \\S+ \\S+ +");

    /** The stdout section of one recorded command. */
    static List<String> stdout(String file) throws IOException {
        List<String> lines = Files.readAllLines(GOLDEN.resolve(file), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("@")) {
                in = l.equals("@stdout");
            } else if (in) {
                out.add(l);
            }
        }
        assertTrue(!out.isEmpty(), "no stdout in " + file);
        return out;
    }

    /** multipath -ll's path lines without their identity columns: what mpathj prints after a path's name. */
    static List<String> pathStates(List<String> topology) {
        List<String> states = new ArrayList<>();
        for (String l : topology) {
            Matcher m = PATH_IDENTITY.matcher(l);
            if (m.find()) {
                states.add(l.substring(m.end()));
            }
        }
        return states;
    }

    @Test
    void theMapLineIsMultipathToolsButForDmN() throws IOException {
        String golden = stdout("22-multipath-ll.txt").get(0);
        assertEquals("mpatha (1Linux_scsi_debug_2000) dm-0 Linux,scsi_debug", golden);
        PathIdentity scsiDebug = new PathIdentity("sda", "Linux", "scsi_debug", "0191", "1Linux_scsi_debug_2000",
                "2000", 1, "scsi:unspec");
        assertEquals(golden.replace(" dm-0", ""), Views.mapLine("mpatha", Optional.of(scsiDebug)));
    }

    @Test
    void theSizeIsSnprintSizes() throws IOException {
        String props = stdout("22-multipath-ll.txt").get(1);
        assertEquals("size=8.0M features='0' hwhandler='1 alua' wp=rw", props);
        assertEquals("8.0M", Views.size(16384L * 512)); // the scsi_debug LU: 16384 sectors
    }

    /** Every next_check of show paths, e.g. {@code XX........ 1/4}, is what mpathj writes for left/interval. */
    @Test
    void nextCheckIsSnprintProgress() throws IOException {
        Pattern bar = Pattern.compile("([X.]{10}) (\\d+)/(\\d+) *$");
        int seen = 0;
        for (String file : new String[] {"10-multipathd-show-paths.txt", "21-multipathd-show-paths.txt",
            "31-multipathd-show-paths.txt"}) {
            List<String> rows = stdout(file);
            for (String row : rows.subList(1, rows.size())) {
                Matcher m = bar.matcher(row);
                assertTrue(m.find(), row);
                assertEquals(m.group(1) + " " + m.group(2) + "/" + m.group(3),
                        Views.nextCheck(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))), row);
                seen++;
            }
        }
        assertEquals(12, seen);
    }

    /** The checker words in the recorded views are CheckerState's words. */
    @Test
    void checkerWordsAreMultipathds() throws IOException {
        List<String> states = pathStates(stdout("22-multipath-ll.txt"));
        assertEquals(List.of("active ready  running", "failed faulty offline", "active ready  running",
                "active ready  running"), states);
        assertEquals("ready", CheckerState.UP.word());
        assertEquals("faulty", CheckerState.DOWN.word());
        assertTrue(stdout("10-multipathd-show-paths.txt").get(0).startsWith("hcil    dev dev_t pri dm_st  chk_st "
                + "dev_st  next_check"));
    }

    /**
     * {@code show config}'s defaults section against multipathd's for the same multipath.conf: the keywords both
     * print come in the same order with the same words and quoting. mpathj prints multipath-tools 0.14.3's keyword
     * set, the golden is 0.9.4's: each keyword printed by one side only, or with another value, is listed with why.
     */
    @Test
    void showConfigDefaultsAreMultipathds() throws IOException {
        java.util.Map<String, String> onlyOurs = java.util.Map.of(
                "no_path_retry", "mpathj prints the effective default (daemon/README.md)",
                "checker_timeout", "mpathj has no sysfs device timeout to fall back on: its 30 s is explicit",
                "dev_loss_tmo", "printed by 0.14, not by 0.9.4",
                "detect_pgpolicy", "a keyword since 0.10",
                "detect_pgpolicy_use_tpg", "a keyword since 0.10",
                "purge_disconnected", "a keyword of 0.14",
                "auto_resize", "a keyword since 0.11");
        java.util.Map<String, String> onlyGolden = java.util.Map.of(
                "wwids_file", "deprecated after 0.9: 0.14 prints nothing for it",
                "prkeys_file", "deprecated after 0.9: 0.14 prints nothing for it",
                "disable_changed_wwids", "deprecated after 0.9: 0.14 prints nothing for it");
        java.util.Map<String, String> otherValue = java.util.Map.of(
                "flush_on_last_del", "0.9.4's yes/no became always/unused/never (default unused)",
                "bindings_file", "mpathj's bindings file is in etc/ of its home");
        String conf = String.join("\n", stdout("00-multipath-conf.txt")) + "\n";
        String ours = io.mpathj.daemon.internal.conf.MergedConfig.of(
                io.mpathj.daemon.internal.conf.MultipathConf.parse("multipath.conf", conf)).showConfig();
        java.util.LinkedHashMap<String, String> golden = defaults(stdout("17-multipathd-show-config.txt"));
        java.util.LinkedHashMap<String, String> mine = defaults(ours.lines().toList());
        List<String> common = new ArrayList<>();
        for (String key : golden.keySet()) {
            if (mine.containsKey(key)) {
                common.add(key);
                if (!otherValue.containsKey(key)) {
                    assertEquals(golden.get(key), mine.get(key), key);
                }
            } else {
                assertTrue(onlyGolden.containsKey(key), "show config does not print " + golden.get(key));
            }
        }
        for (String key : mine.keySet()) {
            assertTrue(golden.containsKey(key) || onlyOurs.containsKey(key), "multipathd does not print "
                    + mine.get(key));
        }
        assertEquals(common, mine.keySet().stream().filter(common::contains).toList(), "the order of the keywords");
        assertEquals(52, common.size(), "keywords both print");
        // the same sections in the same order, and the same default blacklist exception; the blacklist and device
        // table differ on purpose: no devnode default, and the arrays' entries come with their bundles (README)
        List<String> goldenLines = stdout("17-multipathd-show-config.txt");
        List<String> ourLines = ours.lines().toList();
        assertEquals(sections(goldenLines), sections(ourLines));
        int g = goldenLines.indexOf("blacklist_exceptions {");
        int o = ourLines.indexOf("blacklist_exceptions {");
        assertEquals(goldenLines.subList(g, g + 3), ourLines.subList(o, o + 3));
    }

    private static List<String> sections(List<String> config) {
        return config.stream().filter(l -> l.matches("[a-z_]+ \\{")).toList();
    }

    /** The lines of the defaults section by keyword, in order. */
    private static java.util.LinkedHashMap<String, String> defaults(List<String> config) {
        java.util.LinkedHashMap<String, String> lines = new java.util.LinkedHashMap<>();
        int start = config.indexOf("defaults {");
        assertTrue(start >= 0, "no defaults section");
        for (String l : config.subList(start + 1, config.size())) {
            if (l.equals("}")) {
                return lines;
            }
            lines.put(l.strip().split(" ", 2)[0], l);
        }
        throw new AssertionError("the defaults section does not end");
    }
}
