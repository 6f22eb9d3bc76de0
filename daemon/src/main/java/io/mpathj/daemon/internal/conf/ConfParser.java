package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.conf.BlacklistRules.DeviceMatch;
import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import io.mpathj.daemon.internal.conf.Tokenizer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * multipath.conf's reader, re-implementing multipath-tools' {@code process_stream} and
 * {@code validate_config_strvec} (libmpathutil/parser.c) and the section handlers of libmultipath/dict.c:
 * line by line, a keyword and at most one value per line, {@code {} after a section name on the same line, a line
 * with {@code }} closing the innermost section. Differences, on purpose: an unknown section (an unknown keyword
 * followed by {@code {}) is skipped to its closing brace with one WARN (multipath-tools reads its body as keywords
 * of the enclosing section and lets its {@code }} close that one); lines are not split at 1023 characters.
 */
final class ConfParser {
    private static final Set<String> SUBLEVEL = Set.of("defaults", "blacklist", "blacklist_exceptions", "devices",
            "device", "multipaths", "multipath");

    /** One logical line: keyword, value (null: none), whether it opens a block or closes one. */
    private record Stmt(int line, String word, String value, boolean opens, boolean closes) {
    }

    private final String file;
    private final String[] lines;
    private int next;
    private final List<Diagnostic> diags = new ArrayList<>();
    private final Set<Keyword> deprecatedWarned = EnumSet.noneOf(Keyword.class);
    private final Set<Keyword> ignoredNoted = EnumSet.noneOf(Keyword.class);
    private int currentLine;

    private final Map<Keyword, ConfValue> defaults = new EnumMap<>(Keyword.class);
    private final BlacklistBuilder blacklist = new BlacklistBuilder();
    private final BlacklistBuilder exceptions = new BlacklistBuilder();
    private final List<DeviceRule> devices = new ArrayList<>();
    private final Map<Keyword, ConfValue> overrides = new EnumMap<>(Keyword.class);
    private final List<ConfEntry> protocols = new ArrayList<>();
    private final List<ConfEntry> multipaths = new ArrayList<>();

    private final class BlacklistBuilder {
        final List<ConfValue> devnode = new ArrayList<>();
        final List<ConfValue> wwid = new ArrayList<>();
        final List<ConfValue> property = new ArrayList<>();
        final List<ConfValue> protocol = new ArrayList<>();
        final List<DeviceMatch> device = new ArrayList<>();

        BlacklistRules build() {
            return new BlacklistRules(dedup(devnode), dedup(wwid), dedup(property), dedup(protocol),
                    dedupDevices(device));
        }
    }

    ConfParser(String file, String text) {
        this.file = file;
        this.lines = text.split("\n", -1);
    }

