package io.mpathj.daemon.internal;

import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.daemon.internal.conf.PathIdentity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The daemon's views as multipath-tools users read them: show paths, multipath -ll, show maps. */
public final class Views {
    private Views() {
    }

    /** {@code multipathd show paths}: one line per path of every map. */
    public static String paths(List<PathDaemon.MapState> maps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"path", "map", "group", "dm_st", "chk_st", "pri", "next_check", "failures",
            "dev_st", "handler"});
        for (PathDaemon.MapState m : maps) {
            MapView v = m.currentView();
            for (PathDaemon.PathState p : m.paths()) {
                Optional<PathView> pv = v.path(p.name());
                rows.add(new String[] {p.name(), m.name(), Integer.toString(p.group()),
                    pv.map(Views::dmState).orElse("-"), checker(p.state()),
                    prio(p.prio()), nextCheck(p.nextCheckSeconds(), p.interval()),
                    pv.map(x -> Integer.toString(x.failCount())).orElse("-"),
                    pv.map(Views::devState).orElse("-"), handlerState(v, p.name())});
            }
        }
        return table(rows);
    }

    /** {@link #topology(PathDaemon.MapState, Optional)} without what identification found: the map line is the name. */
    public static String topology(PathDaemon.MapState m) {
        return topology(m, Optional.empty());
    }

    /**
     * Each path's line columns by name, PRINT_PATH_INDENT's {@code %i %d %D %t %T %o} as mpathj has them: name, dm
     * state, checker state, device state.
     */
    private static Map<String, String[]> pathWords(PathDaemon.MapState m, MapView map) {
        Map<String, CheckerState> checked = new HashMap<>();
        for (PathDaemon.PathState p : m.paths()) {
            checked.put(p.name(), p.state());
        }
        Map<String, String[]> words = new HashMap<>();
        for (PathView p : map.paths()) {
            words.put(p.name(), new String[] {p.name(), dmState(p), checker(checked.get(p.name())), devState(p)});
        }
        return words;
    }

    /**
     * The width of each column: its widest value. multipath-tools pads every column to it (get_path_layout; for
     * multipath -ll over one map's paths), so that the columns line up.
     */
    private static int[] columnWidths(Collection<String[]> lines, int columns) {
        int[] widths = new int[columns];
        for (String[] words : lines) {
            for (int i = 0; i < words.length; i++) {
                widths[i] = Math.max(widths[i], words[i].length());
            }
        }
        return widths;
    }

    /**
     * {@code multipath -ll}: the map line, its properties, each group with prio and status, each path.
     *
     * @param identity what identification found for one of the map's paths (its WWID, vendor and product), if any
     */
    public static String topology(PathDaemon.MapState m, Optional<PathIdentity> identity) {
        MapView map = m.currentView();
        Map<String, String[]> pathWords = pathWords(m, map);
        int[] widths = columnWidths(pathWords.values(), 4); // every column padded, the last one too
        StringBuilder sb = new StringBuilder();
        sb.append(mapLine(map.name(), identity)).append('\n');
        sb.append("size=").append(size(map.sizeBytes()))
                .append(" features='").append(map.features()).append("'")
                .append(" hwhandler='").append(map.handler() == null ? "0" : "1 " + map.handler())
                .append(map.missingPlugins().isEmpty() ? "'" : "' missing=" + String.join(",", map.missingPlugins())
                        .replace(' ', '_'))
                .append(" wp=rw\n");
        List<GroupView> groups = map.groups();
        for (GroupView g : groups) {
            boolean lastGroup = g.number() == groups.size();
            sb.append(lastGroup ? "`-+- " : "|-+- ").append("policy='").append(g.selector())
                    .append(" 0' prio=").append(prio(m.groupPrio(g.number()))).append(" status=")
                    .append(g.state().word()).append('\n');
            List<PathView> inGroup = g.paths();
            for (int i = 0; i < inGroup.size(); i++) {
                String[] words = pathWords.get(inGroup.get(i).name());
                sb.append(lastGroup ? "  " : "| ").append(i == inGroup.size() - 1 ? "`- " : "|- ");
                for (int w = 0; w < words.length; w++) {
                    sb.append(w == 0 ? "" : " ").append(words[w]).append(" ".repeat(Math.max(0,
                            widths[w] - words[w].length())));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * multipath-tools' map line {@code %n (%w) %d %s}: the WWID in parentheses only when it is not the name, then
     * {@code vendor,product}. No {@code %d} ({@code dm-N}): a map has no device-mapper minor number here.
     */
    static String mapLine(String name, Optional<PathIdentity> identity) {
        if (identity.isEmpty()) {
            return name;
        }
        PathIdentity id = identity.get();
        boolean wwidShown = id.wwid() != null && !id.wwid().isEmpty() && !id.wwid().equals(name);
        return name + (wwidShown ? " (" + id.wwid() + ")" : "") + " " + id.vendor() + "," + id.product();
    }

    /** {@code multipathd show maps} with the daemon's settings in effect. */
    public static String maps(List<PathDaemon.MapState> maps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"name", "paths", "valid", "group", "queueing", "queued", "checker", "prio",
            "polling", "failback", "no_path_retry", "recovery"});
        for (PathDaemon.MapState m : maps) {
            MapView v = m.currentView();
            Settings s = m.settings();
            long retry = m.retrySecondsLeft();
            long failback = m.failbackSecondsLeft();
            rows.add(new String[] {m.name(), Integer.toString(v.paths().size()), Integer.toString(v.validPaths()),
                Integer.toString(v.currentGroup()), v.queueIfNoPath() ? "on" : "off",
                Integer.toString(v.queuedIos()), s.pathChecker() + problem(m.checkerProblem()),
                s.prio() + (s.prioArgs().isEmpty() ? "" : " " + s.prioArgs()) + problem(m.prioProblem()),
                s.pollingInterval() + "/" + s.maxInterval() + "s",
                s.failbackWord() + (failback >= 0 ? " (in " + failback + "s)" : ""), s.noPathRetryWord(),
                retry >= 0 ? "queueing " + retry + "s left" : "-"});
        }
        return table(rows);
    }

    private static String problem(String p) {
        return p.isEmpty() ? "" : " (" + p + ")";
    }

    /** dm_st as multipath-tools prints a path's state in the map (kernel A/F). */
    private static String dmState(PathView p) {
        return p.active() ? "active" : "failed";
    }

    /** dev_st as multipath-tools prints the device's state. */
    private static String devState(PathView p) {
        return p.online() ? "running" : "offline";
    }

    /** chk_st as multipathd prints it ({@code snprint_chk_state}: ready, faulty, ghost, i/o pending, …). */
    private static String checker(CheckerState s) {
        return s == null ? "undef" : s.word();
    }

    /**
     * A path's or a group's priority as multipath-tools prints it ({@code snprint_int}): the number, so an undefined
     * one ({@link Prioritizer#UNDEFINED}, multipath-tools' PRIO_UNDEF) is {@code -1}.
     */
    static String prio(int prio) {
        return Integer.toString(prio);
    }

    /** The handler's INFO word for the path (alua: the path's port group and state), or {@code -}. */
    private static String handlerState(MapView v, String path) {
        for (String w : v.handlerStatus()) {
            if (w.contains(path)) {
                return w.replace(path, "").strip();
            }
        }
        return v.handler() == null ? "-" : v.handler();
    }

    private static String table(List<String[]> rows) {
        int[] width = columnWidths(rows, rows.get(0).length);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s ", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * multipath-tools' {@code snprint_size} (libmultipath/print.c): the size in KiB as a C float, divided by 1024
     * while at least 1024 (up to P), one decimal below 10 and none from 10 on ({@code %.*f}: {@code 1.0G},
     * {@code 64G}, {@code 500M}), rounded as glibc's printf rounds the float's exact value (to nearest, ties even).
     */
    static String size(long bytes) {
        char[] units = {'K', 'M', 'G', 'T', 'P'};
        float s = (float) (bytes / 512 >> 1);
        int u = 0;
        while (s >= 1024 && u < units.length - 1) {
            s = s / 1024;
            u++;
        }
        return new BigDecimal(s).setScale(s < 10 ? 1 : 0, RoundingMode.HALF_EVEN).toPlainString() + units[u];
    }

    /**
     * multipathd's next_check ({@code snprint_progress}): ten characters, an {@code X} for each tenth of the interval
     * still to wait and a {@code .} for the rest, then {@code left/interval} in seconds.
     */
    static String nextCheck(long left, long interval) {
        if (interval <= 0) {
            return " " + left + "/" + interval;
        }
        int x = (int) Math.max(0, Math.min(10, 10 * left / interval));
        return "X".repeat(x) + ".".repeat(10 - x) + " " + left + "/" + interval;
    }
}
