package io.mpathj.daemon.internal.conf;

import static io.mpathj.daemon.internal.conf.ValueType.ARGS_COUNT0;
import static io.mpathj.daemon.internal.conf.ValueType.ARGS_COUNT1;
import static io.mpathj.daemon.internal.conf.ValueType.AUTO_RESIZE;
import static io.mpathj.daemon.internal.conf.ValueType.DEPRECATED;
import static io.mpathj.daemon.internal.conf.ValueType.DEV_LOSS;
import static io.mpathj.daemon.internal.conf.ValueType.FAILBACK;
import static io.mpathj.daemon.internal.conf.ValueType.FIND_MULTIPATHS;
import static io.mpathj.daemon.internal.conf.ValueType.FLUSH;
import static io.mpathj.daemon.internal.conf.ValueType.INT;
import static io.mpathj.daemon.internal.conf.ValueType.LOG_CHECKER_ERR;
import static io.mpathj.daemon.internal.conf.ValueType.MARGINAL_PATHGROUPS;
import static io.mpathj.daemon.internal.conf.ValueType.MAX_FDS;
import static io.mpathj.daemon.internal.conf.ValueType.MODE;
import static io.mpathj.daemon.internal.conf.ValueType.NOSLASH;
import static io.mpathj.daemon.internal.conf.ValueType.NO_INT;
import static io.mpathj.daemon.internal.conf.ValueType.NO_PATH_RETRY;
import static io.mpathj.daemon.internal.conf.ValueType.OFF_ZERO_INT;
import static io.mpathj.daemon.internal.conf.ValueType.PGPOLICY;
import static io.mpathj.daemon.internal.conf.ValueType.PROTOCOL;
import static io.mpathj.daemon.internal.conf.ValueType.RR_WEIGHT;
import static io.mpathj.daemon.internal.conf.ValueType.STRING;
import static io.mpathj.daemon.internal.conf.ValueType.UINT;
import static io.mpathj.daemon.internal.conf.ValueType.VPD_VENDOR;
import static io.mpathj.daemon.internal.conf.ValueType.YES_NO;
import static io.mpathj.daemon.internal.conf.ValueType.YES_NO_UNDEF;

import java.util.HashMap;
import java.util.Map;

/**
 * The keywords of multipath.conf as multipath-tools 0.14 installs them (libmultipath/dict.c, {@code init_keywords}),
 * with the sections that accept each one, how its value is validated, the built-in default (libmultipath/defaults.h,
 * shown by {@code show config}) and whether mpathj acts on it. Declaration order is the order {@code show config}
 * prints.
 *
 * <p>Sections: {@code D} defaults, {@code H} devices/device, {@code O} overrides, {@code M} multipaths/multipath,
 * {@code P} overrides/protocol.
 */
public enum Keyword {
    // matching keys first, as the printer puts them first in their subsection
    VENDOR("vendor", STRING, "H", null, Effect.MATCH),
    PRODUCT("product", STRING, "H", null, Effect.MATCH),
    REVISION("revision", STRING, "H", null, Effect.MATCH),
    PRODUCT_BLACKLIST("product_blacklist", STRING, "H", null, Effect.MATCH),
    WWID("wwid", STRING, "M", null, Effect.MATCH),
    ALIAS("alias", NOSLASH, "M", null, Effect.SUPPORTED),
    TYPE("type", PROTOCOL, "P", null, Effect.MATCH),

