package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import java.util.List;

/**
 * How multipath-tools validates a keyword's value (libmultipath/dict.c: {@code set_int}, {@code set_uint},
 * {@code set_arg_str}, {@code set_yes_no}, {@code set_pgfailback}, {@code no_path_retry_helper}, …), re-implemented:
 * each type turns the raw value into the canonical word {@code show config} prints, or reports why not.
 */
enum ValueType {
    STRING, NOSLASH, ARGS_COUNT0, ARGS_COUNT1, INT, UINT, FAILBACK, NO_PATH_RETRY, PGPOLICY, YES_NO, YES_NO_UNDEF,
    FIND_MULTIPATHS, RR_WEIGHT, FLUSH, OFF_ZERO_INT, DEV_LOSS, NO_INT, PROTOCOL, DEPRECATED, LOG_CHECKER_ERR,
    AUTO_RESIZE, MARGINAL_PATHGROUPS, MAX_FDS, MODE, VPD_VENDOR;

    /** Returned by {@link #parse} when the value clears the keyword (multipath-tools' 0 = unset). */
    static final String UNSET = new String("<unset>");

    static final List<String> PGPOLICIES = List.of("failover", "multibus", "group_by_serial", "group_by_prio",
            "group_by_node_name", "group_by_tpg");
    /** libmultipath/structs.c protocol_name, as the man page lists them. */
    static final List<String> PROTOCOLS = List.of("scsi:fcp", "scsi:spi", "scsi:ssa", "scsi:sbp", "scsi:srp",
            "scsi:iscsi", "scsi:sas", "scsi:adt", "scsi:ata", "scsi:unspec", "nvme:pcie", "nvme:rdma", "nvme:fc",
            "nvme:tcp", "nvme:loop", "nvme:apple-nvme", "nvme:unspec", "ccw", "cciss", "undef");

    /** Where a value was read, and where its problems go. */
    interface Reporter {
        /** "FILE line N". */
        String where();

        void report(Level level, String message);
    }

    /**
     * The canonical value of {@code raw} for {@code kw}; null when the value is invalid (reported; the keyword keeps
     * what it had, as multipath-tools leaves the field untouched); {@link #UNSET} when it clears the keyword.
     */
    String parse(Keyword kw, String raw, Reporter r) {
        switch (this) {
            case STRING:
                return raw;
            case NOSLASH:
                if (raw.indexOf('/') >= 0) {
                    r.report(Level.WARN, r.where() + ", " + raw + " cannot contain a slash. Ignoring");
                    return null;
                }
                return raw;
            case ARGS_COUNT0:
                return argString(kw, raw, 0, r);
            case ARGS_COUNT1:
                return argString(kw, raw, 1, r);
            case INT:
                return zero(kw, integer(kw, raw, kw.min, kw.max, r));
            case UINT: {
                String t = raw.stripLeading();
                String digits = t.strip();
                if (!digits.matches("[0-9]+") || !isSpaceOnly(t.substring(digits.length()))
                        || digits.length() > 10 || Long.parseLong(digits) > 0xFFFFFFFFL
                        || Long.parseLong(digits) < kw.min) {
                    return invalid(kw, raw, r);
                }
                return Long.toString(Math.min(Long.parseLong(digits), kw.max));
            }
            case FAILBACK:
                if (raw.equals("manual") || raw.equals("immediate") || raw.equals("followover")) {
                    return raw;
                }
                return zero(kw, integer(kw, raw, 0, Integer.MAX_VALUE, r));
            case NO_PATH_RETRY:
                if (raw.equals("fail") || raw.equals("0")) {
                    return "fail";
                }
                if (raw.equals("queue")) {
                    return "queue";
                }
                return integer(kw, raw, 1, Integer.MAX_VALUE, r);
            case PGPOLICY:
                return PGPOLICIES.contains(raw) ? raw : invalidNamed("path_grouping_policy", raw, r);
            case YES_NO:
            case YES_NO_UNDEF:
                if (raw.equals("yes") || raw.equals("1")) {
                    return "yes";
                }
                if (raw.equals("no") || raw.equals("0")) {
                    return "no";
                }
                return invalid(kw, raw, r);
            case FIND_MULTIPATHS:
                return onOff(kw, raw, r, "off", "on", "strict", "greedy", "smart");
            case RR_WEIGHT:
                return raw.equals("priorities") || raw.equals("uniform") ? raw : invalid(kw, raw, r);
            case FLUSH:
                switch (raw) {
                    case "never", "always", "unused":
                        return raw;
                    case "no", "0", "yes", "1": {
                        String as = raw.equals("no") || raw.equals("0") ? "unused" : "always";
                        r.report(Level.INFO, r.where() + ", \"" + raw
                                + "\" is a deprecated value for flush_on_last_del and is treated as \"" + as + "\"");
                        return as;
                    }
                    default:
                        return invalid(kw, raw, r);
                }
            case OFF_ZERO_INT:
                if (raw.equals("off") || raw.equals("0")) {
                    return raw;
                }
                return integer(kw, raw, kw.min, kw.max, r);
            case DEV_LOSS: {
                if (raw.equals("infinity")) {
                    return raw;
                }
                // sscanf("%u"): leading blanks, digits; what follows the digits is not looked at
                String t = raw.stripLeading();
                int end = 0;
                while (end < t.length() && end < 11 && t.charAt(end) >= '0' && t.charAt(end) <= '9') {
                    end++;
                }
                if (end == 0) {
                    return invalid(kw, raw, r);
                }
                long v = Long.parseLong(t.substring(0, end));
                if (v >= 0xFFFFFFFFL) {
                    return "infinity";
                }
                return v == 0 ? UNSET : Long.toString(v);
            }
            case NO_INT:
                if (raw.equals("no") || raw.equals("0")) {
                    return "no";
                }
                return integer(kw, raw, 1, Integer.MAX_VALUE, r);
            case PROTOCOL:
                return PROTOCOLS.contains(raw) ? raw : invalidNamed("type", raw, r);
            case LOG_CHECKER_ERR:
                return raw.equals("once") || raw.equals("always") ? raw : invalid(kw, raw, r);
            case AUTO_RESIZE:
                return raw.equals("never") || raw.equals("grow_only") || raw.equals("grow_shrink") ? raw
                        : invalid(kw, raw, r);
            case MARGINAL_PATHGROUPS:
                return onOff(kw, raw, r, "off", "on", "fpin");
            case MAX_FDS:
                return raw.equals("max") ? raw : integer(kw, raw, 0, Integer.MAX_VALUE, r);
            case MODE:
                if (raw.strip().matches("[0-7]{1,4}")) {
                    int mode = Integer.parseInt(raw.strip(), 8);
                    if (mode <= 0777) {
                        return "0" + Integer.toOctalString(mode);
                    }
                }
                return invalidNamed("mode", raw, r);
            case VPD_VENDOR:
                return raw.equals("hp3par") ? raw : invalid(kw, raw, r);
            case DEPRECATED:
            default:
                return null;
        }
    }

