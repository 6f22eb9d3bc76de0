package io.mpathj.daemon.internal.conf;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * POSIX extended regular expressions as multipath-tools uses them ({@code regcomp(REG_EXTENDED|REG_NOSUB)} and
 * {@code regexec}: case-sensitive, not anchored), on java.util.regex: the POSIX bracket classes
 * ({@code [[:alpha:]]} …) are translated; other ERE syntax is the same in both for the expressions device tables use.
 */
final class Ere {
    private static final Map<String, String> CLASSES = Map.ofEntries(Map.entry("[:alpha:]", "\\p{Alpha}"),
            Map.entry("[:digit:]", "\\p{Digit}"), Map.entry("[:alnum:]", "\\p{Alnum}"),
            Map.entry("[:upper:]", "\\p{Upper}"), Map.entry("[:lower:]", "\\p{Lower}"),
            Map.entry("[:space:]", "\\s"), Map.entry("[:blank:]", "\\p{Blank}"), Map.entry("[:punct:]", "\\p{Punct}"),
            Map.entry("[:print:]", "\\p{Print}"), Map.entry("[:graph:]", "\\p{Graph}"),
            Map.entry("[:cntrl:]", "\\p{Cntrl}"), Map.entry("[:xdigit:]", "\\p{XDigit}"));
    private static final Pattern INVALID = Pattern.compile("(?!)");
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Ere() {
    }

    /** The compiled expression, or null when it is not valid. */
    static Pattern compile(String ere) {
        Pattern p = CACHE.computeIfAbsent(ere, Ere::doCompile);
        return p == INVALID ? null : p;
    }

    private static Pattern doCompile(String ere) {
        String j = ere;
        for (Map.Entry<String, String> e : CLASSES.entrySet()) {
            j = j.replace(e.getKey(), e.getValue());
        }
        try {
            return Pattern.compile(j);
        } catch (PatternSyntaxException | StackOverflowError e) {
            return INVALID;
        }
    }

    /** regexec: does the expression match anywhere in {@code s}. An invalid expression matches nothing. */
    static boolean find(String ere, String s) {
        Pattern p = compile(ere);
        return p != null && p.matcher(s).find();
    }

    /** A blacklist value without its inversion mark ({@code check_invert}): {@code !x} → x, {@code \!x} → !x. */
    static String stripInvert(String v) {
        if (v.startsWith("!")) {
            return v.substring(1);
        }
        if (v.startsWith("\\!")) {
            return v.substring(1);
        }
        return v;
    }

    static boolean inverted(String v) {
        return v.startsWith("!");
    }

    /** Whether a blacklist value matches {@code s}, inversion included ({@code match_reglist}). */
    static boolean blacklistMatch(String v, String s) {
        Pattern p = compile(stripInvert(v));
        return p != null && p.matcher(s).find() != inverted(v);
    }

    /** Why a blacklist value cannot be stored (store_ble fails on regcomp), or null. */
    static String checkBlacklistRegex(String v) {
        return compile(stripInvert(v)) == null ? "invalid regular expression" : null;
    }
}