    VERBOSITY("verbosity", INT, 0, 6, "D", "2", Effect.IGNORED),
    POLLING_INTERVAL("polling_interval", UINT, 1, 0xFFFFFFFEL, "D", "5", Effect.SUPPORTED),
    MAX_POLLING_INTERVAL("max_polling_interval", UINT, 0, 0xFFFFFFFFL, "D", null, Effect.SUPPORTED),
    REASSIGN_MAPS("reassign_maps", YES_NO, "D", "no", Effect.IGNORED),
    MULTIPATH_DIR("multipath_dir", DEPRECATED, "D", null, Effect.DEPRECATED),
    PATH_SELECTOR("path_selector", ARGS_COUNT1, "DHOM", "service-time 0", Effect.SUPPORTED),
    PATH_GROUPING_POLICY("path_grouping_policy", PGPOLICY, "DHOM", "failover", Effect.SUPPORTED),
    UID_ATTRS("uid_attrs", STRING, "D", null, Effect.IGNORED),
    UID_ATTRIBUTE("uid_attribute", STRING, "DHO", "ID_SERIAL", Effect.IGNORED),
    GETUID_CALLOUT("getuid_callout", DEPRECATED, "DHO", null, Effect.DEPRECATED),
    PRIO("prio", STRING, "DHOM", "const", Effect.SUPPORTED),
    PRIO_ARGS("prio_args", STRING, "DHOM", "", Effect.SUPPORTED),
    FEATURES("features", ARGS_COUNT0, "DHOM", "0", Effect.SUPPORTED),
    PATH_CHECKER("path_checker", STRING, "DHO", "tur", Effect.SUPPORTED),
    ALIAS_PREFIX("alias_prefix", NOSLASH, "DHO", "mpath", Effect.SUPPORTED),
    HARDWARE_HANDLER("hardware_handler", ARGS_COUNT0, "H", "0", Effect.SUPPORTED),
    FAILBACK_KW("failback", FAILBACK, "DHOM", "manual", Effect.SUPPORTED, true),
    RR_MIN_IO("rr_min_io", INT, 0, Integer.MAX_VALUE, "DHOM", "1000", Effect.SUPPORTED, true),
    RR_MIN_IO_RQ("rr_min_io_rq", INT, 0, Integer.MAX_VALUE, "DHOM", "1", Effect.SUPPORTED, true),
    MAX_FDS_KW("max_fds", MAX_FDS, "D", "max", Effect.IGNORED),
    RR_WEIGHT_KW("rr_weight", RR_WEIGHT, "DHOM", "uniform", Effect.SUPPORTED),
    NO_PATH_RETRY_KW("no_path_retry", NO_PATH_RETRY, "DHOM", "fail", Effect.SUPPORTED),
    QUEUE_WITHOUT_DAEMON("queue_without_daemon", YES_NO, "D", "no", Effect.SUPPORTED),
    CHECKER_TIMEOUT("checker_timeout", INT, 0, Integer.MAX_VALUE, "D", "30", Effect.SUPPORTED, true),
    ALLOW_USB_DEVICES("allow_usb_devices", YES_NO, "D", "no", Effect.IGNORED),
    PG_TIMEOUT("pg_timeout", DEPRECATED, "DHM", null, Effect.DEPRECATED),
    FLUSH_ON_LAST_DEL("flush_on_last_del", FLUSH, "DHOM", "unused", Effect.SUPPORTED),
    USER_FRIENDLY_NAMES("user_friendly_names", YES_NO_UNDEF, "DHOM", "no", Effect.SUPPORTED),
    MODE_KW("mode", MODE, "DM", null, Effect.IGNORED),
    UID("uid", STRING, "DM", null, Effect.IGNORED),
    GID("gid", STRING, "DM", null, Effect.IGNORED),
    FAST_IO_FAIL_TMO("fast_io_fail_tmo", OFF_ZERO_INT, 1, Integer.MAX_VALUE, "DHOP", "5", Effect.SUPPORTED),
    DEV_LOSS_TMO("dev_loss_tmo", DEV_LOSS, "DHOP", "600", Effect.SUPPORTED, true),
    EH_DEADLINE("eh_deadline", OFF_ZERO_INT, 1, Integer.MAX_VALUE, "DHOP", null, Effect.IGNORED),
    MAX_RETRIES("max_retries", OFF_ZERO_INT, 1, 5, "D", null, Effect.IGNORED),
    BINDINGS_FILE("bindings_file", STRING, "D", "bindings", Effect.SUPPORTED),
    WWIDS_FILE("wwids_file", DEPRECATED, "D", null, Effect.DEPRECATED),
    PRKEYS_FILE("prkeys_file", DEPRECATED, "D", null, Effect.DEPRECATED),
    LOG_CHECKER_ERR_KW("log_checker_err", LOG_CHECKER_ERR, "D", "always", Effect.IGNORED),
    RESERVATION_KEY("reservation_key", STRING, "DM", null, Effect.IGNORED),
    ALL_TG_PT("all_tg_pt", YES_NO_UNDEF, "DHO", "no", Effect.IGNORED),
    RETAIN_ATTACHED_HW_HANDLER("retain_attached_hw_handler", YES_NO_UNDEF, "DHO", "yes", Effect.SUPPORTED),
    DETECT_PRIO("detect_prio", YES_NO_UNDEF, "DHO", "yes", Effect.SUPPORTED),
    DETECT_CHECKER("detect_checker", YES_NO_UNDEF, "DHO", "yes", Effect.SUPPORTED),
    DETECT_PGPOLICY("detect_pgpolicy", YES_NO_UNDEF, "DHO", "yes", Effect.SUPPORTED),
    DETECT_PGPOLICY_USE_TPG("detect_pgpolicy_use_tpg", YES_NO_UNDEF, "DHO", "no", Effect.SUPPORTED),
    FORCE_SYNC("force_sync", YES_NO, "D", "no", Effect.IGNORED),
    STRICT_TIMING("strict_timing", YES_NO, "D", "no", Effect.IGNORED),
    DEFERRED_REMOVE("deferred_remove", YES_NO_UNDEF, "DHOM", "no", Effect.IGNORED),
    PARTITION_DELIMITER("partition_delimiter", NOSLASH, "D", null, Effect.IGNORED),
    CONFIG_DIR("config_dir", DEPRECATED, "D", null, Effect.DEPRECATED),
    DELAY_WATCH_CHECKS("delay_watch_checks", NO_INT, "DHOM", "no", Effect.IGNORED),
    DELAY_WAIT_CHECKS("delay_wait_checks", NO_INT, "DHOM", "no", Effect.IGNORED),
    SAN_PATH_ERR_THRESHOLD("san_path_err_threshold", NO_INT, "DHOM", "no", Effect.IGNORED),
    SAN_PATH_ERR_FORGET_RATE("san_path_err_forget_rate", NO_INT, "DHOM", "no", Effect.IGNORED),
    SAN_PATH_ERR_RECOVERY_TIME("san_path_err_recovery_time", NO_INT, "DHOM", "no", Effect.IGNORED),
    MARGINAL_PATH_ERR_SAMPLE_TIME("marginal_path_err_sample_time", NO_INT, "DHOM", "no", Effect.IGNORED),
    MARGINAL_PATH_ERR_RATE_THRESHOLD("marginal_path_err_rate_threshold", NO_INT, "DHOM", "no", Effect.IGNORED),
    MARGINAL_PATH_ERR_RECHECK_GAP_TIME("marginal_path_err_recheck_gap_time", NO_INT, "DHOM", "no",
            Effect.IGNORED),
    MARGINAL_PATH_DOUBLE_FAILED_TIME("marginal_path_double_failed_time", NO_INT, "DHOM", "no", Effect.IGNORED),
    FIND_MULTIPATHS_KW("find_multipaths", FIND_MULTIPATHS, "D", "strict", Effect.SUPPORTED),
    UXSOCK_TIMEOUT("uxsock_timeout", INT, 4000, Integer.MAX_VALUE, "D", "4000", Effect.IGNORED),
    RETRIGGER_TRIES("retrigger_tries", INT, 0, Integer.MAX_VALUE, "D", "3", Effect.IGNORED),
    RETRIGGER_DELAY("retrigger_delay", INT, 0, Integer.MAX_VALUE, "D", "10", Effect.IGNORED),
    MISSING_UEV_WAIT_TIMEOUT("missing_uev_wait_timeout", INT, 0, Integer.MAX_VALUE, "D", "30", Effect.IGNORED),
    SKIP_KPARTX("skip_kpartx", YES_NO_UNDEF, "DHOM", "no", Effect.IGNORED),
    PURGE_DISCONNECTED("purge_disconnected", YES_NO_UNDEF, "DHOM", "no", Effect.IGNORED),
    DISABLE_CHANGED_WWIDS("disable_changed_wwids", DEPRECATED, "D", null, Effect.DEPRECATED),
    REMOVE_RETRIES("remove_retries", INT, 0, Integer.MAX_VALUE, "D", "0", Effect.IGNORED),
    MAX_SECTORS_KB("max_sectors_kb", INT, 0, Integer.MAX_VALUE, "DHOM", null, Effect.IGNORED, true),
    GHOST_DELAY("ghost_delay", NO_INT, "DHOM", "no", Effect.IGNORED),
    AUTO_RESIZE_KW("auto_resize", AUTO_RESIZE, "D", "never", Effect.IGNORED),
    FIND_MULTIPATHS_TIMEOUT("find_multipaths_timeout", INT, Integer.MIN_VALUE, Integer.MAX_VALUE, "D", "-10",
            Effect.IGNORED),
    ENABLE_FOREIGN("enable_foreign", STRING, "D", "NONE", Effect.IGNORED),
    MARGINAL_PATHGROUPS_KW("marginal_pathgroups", MARGINAL_PATHGROUPS, "D", "off", Effect.IGNORED),
    RECHECK_WWID("recheck_wwid", YES_NO_UNDEF, "DHO", "no", Effect.IGNORED),
    VPD_VENDOR_KW("vpd_vendor", VPD_VENDOR, "H", null, Effect.IGNORED);

