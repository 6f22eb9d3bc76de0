package io.mpathj.daemon.internal.conf;

import io.mpathj.daemon.internal.conf.Diagnostic.Level;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code device} entry of a device table: vendor/product/revision regular expressions and the settings for the
 * devices they match. Entries come from the operator's devices section, from plug-in bundles (the arrays' handler
 * bundles among them), or from the built-in table ({@link BuiltinDevices}, empty today).
 *
 * @param source who supplied the entry ("built-in", a bundle's symbolic name, the config file)
 * @param values canonical values by keyword, each with its origin
 */
public record DeviceRule(String source, Map<Keyword, ConfValue> values) {
    public DeviceRule {
        EnumMap<Keyword, ConfValue> copy = new EnumMap<>(Keyword.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * A rule from keyword/value pairs in multipath.conf spelling (a bundle's rule, the built-in table), validated as
     * the parser validates a device section. Problems are added to {@code problems}; an invalid value is left out.
     *
     * @param source the supplier, used in origins ("device rule from SOURCE")
     * @param origin how origins read, e.g. "built-in device table" or "device rule from bundle x"
     */
    public static DeviceRule of(String source, String origin, Map<String, String> settings,
            List<Diagnostic> problems) {
        EnumMap<Keyword, ConfValue> values = new EnumMap<>(Keyword.class);
        settings.forEach((word, raw) -> {
            Keyword k = Keyword.find(word, 'H');
            ValueType.Reporter r = new ValueType.Reporter() {
                @Override
                public String where() {
                    return source;
                }

                @Override
                public void report(Level level, String message) {
                    problems.add(new Diagnostic(level, source, 0, message));
                }
            };
            if (k == null) {
                r.report(Level.WARN, source + ", invalid keyword in the device section: " + word);
                return;
            }
            String v = k.type.parse(k, raw, r);
            if (v != null && v != ValueType.UNSET) {
                values.put(k, new ConfValue(v, origin));
            }
        });
        return new DeviceRule(source, values);
    }

    /** A bundle's rule ({@code io.mpathj.api.rules.DeviceRules}), its origins reading "device rule from bundle B". */
    public static DeviceRule fromBundle(String bundle, Map<String, String> settings, List<Diagnostic> problems) {
        return of(bundle, "device rule from bundle " + bundle, settings, problems);
    }

    public String get(Keyword k) {
        ConfValue v = values.get(k);
        return v == null ? null : v.value();
    }

    public String vendor() {
        return get(Keyword.VENDOR);
    }

    public String product() {
        return get(Keyword.PRODUCT);
    }

    public String revision() {
        return get(Keyword.REVISION);
    }

    /** multipath-tools' {@code hwe_strmatch}: same vendor, product and revision strings (not regex match). */
    boolean sameStrings(DeviceRule o) {
        return java.util.Objects.equals(vendor(), o.vendor()) && java.util.Objects.equals(product(), o.product())
                && java.util.Objects.equals(revision(), o.revision());
    }

    /** {@code merge_hwe}: this entry's values, with {@code lower}'s where this one has none. */
    DeviceRule absorb(DeviceRule lower) {
        return new DeviceRule(source, ConfEntry.merge(values, lower.values));
    }
}
