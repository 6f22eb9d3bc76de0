package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every keyword's effective value for one path or map, with its origin ({@link MergedConfig#settingsForMap}). */
public final class EffectiveSettings {
    private final Map<String, Setting> byKeyword;

    EffectiveSettings(Map<String, Setting> byKeyword) {
        this.byKeyword = Collections.unmodifiableMap(new LinkedHashMap<>(byKeyword));
    }

    /** Keyword → setting, in {@link Keyword} order; unset keywords (alias without a multipath entry, …) absent. */
    public Map<String, Setting> all() {
        return byKeyword;
    }

    public Setting get(String keyword) {
        return byKeyword.get(keyword);
    }

    /** The value, or null when unset. */
    public String value(String keyword) {
        Setting s = byKeyword.get(keyword);
        return s == null ? null : s.value();
    }

    /**
     * The daemon's per-map settings from these, ranges as the daemon accepts them (intervals 1..3600 s, failback
     * delay and no_path_retry 1..86400).
     */
    public Settings toDaemonSettings() {
        int polling = (int) clamp(number("polling_interval", 5), 1, 3600);
        long max = number("max_polling_interval", 0);
        int maxPolling = max < polling ? 0 : (int) clamp(max, polling, 4L * 3600);
        long timeout = number("checker_timeout", 30);
        int checkerTimeout = (int) clamp(timeout == 0 ? 30 : timeout, 1, 3600);
        int failback = switch (value("failback") == null ? "manual" : value("failback")) {
            case "immediate" -> Settings.FAILBACK_IMMEDIATE;
            case "followover" -> Settings.FAILBACK_FOLLOWOVER;
            case "manual" -> Settings.FAILBACK_MANUAL;
            default -> (int) clamp(number("failback", 0), 1, 86400);
        };
        String npr = value("no_path_retry");
        int noPathRetry = npr == null ? Settings.NO_PATH_RETRY_UNSET : switch (npr) {
            case "queue" -> Settings.NO_PATH_RETRY_QUEUE;
            case "fail" -> Settings.NO_PATH_RETRY_FAIL;
            default -> (int) clamp(number("no_path_retry", 1), 1, 86400);
        };
        return new Settings(polling, maxPolling, checkerTimeout, orDefault("path_checker", "tur"),
                orDefault("prio", "const"), orDefault("prio_args", ""), failback, noPathRetry);
    }

    private String orDefault(String keyword, String dflt) {
        String v = value(keyword);
        return v == null ? dflt : v;
    }

    private long number(String keyword, long dflt) {
        String v = value(keyword);
        try {
            return v == null ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        byKeyword.values().forEach(s -> sb.append(s).append('\n'));
        return sb.toString();
    }
}