    /** A word of {@code words}; no/0 as off, yes/1 as on (find_multipaths, marginal_pathgroups handlers). */
    private static String onOff(Keyword kw, String raw, Reporter r, String... words) {
        if (List.of(words).contains(raw)) {
            return raw;
        }
        if (raw.equals("no") || raw.equals("0")) {
            return "off";
        }
        if (raw.equals("yes") || raw.equals("1")) {
            return "on";
        }
        return invalid(kw, raw, r);
    }

    private static String zero(Keyword kw, String v) {
        return kw.zeroUnset && "0".equals(v) ? UNSET : v;
    }

    private static String invalid(Keyword kw, String raw, Reporter r) {
        return invalidNamed(kw.word, raw, r);
    }

    private static String invalidNamed(String name, String raw, Reporter r) {
        r.report(Level.WARN, r.where() + ", invalid value for " + name + ": \"" + raw + "\"");
        return null;
    }

    private static boolean isSpaceOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Tokenizer.isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code do_set_int}: strtol in base 10, trailing blanks allowed; out of range is capped with a WARN. */
    private static String integer(Keyword kw, String raw, long min, long max, Reporter r) {
        String t = raw.stripLeading();
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digitsFrom = i;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (raw.isEmpty() || i == digitsFrom || !isSpaceOnly(t.substring(i))) {
            return invalid(kw, raw, r);
        }
        long v;
        String num = t.substring(0, i);
        try {
            v = Long.parseLong(num.startsWith("+") ? num.substring(1) : num);
        } catch (NumberFormatException overflow) {
            v = num.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // strtol saturates
        }
        if (v > max || v < min) {
            v = v > max ? max : min;
            r.report(Level.WARN, r.where() + ", value for " + kw.word + " too " + (v == max ? "large" : "small")
                    + ", capping at " + v);
        }
        return Long.toString(v);
    }

    /** {@code set_arg_str}: the word at {@code countIdx} counts the words after it. */
    private static String argString(Keyword kw, String raw, int countIdx, Reporter r) {
        String[] words = raw.strip().isEmpty() ? new String[0] : raw.strip().split("[ \f\r\t\u000B]+");
        long count = -1;
        if (words.length > countIdx) {
            String w = words[countIdx];
            if (w.matches("[+-]?[0-9]+")) {
                try {
                    count = Long.parseLong(w.startsWith("+") ? w.substring(1) : w);
                } catch (NumberFormatException e) {
                    count = -1;
                }
            }
        }
        if (count < 0) {
            r.report(Level.WARN, r.where() + ", missing argument count for " + kw.word);
            return null;
        }
        int expected = words.length - 1 - countIdx;
        if (count != expected) {
            r.report(Level.WARN, r.where() + ", invalid argument count for " + kw.word + ":, got '" + count
                    + "' expected '" + expected + "'");
            return null;
        }
        return raw;
    }
}
