package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.conf.BlacklistRules.DeviceMatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration in effect: the operator's multipath.conf over the device rules of plug-in bundles over the
 * built-in device table over multipath-tools' defaults, merged as multipath-tools merges them (libmultipath/config.c
 * {@code factorize_hwtable}, {@code find_hwe}; libmultipath/propsel.c {@code select_*}).
 *
 * <p>Precedence of a keyword for a path or map, first found wins: the multipaths section (by WWID), the overrides
 * section (a matching protocol subsection first), the device entries matching the path's vendor/product/revision
 * (operator's, later entries first; then bundles'; then built-in), the defaults section, multipath-tools' built-in
 * default. multipaths before overrides is multipath-tools' order (propsel.c {@code mp_set_mpe} before
 * {@code mp_set_ovr}; multipath.conf(5): "Attributes set in this section take precedence over all others",
 * "including those from the overrides section").
 */
public final class MergedConfig {
    private final MultipathConf conf;
    private final List<DeviceRule> hwtable;
    private final Map<Keyword, ConfValue> defaults;
    private final List<DeviceMatch> blacklistDevices;
    private final List<ConfValue> exceptionProperties;

    private MergedConfig(MultipathConf conf, List<DeviceRule> bundleRules, List<DeviceRule> builtin) {
        this.conf = conf;
        List<DeviceRule> table = new ArrayList<>();
        addBatch(table, builtin);
        addBatch(table, bundleRules);
        addBatch(table, conf.devices);
        this.hwtable = List.copyOf(table);
        this.defaults = Collections.unmodifiableMap(effectiveDefaults(conf.defaults));
        List<DeviceMatch> bl = new ArrayList<>(conf.blacklist.device());
        for (DeviceRule r : hwtable) {
            String bp = r.get(Keyword.PRODUCT_BLACKLIST);
            if (bp != null && bl.stream().noneMatch(d -> Objects.equals(d.vendor(), r.vendor())
                    && Objects.equals(d.product(), bp))) {
                bl.add(new DeviceMatch(r.vendor(), bp, "product_blacklist of " + r.values()
                        .get(Keyword.PRODUCT_BLACKLIST).origin()));
            }
        }
        this.blacklistDevices = List.copyOf(bl);
        List<ConfValue> ep = new ArrayList<>(conf.exceptions.property());
        if (ep.stream().noneMatch(v -> v.value().equals(DEFAULT_PROPERTY_EXCEPTION))) {
            ep.add(new ConfValue(DEFAULT_PROPERTY_EXCEPTION, "default rule"));
        }
        this.exceptionProperties = List.copyOf(ep);
    }

    /** multipath-tools' default blacklist exception: well-behaved SCSI devices and devices with a WWN. */
    public static final String DEFAULT_PROPERTY_EXCEPTION = "(SCSI_IDENT_|ID_WWN)";

    /** The operator's configuration over the built-in table and defaults, with no bundle rules. */
    public static MergedConfig of(MultipathConf conf) {
        return of(conf, List.of());
    }

    /** The operator's configuration over {@code bundleRules} (later ones win) over the built-in table. */
    public static MergedConfig of(MultipathConf conf, List<DeviceRule> bundleRules) {
        return of(conf, bundleRules, BuiltinDevices.table());
    }

    public static MergedConfig of(MultipathConf conf, List<DeviceRule> bundleRules, List<DeviceRule> builtin) {
        return new MergedConfig(conf, bundleRules, builtin);
    }

    public MultipathConf conf() {
        return conf;
    }

    /**
     * The merged device table, lowest precedence first (built-in, bundles, operator). An entry with the same
     * vendor/product/revision strings as an entry of a lower level has absorbed it ({@code factorize_hwtable}).
     */
    public List<DeviceRule> hwtable() {
        return hwtable;
    }

    /** Every defaults keyword's value in effect (operator's, else built-in), with its origin. */
    public Map<Keyword, ConfValue> defaults() {
        return defaults;
    }

