package io.mpathj.daemon.internal.assembly;

import io.mpathj.daemon.internal.conf.EffectiveSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel table of an assembled map, as multipath-tools' {@code assemble_map} (libmultipath/dmparser.c) writes
 * it: {@code FEATURES HWHANDLER NR_GROUPS 1 (SELECTOR NR_ARGS ARGS… NR_PATHS 0 PATH…)…}. Features from
 * {@code features}, with {@code queue_if_no_path} added when {@code no_path_retry} queues (queue or N) and removed
 * when it is {@code fail}; the handler from {@code hardware_handler} ({@code 0} when unset); the selector from
 * {@code path_selector} for every group; no per-path arguments (the selectors' defaults).
 */
public final class TableBuilder {
    private TableBuilder() {
    }

    public static String table(EffectiveSettings settings, List<Grouping.Group> groups) {
        StringBuilder t = new StringBuilder();
        t.append(features(settings.value("features"), settings.value("no_path_retry")));
        String hw = settings.value("hardware_handler");
        t.append(' ').append(hw == null || hw.isBlank() ? "0" : hw.strip());
        t.append(' ').append(groups.size()).append(' ').append(groups.isEmpty() ? 0 : 1);
        String selector = settings.value("path_selector");
        selector = selector == null || selector.isBlank() ? "service-time 0" : selector.strip();
        for (Grouping.Group g : groups) {
            t.append(' ').append(selector).append(' ').append(g.paths().size()).append(" 0");
            g.paths().forEach(p -> t.append(' ').append(p.path().name()));
        }
        return t.toString();
    }

    /** {@code "N word…"} with queue_if_no_path reconciled with no_path_retry (reconcile_features_with_options). */
    static String features(String features, String noPathRetry) {
        List<String> words = new ArrayList<>();
        if (features != null && !features.isBlank()) {
            String[] w = features.strip().split("\\s+");
            words.addAll(Arrays.asList(w).subList(1, w.length));
        }
        if (noPathRetry != null) {
            words.removeIf("queue_if_no_path"::equals);
            if (!noPathRetry.equals("fail")) {
                words.add(0, "queue_if_no_path");
            }
        }
        return words.isEmpty() ? "0" : words.size() + " " + String.join(" ", words);
    }

    /** The hardware handler's words of a table this class wrote ({@code emc}, {@code alua}), {@code none} for 0. */
    static String handlerOf(String table) {
        String[] w = table.split(" ");
        int at = 1 + Integer.parseInt(w[0]);
        int n = Integer.parseInt(w[at]);
        return n == 0 ? "none" : String.join(" ", Arrays.asList(w).subList(at + 1, at + 1 + n));
    }
}