    /** What mpathj does with a keyword. */
    public enum Effect {
        /** Identifies a device, a map or a protocol (not a setting). */
        MATCH,
        /** Parsed, merged and used (or to be used by the assembly work). */
        SUPPORTED,
        /** Parsed, validated and shown by show config, with an INFO: mpathj has no such mechanism. */
        IGNORED,
        /** Deprecated in multipath-tools: its value is ignored there and here, with a WARN. */
        DEPRECATED
    }

    private static final Map<String, Keyword> BY_WORD = new HashMap<>();

    static {
        for (Keyword k : values()) {
            BY_WORD.put(k.word, k);
        }
    }

    public final String word;
    final ValueType type;
    final long min;
    final long max;
    private final String sections;
    /** multipath-tools' built-in value ({@code show config} prints it in defaults), or null: unset. */
    public final String builtin;
    public final Effect effect;
    /** The value 0 means "unset" (multipath-tools keeps 0 as its not-set mark for these). */
    final boolean zeroUnset;

    Keyword(String word, ValueType type, String sections, String builtin, Effect effect) {
        this(word, type, Long.MIN_VALUE, Long.MAX_VALUE, sections, builtin, effect, false);
    }

    Keyword(String word, ValueType type, String sections, String builtin, Effect effect, boolean zeroUnset) {
        this(word, type, Long.MIN_VALUE, Long.MAX_VALUE, sections, builtin, effect, zeroUnset);
    }

    Keyword(String word, ValueType type, long min, long max, String sections, String builtin, Effect effect) {
        this(word, type, min, max, sections, builtin, effect, false);
    }

    Keyword(String word, ValueType type, long min, long max, String sections, String builtin, Effect effect,
            boolean zeroUnset) {
        this.word = word;
        this.type = type;
        this.min = min;
        this.max = max;
        this.sections = sections;
        this.builtin = builtin;
        this.effect = effect;
        this.zeroUnset = zeroUnset;
    }

    /** Whether the section ({@code D}, {@code H}, {@code O}, {@code M} or {@code P}) accepts this keyword. */
    public boolean in(char section) {
        return sections.indexOf(section) >= 0;
    }

    /** The keyword spelled {@code word} in {@code section}, or null; {@code checker} is {@code path_checker}. */
    public static Keyword find(String word, char section) {
        Keyword k = "checker".equals(word) ? PATH_CHECKER : BY_WORD.get(word);
        return k != null && k.in(section) ? k : null;
    }

    /** The keyword spelled {@code word}, in any section, or null. */
    public static Keyword byWord(String word) {
        return "checker".equals(word) ? PATH_CHECKER : BY_WORD.get(word);
    }
}