    /** A defaults keyword in effect ({@code polling_interval}, {@code find_multipaths}, …), or null when unset. */
    public Setting global(String keyword) {
        Keyword k = Keyword.byWord(keyword);
        ConfValue v = k == null ? null : defaults.get(k);
        return v == null ? null : new Setting(k.word, v.value(), v.origin());
    }

    List<DeviceMatch> blacklistDevices() {
        return blacklistDevices;
    }

    List<ConfValue> exceptionProperties() {
        return exceptionProperties;
    }

    // ---- device table ----

    /** {@code factorize_hwtable} of a new batch: entries with the same strings as a later one merge into it. */
    private static void addBatch(List<DeviceRule> table, List<DeviceRule> batch) {
        int n = table.size();
        table.addAll(batch);
        restart:
        while (true) {
            for (int i = 0; i < table.size(); i++) {
                for (int j = Math.max(n, i + 1); j < table.size(); j++) {
                    if (table.get(j).sameStrings(table.get(i))) {
                        table.set(j, table.get(j).absorb(table.get(i)));
                        table.remove(i);
                        if (i < n) {
                            n--;
                        }
                        continue restart;
                    }
                }
            }
            return;
        }
    }

    /** {@code find_hwe}: the entries matching the path, the most recently added first. */
    public List<DeviceRule> matching(PathIdentity p) {
        List<DeviceRule> out = new ArrayList<>();
        if (p.vendor() == null && p.product() == null && p.revision() == null) {
            return out;
        }
        for (int i = hwtable.size() - 1; i >= 0; i--) {
            DeviceRule r = hwtable.get(i);
            if (fieldMatches(r.vendor(), p.vendor()) && fieldMatches(r.product(), p.product())
                    && fieldMatches(r.revision(), p.revision())) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean fieldMatches(String ere, String value) {
        return ere == null || value == null || Ere.find(ere, value);
    }

    private ConfEntry multipathEntry(String wwid) {
        if (wwid == null || wwid.isEmpty()) {
            return null;
        }
        for (ConfEntry e : conf.multipaths) {
            if (wwid.equals(e.get(Keyword.WWID))) {
                return e;
            }
        }
        return null;
    }

    // ---- settings ----

    /** The settings for one path, as if it were its map's only path. */
    public EffectiveSettings settingsFor(PathIdentity path) {
        return settingsForMap(path.wwid(), List.of(path));
    }

    /**
     * The settings for the map of LU {@code wwid} over {@code paths}: the device entries are those of the first
     * path (multipath-tools takes the map's from one of its paths), the prioritizer and checker those of the first
     * path; the hardware handler and the grouping policy look at every path (TPGS, alua prio).
     */
    public EffectiveSettings settingsForMap(String wwid, List<PathIdentity> paths) {
        PathIdentity first = paths.isEmpty() ? new PathIdentity(null, null, null, null, wwid, null,
                PathIdentity.TPGS_UNKNOWN, null) : paths.get(0);
        Layers l = new Layers(multipathEntry(wwid), first.protocol(), matching(first));
        Map<String, Setting> out = new LinkedHashMap<>();
        for (Keyword k : Keyword.values()) {
            if (k.effect == Keyword.Effect.MATCH || k.effect == Keyword.Effect.DEPRECATED) {
                continue;
            }
            Setting s = l.resolve(k, true);
            if (s != null) {
                out.put(k.word, s);
            }
        }
        // prio and checker: per path
        Setting[] prio = prio(first, l);
        out.put(Keyword.PRIO.word, prio[0]);
        out.put(Keyword.PRIO_ARGS.word, prio[1]);
        out.put(Keyword.PATH_CHECKER.word, checker(first, l));
        out.put(Keyword.HARDWARE_HANDLER.word, hardwareHandler(paths, l));
        out.put(Keyword.PATH_GROUPING_POLICY.word, groupingPolicy(paths, l));
        featuresAndNoPathRetry(l, out);
        return new EffectiveSettings(out);
    }

    /** The resolution layers for one map. */
    private final class Layers {
        final ConfEntry mpe;
        final String protocol;
        final List<DeviceRule> hwes;

        Layers(ConfEntry mpe, String protocol, List<DeviceRule> hwes) {
            this.mpe = mpe;
            this.protocol = protocol;
            this.hwes = hwes;
        }

        Setting resolve(Keyword k, boolean withDefault) {
            if (k.in('M') && mpe != null && mpe.values().containsKey(k)) {
                return of(k, mpe.values().get(k));
            }
            if (k.in('P') && protocol != null) {
                for (int i = conf.protocols.size() - 1; i >= 0; i--) {
                    ConfEntry pe = conf.protocols.get(i);
                    if (protocol.equals(pe.get(Keyword.TYPE)) && pe.values().containsKey(k)) {
                        return of(k, pe.values().get(k));
                    }
                }
            }
            if (k.in('O') && conf.overrides.containsKey(k)) {
                return of(k, conf.overrides.get(k));
            }
            if (k.in('H')) {
                for (DeviceRule r : hwes) {
                    if (r.values().containsKey(k)) {
                        return of(k, r.values().get(k));
                    }
                }
            }
            if (!k.in('D')) {
                return withDefault && k.builtin != null ? new Setting(k.word, k.builtin, Setting.INTERNAL) : null;
            }
            if (!withDefault && !conf.defaults.containsKey(k)) {
                return null;
            }
            ConfValue eff = defaults.get(k); // the operator's, filled in (polling intervals) or built in
            return eff == null ? null : of(k, eff);
        }
    }

    private static Setting of(Keyword k, ConfValue v) {
        return new Setting(k.word, v.value(), v.origin());
    }

    private static boolean yes(Setting s) {
        return s != null && "yes".equals(s.value());
    }

    /** {@code select_prio}: detect_prio, then the layers; prio_args from the layer that set prio. */
    private Setting[] prio(PathIdentity p, Layers l) {
        Setting prio;
        Setting args;
        if (yes(l.resolve(Keyword.DETECT_PRIO, true)) && p.tpgs() > 0) {
            // multipath-tools prefers the sysfs prioritizer (the kernel's alua state); mpathj has none: alua
            prio = new Setting("prio", "alua", Setting.AUTODETECTED);
            args = new Setting("prio_args", "", Setting.AUTODETECTED);
        } else if (l.mpe != null && l.mpe.values().containsKey(Keyword.PRIO)) {
            prio = of(Keyword.PRIO, l.mpe.values().get(Keyword.PRIO));
            args = sameSection(l.mpe.values(), prio);
        } else if (conf.overrides.containsKey(Keyword.PRIO)) {
            prio = of(Keyword.PRIO, conf.overrides.get(Keyword.PRIO));
            args = sameSection(conf.overrides, prio);
        } else if (l.hwes.stream().anyMatch(r -> r.values().containsKey(Keyword.PRIO))) {
            ConfValue name = l.hwes.stream().filter(r -> r.values().containsKey(Keyword.PRIO)).findFirst()
                    .orElseThrow().values().get(Keyword.PRIO);
            prio = of(Keyword.PRIO, name);
            args = l.hwes.stream().filter(r -> r.values().containsKey(Keyword.PRIO_ARGS)).findFirst()
                    .map(r -> of(Keyword.PRIO_ARGS, r.values().get(Keyword.PRIO_ARGS)))
                    .orElse(new Setting("prio_args", "", prio.origin()));
        } else if (conf.defaults.containsKey(Keyword.PRIO)) {
            prio = of(Keyword.PRIO, conf.defaults.get(Keyword.PRIO));
            args = sameSection(conf.defaults, prio);
        } else {
            // multipath-tools passes DEFAULT_PRIO_ARGS here even when defaults sets prio_args; show config prints
            // "prio const" with that prio_args, which would then apply when read back: take them (const ignores them)
            prio = new Setting("prio", Keyword.PRIO.builtin, Setting.INTERNAL);
            ConfValue a = conf.defaults.get(Keyword.PRIO_ARGS);
            args = a != null ? of(Keyword.PRIO_ARGS, a)
                    : new Setting("prio_args", Keyword.PRIO_ARGS.builtin, Setting.INTERNAL);
        }
        if (prio.value().equals("alua") && p.tpgs() == 0) {
            String why = "emergency fallback - alua failed";
            prio = new Setting("prio", "const", why);
            args = new Setting("prio_args", "", why);
        }
        return new Setting[] {prio, args};
    }

    private static Setting sameSection(Map<Keyword, ConfValue> section, Setting prio) {
        ConfValue a = section.get(Keyword.PRIO_ARGS);
        return a != null ? of(Keyword.PRIO_ARGS, a) : new Setting("prio_args", "", prio.origin());
    }

    /** {@code select_checker}: detect_checker (rdac, TPGS → tur), then overrides, devices, defaults. */
    private Setting checker(PathIdentity p, Layers l) {
        if (yes(l.resolve(Keyword.DETECT_CHECKER, true))) {
            // check_rdac: a device entry naming the rdac checker stands for the RDAC VPD page answering "vac1"
            boolean rdac = l.hwes.stream().filter(r -> r.values().containsKey(Keyword.PATH_CHECKER)).findFirst()
                    .map(r -> "rdac".equals(r.get(Keyword.PATH_CHECKER))).orElse(false);
            if (rdac) {
                return new Setting("path_checker", "rdac", Setting.AUTODETECTED);
            }
            if (p.tpgs() > 0) {
                return new Setting("path_checker", "tur", Setting.AUTODETECTED);
            }
        }
        return l.resolve(Keyword.PATH_CHECKER, true);
    }

    /**
     * {@code select_hwhandler}: devices, then "0"; a map whose paths all support TPGS and that got no handler from
     * a device entry gets "1 alua", a map with a path without TPGS loses "1 alua". (Keeping a handler the path
     * device already has, retain_attached_hw_handler, is the assembly's: the path device knows its handler.)
     */
    private Setting hardwareHandler(List<PathIdentity> paths, Layers l) {
        boolean allTpgs = true;
        boolean oneTpgs = false;
        for (PathIdentity p : paths) {
            allTpgs &= p.tpgs() != 0;
            oneTpgs |= p.tpgs() > 0;
        }
        allTpgs &= oneTpgs;
        Setting s = l.resolve(Keyword.HARDWARE_HANDLER, true);
        if (allTpgs && s.value().equals("0") && s.origin().equals(Setting.INTERNAL)) {
            return new Setting("hardware_handler", "1 alua", Setting.TPGS);
        }
        if (!allTpgs && s.value().equals("1 alua")) {
            return new Setting("hardware_handler", "0", Setting.TPGS);
        }
        return s;
    }

    /** {@code select_pgpolicy}: detect_pgpolicy when every path uses the alua prioritizer, then the layers. */
    private Setting groupingPolicy(List<PathIdentity> paths, Layers l) {
        boolean allAlua = !paths.isEmpty();
        for (PathIdentity p : paths) {
            Layers pl = new Layers(l.mpe, p.protocol(), matching(p));
            allAlua &= prio(p, pl)[0].value().equals("alua");
        }
        if (yes(l.resolve(Keyword.DETECT_PGPOLICY, true)) && allAlua) {
            return new Setting("path_grouping_policy", yes(l.resolve(Keyword.DETECT_PGPOLICY_USE_TPG, true))
                    ? "group_by_tpg" : "group_by_prio", Setting.AUTODETECTED);
        }
        Setting s = l.resolve(Keyword.PATH_GROUPING_POLICY, true);
        if (s.value().equals("group_by_tpg") && !allAlua) {
            return new Setting("path_grouping_policy", "failover",
                    "emergency fallback - not all paths use alua prio");
        }
        return s;
    }

    /**
     * {@code reconcile_features_with_options}: the deprecated features {@code queue_if_no_path} and
     * {@code retain_attached_hw_handler} are taken out of features; the first makes an unset no_path_retry
     * {@code queue}.
     */
    private void featuresAndNoPathRetry(Layers l, Map<String, Setting> out) {
        Setting features = out.get(Keyword.FEATURES.word);
        Setting npr = l.resolve(Keyword.NO_PATH_RETRY_KW, false);
        String f = features.value();
        if (hasWord(f, "queue_if_no_path")) {
            if (npr == null) {
                npr = new Setting("no_path_retry", "queue", "inherited from features (" + features.origin() + ")");
            }
            f = removeFeature(f, "queue_if_no_path");
        }
        if (hasWord(f, "retain_attached_hw_handler")) {
            f = removeFeature(f, "retain_attached_hw_handler");
        }
        if (!f.equals(features.value())) {
            out.put(Keyword.FEATURES.word, new Setting("features", f, features.origin()));
        }
        out.put(Keyword.NO_PATH_RETRY_KW.word, npr != null ? npr : l.resolve(Keyword.NO_PATH_RETRY_KW, true));
    }

    private static boolean hasWord(String features, String word) {
        for (String w : features.strip().split("\\s+")) {
            if (w.equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** {@code remove_feature}: drops the word and decrements the count. */
    static String removeFeature(String features, String word) {
        String[] w = features.strip().split("\\s+");
        StringBuilder sb = new StringBuilder();
        int count;
        try {
            count = Integer.parseInt(w[0]);
        } catch (NumberFormatException e) {
            return features;
        }
        boolean removed = false;
        for (int i = 1; i < w.length; i++) {
            if (!removed && w[i].equals(word)) {
                removed = true;
                continue;
            }
            sb.append(' ').append(w[i]);
        }
        return (removed ? count - 1 : count) + sb.toString();
    }

    // ---- defaults ----

    /** The defaults in effect; polling_interval and max_polling_interval filled in as init_config__ does. */
    private static Map<Keyword, ConfValue> effectiveDefaults(Map<Keyword, ConfValue> operator) {
        Map<Keyword, ConfValue> d = new EnumMap<>(Keyword.class);
        for (Keyword k : Keyword.values()) {
            if (!k.in('D') || k.effect == Keyword.Effect.DEPRECATED) {
                continue;
            }
            ConfValue v = operator.get(k);
            if (v != null) {
                d.put(k, v);
            } else if (k.builtin != null) {
                d.put(k, new ConfValue(k.builtin, Setting.INTERNAL));
            }
        }
        ConfValue pi = operator.get(Keyword.POLLING_INTERVAL);
        ConfValue mx = operator.get(Keyword.MAX_POLLING_INTERVAL);
        long max = mx == null ? 0 : Long.parseLong(mx.value());
        if (max == 0) {
            long p = pi == null ? Long.parseLong(Keyword.POLLING_INTERVAL.builtin) : Long.parseLong(pi.value());
            d.put(Keyword.MAX_POLLING_INTERVAL, new ConfValue(Long.toString(Math.min(p * 4, 0xFFFFFFFFL)),
                    "4 × polling_interval"));
        } else if (pi == null) {
            d.put(Keyword.POLLING_INTERVAL, new ConfValue(Long.toString(max >= 4 ? max / 4 : 1),
                    "max_polling_interval / 4"));
        } else if (Long.parseLong(pi.value()) > max) {
            d.put(Keyword.POLLING_INTERVAL, new ConfValue(mx.value(), "capped at max_polling_interval ("
                    + mx.origin() + ")"));
        }
        return d;
    }

    // ---- blacklist ----

    /**
     * {@code filter_path}: the criteria in multipath-tools' order, property, devnode (the path name), device
     * (vendor/product, with the device tables' product_blacklist), protocol, wwid. For each, an exception beats a
     * blacklist entry; the first criterion that blacklists decides; an exception only settles its own criterion.
     */
    public BlacklistVerdict isBlacklisted(PathIdentity p) {
        String dev = p.name() == null ? "(unnamed)" : p.name();
        // property
        boolean uidSeen = false;
        boolean decided = false;
        for (String env : p.properties()) {
            uidSeen |= env.equals("ID_SERIAL");
            if (firstMatch(exceptionProperties, env) != null) {
                decided = true;
                break;
            }
            ConfValue b = firstMatch(conf.blacklist.property(), env);
            if (b != null) {
                return verdict("property", dev + ": udev property " + env + " blacklisted", b);
            }
        }
        if (!decided && uidSeen) {
            return new BlacklistVerdict(true, "property", dev + ": blacklisted, udev property missing"
                    + " (no property matches a blacklist_exceptions property entry)");
        }
        // devnode
        if (p.name() != null && firstMatch(conf.exceptions.devnode(), p.name()) == null) {
            ConfValue b = firstMatch(conf.blacklist.devnode(), p.name());
            if (b != null) {
                return verdict("devnode", dev + ": device node name blacklisted", b);
            }
        }
        // device
        if (p.vendor() != null && p.product() != null
                && deviceMatch(conf.exceptions.device(), p.vendor(), p.product()) == null) {
            DeviceMatch b = deviceMatch(blacklistDevices, p.vendor(), p.product());
            if (b != null) {
                return new BlacklistVerdict(true, "device", dev + ": (" + p.vendor() + ":" + p.product()
                        + ") vendor/product blacklisted by " + quote(b.vendor()) + ":" + quote(b.product()) + " ("
                        + b.origin() + ")");
            }
        }
        // protocol
        String prot = p.protocol() == null ? "undef" : p.protocol();
        if (firstMatch(conf.exceptions.protocol(), prot) == null) {
            ConfValue b = firstMatch(conf.blacklist.protocol(), prot);
            if (b != null) {
                return verdict("protocol", dev + ": protocol " + prot + " blacklisted", b);
            }
        }
        // wwid
        if (p.wwid() != null && firstMatch(conf.exceptions.wwid(), p.wwid()) == null) {
            ConfValue b = firstMatch(conf.blacklist.wwid(), p.wwid());
            if (b != null) {
                return verdict("wwid", dev + ": wwid " + p.wwid() + " blacklisted", b);
            }
        }
        return BlacklistVerdict.NOT;
    }

    private static String quote(String s) {
        return s == null ? "*" : "\"" + s + "\"";
    }

    private static BlacklistVerdict verdict(String criterion, String msg, ConfValue rule) {
        return new BlacklistVerdict(true, criterion, msg + " by \"" + rule.value() + "\" (" + rule.origin() + ")");
    }

    private static ConfValue firstMatch(List<ConfValue> rules, String s) {
        for (ConfValue v : rules) {
            if (Ere.blacklistMatch(v.value(), s)) {
                return v;
            }
        }
        return null;
    }

    /** {@code match_reglist_device}. */
    private static DeviceMatch deviceMatch(List<DeviceMatch> rules, String vendor, String product) {
        for (DeviceMatch d : rules) {
            if (d.vendor() == null && d.product() == null) {
                continue;
            }
            if ((d.vendor() == null || Ere.blacklistMatch(d.vendor(), vendor))
                    && (d.product() == null || Ere.blacklistMatch(d.product(), product))) {
                return d;
            }
        }
        return null;
    }

    /** {@code multipathd show config}: see {@link ConfigPrinter}. */
    public String showConfig() {
        return ConfigPrinter.print(this);
    }
}
