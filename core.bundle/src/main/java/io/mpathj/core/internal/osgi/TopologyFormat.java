package io.mpathj.core.internal.osgi;

import io.mpathj.api.map.GroupView;
import io.mpathj.api.map.MapView;
import io.mpathj.api.map.PathView;
import java.util.List;

/**
 * {@code multipath -ll}'s layout (libmultipath print.c): a map line, a properties line, then each group as
 * {@code |-+- policy='…' prio=… status=…} with its paths as {@code | |- dev dm_state dev_state}. mpathj has no
 * path checker or prioritizer, so the checker column shows the transport's view and prio is {@code -}.
 */
final class TopologyFormat {
    private TopologyFormat() {
    }

    static String format(MapView map) {
        StringBuilder sb = new StringBuilder();
        sb.append(map.name()).append('\n');
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
                    .append(" 0' prio=- status=").append(g.state().word()).append('\n');
            List<PathView> inGroup = g.paths();
            for (int i = 0; i < inGroup.size(); i++) {
                PathView p = inGroup.get(i);
                sb.append(lastGroup ? "  " : "| ").append(i == inGroup.size() - 1 ? "`- " : "|- ")
                        .append(p.name()).append(' ').append(p.active() ? "active" : "failed").append(' ')
                        .append(p.online() ? "ready running" : "faulty offline").append('\n');
            }
        }
        return sb.toString();
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
}
