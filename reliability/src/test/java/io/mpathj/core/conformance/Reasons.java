package io.mpathj.core.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A first reason for a newly differing case, written by {@code -Dconformance.write=true}: a missing plug-in, else
 * "not yet fixed:" with what differs, in short. Edit the file by hand after; written reasons are kept.
 */
final class Reasons {
    private static final Pattern SELECTOR = Pattern.compile("(?<=\\s)(queue-length|service-time)(?=\\s)");
    private static final Pattern HANDLER = Pattern.compile("(?<=\\s)\\d+ (emc|rdac|hp_sw)(?=\\s|$)");
    private static final String PREFIX = Replay.MAP + ": ";

    private Reasons() {
    }

    static String guess(Golden g, List<Diff> diffs) {
        for (Golden.Step s : g.steps()) {
            if (!s.verb().equals("create") && !s.verb().equals("reload")) {
                continue;
            }
            String t = " " + s.rest() + " ";
            Matcher sel = SELECTOR.matcher(t);
            if (sel.find()) {
                return "plug-in does not exist yet: the " + sel.group(1) + " path selector";
            }
            Matcher hw = HANDLER.matcher(t);
            if (hw.find()) {
                String h = hw.group(1);
                return "plug-in does not exist yet: the " + h + " hardware handler";
            }
        }
        for (Diff d : diffs) {
            if (d.kind() == Diff.Kind.TEXT && d.kernel().equals("error attaching hardware handler")
                    && d.mpathj().startsWith("unknown hardware handler type")) {
                return "2005 seed's semantics chosen by the operations issue (an unknown handler's error names it and"
                        + " where it looked): the seed's parse_hw_handler says 'unknown hardware handler type' for a"
                        + " name no plug-in serves; the 6.1 kernel's scsi_dh_attach says 'error attaching hardware"
                        + " handler' (names are case-sensitive)";
            }
        }
        return "not yet fixed: " + String.join("; ", summary(diffs));
    }

    /** What differs, each kind of difference once: line format first, then the first difference of substance. */
    static List<String> summary(List<Diff> diffs) {
        Set<String> format = new LinkedHashSet<>();
        List<String> substance = new ArrayList<>();
        for (Diff d : diffs) {
            switch (d.kind()) {
                case TABLE, STATUS, STDOUT -> {
                    String k = d.kernel();
                    String a = d.mpathj();
                    if (d.kind() != Diff.Kind.STDOUT && a.startsWith(PREFIX) && !k.startsWith(PREFIX)) {
                        format.add("mpath:" + d.kind().text + " NAME prints '" + PREFIX + "' (dmsetup " + d.kind().text
                                + " NAME does not)");
                        a = a.substring(PREFIX.length());
                    }
                    if (d.kind() != Diff.Kind.TABLE && queueIoOnly(k, a)) {
                        format.add("INFO queue_io is 0, the kernel's 1 (no path chosen yet since the load)");
                        continue;
                    }
                    if (k.endsWith(" ") && !a.endsWith(" ")) {
                        format.add("no trailing space");
                        k = k.stripTrailing();
                    }
                    if (!k.equals(a) && d.kind() == Diff.Kind.TABLE && k.contains(" retain_attached_hw_handler ")) {
                        format.add("retain_attached_hw_handler (queue_mode bio sets it) adopts the handler the kernel"
                                + " attached to the devices at scan: TABLE '1 alua', mpathj '0'");
                        continue;
                    }
                    if (!k.equals(a) && substance.isEmpty()) {
                        substance.add(d.kind().text + " after '" + step(d) + "': " + wordDiff(k, a));
                    }
                }
                default -> {
                    if (substance.isEmpty()) {
                        substance.add(d.kind().text + " at '" + step(d) + "'"
                                + (d.kernel() != null ? ", kernel '" + d.kernel() + "'" : "")
                                + (d.mpathj() != null ? ", mpathj '" + d.mpathj() + "'" : ""));
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(format);
        out.addAll(substance);
        return out;
    }

    /** Whether two INFO lines differ only in the queue_io word (the second after "multipath"), kernel 1. */
    private static boolean queueIoOnly(String kernel, String mpathj) {
        String[] k = words(kernel);
        String[] a = words(mpathj);
        if (k.length != a.length || k.length < 3 || !k[1].equals("1") || !a[1].equals("0")) {
            return false;
        }
        for (int i = 0; i < k.length; i++) {
            if (i != 1 && !k[i].equals(a[i])) {
                return false;
            }
        }
        return true;
    }

    private static String step(Diff d) {
        String w = d.where();
        int q = w.indexOf('\'');
        return q < 0 ? w : w.substring(q + 1, w.length() - 1);
    }

    /** The first differing word of two status lines (1-based after "multipath"). */
    private static String wordDiff(String kernel, String mpathj) {
        String[] k = words(kernel);
        String[] a = words(mpathj);
        int i = 0;
        while (i < k.length && i < a.length && k[i].equals(a[i])) {
            i++;
        }
        String kw = i < k.length ? k[i] : "(end)";
        String aw = i < a.length ? a[i] : "(end)";
        return "word " + (i + 1) + " is " + aw + ", kernel " + kw + " ('" + kernel + "')";
    }

    private static String[] words(String line) {
        int m = line.indexOf(" multipath ");
        return (m < 0 ? line : line.substring(m + " multipath ".length())).split(" ");
    }
}
