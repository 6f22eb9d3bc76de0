package io.mpathj.daemon.internal;

import io.mpathj.api.config.ConfigReader;

/**
 * The daemon's settings for one map, keys as multipath.conf spells them. Defaults as multipath-tools:
 * polling_interval 5 s, max_polling_interval 4 × polling_interval, checker_timeout 30 s (the SCSI command
 * timeout), path_checker tur, prio const, failback manual, no_path_retry unset (the table's queue_if_no_path
 * stands).
 *
 * @param pollingInterval seconds between checks of a path that changed or is down
 * @param maxPollingInterval seconds between checks of a path that stays up; 0 = 4 × pollingInterval
 * @param checkerTimeout seconds a check may take
 * @param failback {@link #FAILBACK_IMMEDIATE}, {@link #FAILBACK_MANUAL}, {@link #FAILBACK_FOLLOWOVER} or seconds
 * @param noPathRetry {@link #NO_PATH_RETRY_UNSET}, {@link #NO_PATH_RETRY_QUEUE}, {@link #NO_PATH_RETRY_FAIL} or
 *     polling intervals
 */
public record Settings(int pollingInterval, int maxPollingInterval, int checkerTimeout, String pathChecker,
        String prio, String prioArgs, int failback, int noPathRetry) {
    public static final int FAILBACK_MANUAL = -1;
    public static final int FAILBACK_IMMEDIATE = -2;
    public static final int FAILBACK_FOLLOWOVER = -3;
    public static final int NO_PATH_RETRY_UNSET = -3;
    public static final int NO_PATH_RETRY_QUEUE = -2;
    public static final int NO_PATH_RETRY_FAIL = -1;

    public static final Settings DEFAULTS = new Settings(5, 0, 30, "tur", "const", "", FAILBACK_MANUAL,
            NO_PATH_RETRY_UNSET);

    /** max_polling_interval in effect. */
    public int maxInterval() {
        return maxPollingInterval == 0 ? 4 * pollingInterval : maxPollingInterval;
    }

    /**
     * These settings with what {@code reader} sets (absent keys keep these values). Problems go to the reader's
     * {@link ConfigReader#problems()}.
     */
    public Settings read(ConfigReader reader) {
        int polling = reader.integer("polling_interval", pollingInterval, 1, 3600);
        int max = reader.integer("max_polling_interval", maxPollingInterval, 0, 3600 * 4);
        if (max != 0 && max < polling) {
            reader.problem("max_polling_interval", max + " is below polling_interval " + polling);
            max = 0;
        }
        int timeout = reader.integer("checker_timeout", checkerTimeout, 1, 3600);
        String checker = reader.nonBlank("path_checker", pathChecker);
        String p = reader.nonBlank("prio", prio);
        String args = reader.string("prio_args", prioArgs);
        int fb = parseFailback(reader, reader.nonBlank("failback", word(failback, true)));
        int npr = parseNoPathRetry(reader, reader.nonBlank("no_path_retry", word(noPathRetry, false)));
        return new Settings(polling, max, timeout, checker, p, args, fb, npr);
    }

    private int parseFailback(ConfigReader reader, String v) {
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "immediate":
                return FAILBACK_IMMEDIATE;
            case "manual":
                return FAILBACK_MANUAL;
            case "followover":
                return FAILBACK_FOLLOWOVER;
            default:
                Integer n = seconds(v);
                if (n == null) {
                    reader.problem("failback", "'" + v + "' is not immediate, manual, followover or 1..86400 seconds");
                    return failback;
                }
                return n;
        }
    }

    private int parseNoPathRetry(ConfigReader reader, String v) {
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "queue":
                return NO_PATH_RETRY_QUEUE;
            case "fail":
                return NO_PATH_RETRY_FAIL;
            case "":
                return NO_PATH_RETRY_UNSET;
            default:
                Integer n = seconds(v);
                if (n == null) {
                    reader.problem("no_path_retry", "'" + v + "' is not queue, fail or 1..86400 polling intervals");
                    return noPathRetry;
                }
                return n;
        }
    }

    private static Integer seconds(String v) {
        if (!v.matches("\\d{1,5}")) {
            return null;
        }
        int n = Integer.parseInt(v);
        return n >= 1 && n <= 86400 ? n : null;
    }

    /** The failback or no_path_retry value as the settings file spells it. */
    static String word(int value, boolean failback) {
        if (failback) {
            return switch (value) {
                case FAILBACK_IMMEDIATE -> "immediate";
                case FAILBACK_MANUAL -> "manual";
                case FAILBACK_FOLLOWOVER -> "followover";
                default -> Integer.toString(value);
            };
        }
        return switch (value) {
            case NO_PATH_RETRY_QUEUE -> "queue";
            case NO_PATH_RETRY_FAIL -> "fail";
            case NO_PATH_RETRY_UNSET -> "";
            default -> Integer.toString(value);
        };
    }

    public String failbackWord() {
        return word(failback, true);
    }

    /** no_path_retry as a word; {@code -} when unset. */
    public String noPathRetryWord() {
        return noPathRetry == NO_PATH_RETRY_UNSET ? "-" : word(noPathRetry, false);
    }
}
