package io.mpathj.daemon.internal.conf;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A {@code multipath} subsection (keyed by {@code wwid}) or an overrides {@code protocol} subsection (by {@code type}). */
public record ConfEntry(Map<Keyword, ConfValue> values) {
    public ConfEntry {
        EnumMap<Keyword, ConfValue> copy = new EnumMap<>(Keyword.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public String get(Keyword k) {
        ConfValue v = values.get(k);
        return v == null ? null : v.value();
    }

    /** {@code merge_mpe}/{@code merge_pce}: this entry's values over {@code earlier}'s. */
    ConfEntry over(ConfEntry earlier) {
        return new ConfEntry(merge(values, earlier.values));
    }

    /** multipath-tools' merge_str/merge_num: {@code upper}'s values, {@code lower}'s non-empty ones where it has none. */
    static EnumMap<Keyword, ConfValue> merge(Map<Keyword, ConfValue> upper, Map<Keyword, ConfValue> lower) {
        EnumMap<Keyword, ConfValue> merged = new EnumMap<>(Keyword.class);
        lower.forEach((k, v) -> {
            if (!v.value().isEmpty()) {
                merged.put(k, v);
            }
        });
        merged.putAll(upper);
        return merged;
    }
}