    MultipathConf parse() {
        Set<String> seenRoots = new HashSet<>();
        Stmt s;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                error(s.line, "unmatched '}' at line " + s.line + " of " + file);
                continue;
            }
            String w = s.word;
            boolean root = switch (w) {
                case "defaults", "blacklist", "blacklist_exceptions", "devices", "overrides", "multipaths" -> true;
                default -> false;
            };
            if (!root) {
                warn(s.line, file + " line " + s.line + ", invalid keyword: " + w);
                if (s.opens) {
                    skipBlock(s);
                }
                continue;
            }
            if (!seenRoots.add(w)) {
                warn(s.line, file + " line " + s.line + ", duplicate keyword: " + w);
            }
            if (w.equals("overrides") && !s.opens) {
                // not one of multipath-tools' sublevel keywords: its '{' is checked like a value, and a line
                // with nothing after the word is skipped ("missing value" above)
                if (s.value == null) {
                    continue;
                }
                error(s.line, "expecting '{' on line " + s.line + " of " + file + ". found '" + s.value + "'");
            }
            switch (w) {
                case "defaults" -> settings(s, defaults, 'D', "defaults");
                case "blacklist" -> blacklist(s, blacklist, "blacklist");
                case "blacklist_exceptions" -> blacklist(s, exceptions, "blacklist_exceptions");
                case "devices" -> devices(s);
                case "overrides" -> overrides(s);
                default -> multipaths(s);
            }
        }
        if (unclosed != null) {
            diags.add(new Diagnostic(Level.ERROR, file, currentLine, "missing '}' at end of " + file + " (the '"
                    + unclosed.word + "' section opened on line " + unclosed.line + " is not closed)"));
        }
        return new MultipathConf(file, defaults, blacklist.build(), exceptions.build(), factorize(devices),
                overrides, protocols, mergeMultipaths(), diags);
    }

    // ---- sections ----

    /** A section of keyword/value lines: defaults, device, overrides, multipath, protocol. Returns at its '}'. */
    private void settings(Stmt open, Map<Keyword, ConfValue> into, char section, String name) {
        settings(open, into, section, name, null);
    }

    private void settings(Stmt open, Map<Keyword, ConfValue> into, char section, String name,
            SubHandler sub) {
        Set<Keyword> seen = EnumSet.noneOf(Keyword.class);
        Stmt s;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                return;
            }
            if (sub != null && sub.handles(s)) {
                continue;
            }
            Keyword k = Keyword.find(s.word, section);
            if (k == null) {
                warn(s.line, file + " line " + s.line + ", invalid keyword in the " + name + " section: " + s.word);
                if (s.opens) {
                    skipBlock(s);
                }
                continue;
            }
            if (!seen.add(k)) {
                warn(s.line, file + " line " + s.line + ", duplicate keyword: " + s.word);
            }
            set(s, k, into, name);
        }
        missingClose(open);
    }

    private interface SubHandler {
        boolean handles(Stmt s);
    }

    private void blacklist(Stmt open, BlacklistBuilder b, String name) {
        Stmt s;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                return;
            }
            List<ConfValue> list = switch (s.word) {
                case "devnode" -> b.devnode;
                case "wwid" -> b.wwid;
                case "property" -> b.property;
                case "protocol" -> b.protocol;
                default -> null;
            };
            if (list != null) {
                if (s.value == null) {
                    continue; // reported by nextStmt
                }
                String problem = Ere.checkBlacklistRegex(s.value);
                if (problem != null) {
                    warn(s.line, file + " line " + s.line + ", parsing failed: " + lines[s.line - 1].strip() + " ("
                            + problem + ")");
                    continue;
                }
                list.add(new ConfValue(s.value, name + " section, " + file + " line " + s.line));
            } else if (s.word.equals("device")) {
                blacklistDevice(s, b, name);
            } else {
                warn(s.line, file + " line " + s.line + ", invalid keyword in the " + name + " section: " + s.word);
                if (s.opens) {
                    skipBlock(s);
                }
            }
        }
        missingClose(open);
    }

    private void blacklistDevice(Stmt open, BlacklistBuilder b, String name) {
        String vendor = null;
        String product = null;
        Set<String> seen = new HashSet<>();
        Stmt s;
        boolean closed = false;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                closed = true;
                break;
            }
            if ((s.word.equals("vendor") || s.word.equals("product")) && s.value != null) {
                if (!seen.add(s.word)) {
                    warn(s.line, file + " line " + s.line + ", duplicate keyword: " + s.word);
                }
                String problem = Ere.checkBlacklistRegex(s.value);
                if (problem != null) {
                    warn(s.line, file + " line " + s.line + ", parsing failed: " + lines[s.line - 1].strip() + " ("
                            + problem + ")");
                } else if (s.word.equals("vendor")) {
                    vendor = s.value;
                } else {
                    product = s.value;
                }
            } else if (!s.word.equals("vendor") && !s.word.equals("product")) {
                warn(s.line, file + " line " + s.line + ", invalid keyword in the device section: " + s.word);
                if (s.opens) {
                    skipBlock(s);
                }
            }
        }
        if (!closed) {
            missingClose(open);
        }
        if (vendor != null || product != null) {
            b.device.add(new DeviceMatch(vendor, product, name + " section, " + file + " line " + open.line));
        }
    }

    private void devices(Stmt open) {
        children(open, "devices", "device", 'H', values -> {
            if (values.get(Keyword.VENDOR) == null || values.get(Keyword.PRODUCT) == null) {
                return "device config in " + file + " missing vendor or product parameter";
            }
            devices.add(new DeviceRule(file, values));
            return null;
        });
    }

    /**
     * A section of subsections ({@code devices} of {@code device}, {@code multipaths} of {@code multipath}); each
     * child goes to {@code take}, which returns why it is dropped (an ERROR) or null.
     */
    private void children(Stmt open, String name, String child, char section,
            java.util.function.Function<Map<Keyword, ConfValue>, String> take) {
        Stmt s;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                return;
            }
            if (s.word.equals(child)) {
                Map<Keyword, ConfValue> values = new EnumMap<>(Keyword.class);
                settings(s, values, section, child);
                String dropped = take.apply(values);
                if (dropped != null) {
                    error(s.line, dropped + " (line " + s.line + ")");
                }
            } else {
                warn(s.line, file + " line " + s.line + ", invalid keyword in the " + name + " section: " + s.word);
                if (s.opens) {
                    skipBlock(s);
                }
            }
        }
        missingClose(open);
    }

    private void overrides(Stmt open) {
        settings(open, overrides, 'O', "overrides", s -> {
            if (!s.word.equals("protocol")) {
                return false;
            }
            Map<Keyword, ConfValue> values = new EnumMap<>(Keyword.class);
            settings(s, values, 'P', "protocol");
            if (values.get(Keyword.TYPE) == null) {
                error(s.line, "protocol section in " + file + " missing type (line " + s.line + ")");
                return true;
            }
            ConfEntry e = new ConfEntry(values);
            for (int i = 0; i < protocols.size(); i++) {
                if (protocols.get(i).get(Keyword.TYPE).equals(e.get(Keyword.TYPE))) {
                    e = e.over(protocols.remove(i)); // merge_pctable: the later one stays, merged
                    break;
                }
            }
            protocols.add(e);
            return true;
        });
    }

    private void multipaths(Stmt open) {
        children(open, "multipaths", "multipath", 'M', values -> {
            if (values.get(Keyword.WWID) == null) {
                return "multipaths config section missing wwid";
            }
            multipaths.add(new ConfEntry(values));
            return null;
        });
    }

    // ---- values ----

    private void set(Stmt s, Keyword k, Map<Keyword, ConfValue> into, String section) {
        if (k.effect == Keyword.Effect.DEPRECATED) {
            if (deprecatedWarned.add(k)) {
                warn(s.line, file + " line " + s.line + ": ignoring deprecated option \"" + k.word
                        + "\", using built-in value: \"" + (k.builtin == null ? "(not set)" : k.builtin) + "\"");
            }
            return;
        }
        if (s.value == null) {
            return; // reported by nextStmt
        }
        ValueType.Reporter r = new ValueType.Reporter() {
            @Override
            public String where() {
                return file + " line " + s.line;
            }

            @Override
            public void report(Level level, String message) {
                diags.add(new Diagnostic(level, file, s.line, message));
            }
        };
        String v = k.type.parse(k, s.value, r);
        if (v == null) {
            return;
        }
        if ((k == Keyword.VENDOR || k == Keyword.PRODUCT || k == Keyword.REVISION) && Ere.compile(v) == null) {
            warn(s.line, file + " line " + s.line + ", " + k.word + " \"" + v
                    + "\" is not a valid regular expression: this device section matches nothing");
        }
        if (v == ValueType.UNSET) {
            into.remove(k);
        } else {
            into.put(k, new ConfValue(v, section + " section, " + file + " line " + s.line));
        }
        if (k.effect == Keyword.Effect.IGNORED && ignoredNoted.add(k)) {
            diags.add(new Diagnostic(Level.INFO, file, s.line, file + " line " + s.line + ", " + k.word
                    + " is accepted and ignored: mpathj has no such mechanism"));
        }
    }

    // ---- lines ----

    /**
     * The next statement, or null at the end of the file. Lines that {@code validate_config_strvec} rejects are
     * reported and skipped; the messages are multipath-tools'.
     */
    private Stmt nextStmt() {
        while (next < lines.length) {
            int lineNo = ++next;
            currentLine = lineNo;
            String raw = lines[lineNo - 1];
            int cut = indexOfEol(raw);
            List<Token> t = Tokenizer.split(cut < 0 ? raw : raw.substring(0, cut));
            if (t.isEmpty()) {
                continue;
            }
            Token first = t.get(0);
            if (first.is("}")) {
                if (t.size() > 1) {
                    extra(t.get(1), lineNo);
                }
                return new Stmt(lineNo, "}", null, false, true);
            }
            if (first.is("{")) {
                error(lineNo, "invalid keyword '{' on line " + lineNo + " of " + file);
                continue;
            }
            String word = first.quote() ? "\"" : first.text();
            Token second = t.size() > 1 ? t.get(1) : null;
            boolean opens = second != null && second.is("{");
            if (SUBLEVEL.contains(word)) {
                if (second == null) {
                    error(lineNo, "missing '{' on line " + lineNo + " of " + file);
                } else if (!opens) {
                    error(lineNo, "expecting '{' on line " + lineNo + " of " + file + ". found '" + second.text()
                            + "'");
                } else if (t.size() > 2) {
                    extra(t.get(2), lineNo);
                }
                return new Stmt(lineNo, word, null, true, false);
            }
            if (second == null) {
                warn(lineNo, "missing value for option '" + word + "' on line " + lineNo + " of " + file);
                return new Stmt(lineNo, word, null, false, false);
            }
            if (!second.quote()) {
                if (t.size() > 2) {
                    extra(t.get(2), lineNo);
                }
                return new Stmt(lineNo, word, second.text(), opens, false);
            }
            if (t.size() == 2) {
                warn(lineNo, "missing closing quotes on line " + lineNo + " of " + file);
                return new Stmt(lineNo, word, "", false, false);
            }
            Token third = t.get(2);
            if (third.quote()) {
                if (t.size() > 3) {
                    extra(t.get(3), lineNo);
                }
                return new Stmt(lineNo, word, "", false, false);
            }
            if (t.size() == 3) {
                warn(lineNo, "missing closing quotes on line " + lineNo + " of " + file);
                return new Stmt(lineNo, word, third.text(), false, false);
            }
            if (t.size() > 4) {
                extra(t.get(4), lineNo);
            }
            return new Stmt(lineNo, word, third.text(), false, false);
        }
        return null;
    }

    /** read_line keeps what comes before the first CR or LF. */
    private static int indexOfEol(String s) {
        return s.indexOf('\r');
    }

    private void extra(Token t, int lineNo) {
        warn(lineNo, "ignoring extra data starting with '" + t.text() + "' on line " + lineNo + " of " + file);
    }

    /** Skips an unknown section's body, nested blocks included, up to its closing brace. */
    private void skipBlock(Stmt open) {
        int depth = 1;
        Stmt s;
        while ((s = nextStmt()) != null) {
            if (s.closes) {
                if (--depth == 0) {
                    return;
                }
            } else if (s.opens) {
                depth++;
            }
        }
        missingClose(open);
    }

    /** The outermost section still open at the end of the file (inner ones report first, outer ones last). */
    private Stmt unclosed;

    private void missingClose(Stmt open) {
        unclosed = open;
    }

    private void warn(int line, String message) {
        diags.add(new Diagnostic(Level.WARN, file, line, message));
    }

    private void error(int line, String message) {
        diags.add(new Diagnostic(Level.ERROR, file, line, message));
    }

    // ---- clean-ups multipath-tools makes after reading ----

    /** {@code factorize_hwtable}: device sections of this file with the same vendor/product/revision merge. */
    private List<DeviceRule> factorize(List<DeviceRule> in) {
        List<DeviceRule> out = new ArrayList<>(in);
        restart:
        while (true) {
            for (int i = 0; i < out.size(); i++) {
                for (int j = i + 1; j < out.size(); j++) {
                    if (out.get(j).sameStrings(out.get(i))) {
                        DeviceRule a = out.get(i);
                        warn(0, "duplicate device section for " + a.vendor() + ":" + a.product() + ":"
                                + a.revision() + " in " + file);
                        out.set(j, out.get(j).absorb(a));
                        out.remove(i);
                        continue restart;
                    }
                }
            }
            return out;
        }
    }

    /** {@code merge_mptable}: sorted by wwid; sections for one wwid merge, the later one's values winning. */
    private List<ConfEntry> mergeMultipaths() {
        List<ConfEntry> sorted = new ArrayList<>(multipaths);
        sorted.sort(Comparator.comparing(e -> e.get(Keyword.WWID)));
        List<ConfEntry> out = new ArrayList<>();
        for (ConfEntry e : sorted) {
            ConfEntry last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.get(Keyword.WWID).equals(e.get(Keyword.WWID))) {
                warn(0, "duplicate multipath config section for " + e.get(Keyword.WWID));
                out.set(out.size() - 1, e.over(last));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static List<ConfValue> dedup(List<ConfValue> in) {
        List<ConfValue> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfValue v : in) {
            if (seen.add(v.value())) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<DeviceMatch> dedupDevices(List<DeviceMatch> in) {
        List<DeviceMatch> out = new ArrayList<>();
        for (DeviceMatch d : in) {
            if (out.stream().noneMatch(o -> java.util.Objects.equals(o.vendor(), d.vendor())
                    && java.util.Objects.equals(o.product(), d.product()))) {
                out.add(d);
            }
        }
        return out;
    }
}
