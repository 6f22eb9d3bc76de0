package io.mpathj.core.internal.osgi;

import io.mpathj.api.StatusType;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.map.MultipathMap.PathView;
import java.util.List;

/**
 * {@code multipath -ll}'s layout (libmultipath print.c): a map line, a properties line, then each group as
 * {@code |-+- policy='…' prio=… status=…} with its paths as {@code | |- dev dm_state dev_state}. mpathj has no
 * path checker or prioritizer, so the checker column shows the transport's view and prio is {@code -}.
 */
final class TopologyFormat {
    private TopologyFormat() {
    }

    static String format(MultipathMap map) {
        StringBuilder sb = new StringBuilder();
        sb.append(map.name()).append('\n');
        String table = map.status(StatusType.TABLE);
        String info = map.status(StatusType.INFO);
        sb.append("size=").append(size((long) map.blockSize() * map.blockCount()))
                .append(" features='").append(features(table)).append("'")
                .append(" hwhandler='").append(map.handlerName() == null ? "0" : "1 " + map.handlerName())
                .append(map.missingPlugins().isEmpty() ? "'" : "' missing=" + String.join(",", map.missingPlugins())
                        .replace(' ', '_'))
                .append(" wp=rw\n");
        List<String> states = GroupStates.of(info);
        List<PathView> paths = map.paths();
        int groups = states.size();
        for (int g = 1; g <= groups; g++) {
            boolean lastGroup = g == groups;
            sb.append(lastGroup ? "`-+- " : "|-+- ").append("policy='").append(map.selectorNames().get(g - 1))
                    .append(" 0' prio=- status=").append(states.get(g - 1)).append('\n');
            int group = g;
            List<PathView> inGroup = paths.stream().filter(p -> p.group() == group).toList();
            for (int i = 0; i < inGroup.size(); i++) {
                PathView p = inGroup.get(i);
                sb.append(lastGroup ? "  " : "| ").append(i == inGroup.size() - 1 ? "`- " : "|- ")
                        .append(p.name()).append(' ').append(p.active() ? "active" : "failed").append(' ')
                        .append(p.online() ? "ready running" : "faulty offline").append('\n');
            }
        }
        return sb.toString();
    }

    /** The feature words of a TABLE status: the count and the words after it. */
    private static String features(String table) {
        String[] w = table.split(" ");
        int n = Integer.parseInt(w[0]);
        return String.join(" ", java.util.Arrays.copyOfRange(w, 0, n + 1));
    }

    private static String size(long bytes) {
        String[] units = {"", "K", "M", "G", "T", "P"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "" : String.format("%.1f%s", v, units[u]);
    }

    /** Group states from an INFO status, as multipath -ll words: A active, E enabled, D disabled. */
    static final class GroupStates {
        private GroupStates() {
        }

        static List<String> of(String info) {
            String[] w = info.split(" ");
            int i = 3; // "2 <queue_io> <pg_init_count>"
            i += 1 + Integer.parseInt(w[i]); // handler status
            int groups = Integer.parseInt(w[i]);
            i += 2;
            List<String> out = new java.util.ArrayList<>();
            for (int g = 0; g < groups; g++) {
                String state = w[i++];
                out.add(state.equals("A") ? "active" : state.equals("D") ? "disabled" : "enabled");
                i += 1 + Integer.parseInt(w[i]); // selector group status
                int paths = Integer.parseInt(w[i++]);
                int infoArgs = Integer.parseInt(w[i++]);
                i += paths * (3 + infoArgs);
            }
            return out;
        }
    }
}
