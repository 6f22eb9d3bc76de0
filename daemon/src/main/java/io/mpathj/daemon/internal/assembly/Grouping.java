package io.mpathj.daemon.internal.assembly;

import io.mpathj.api.prio.Prioritizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The path grouping policies of multipath-tools' libmultipath/pgpolicies.c, and the group order of
 * {@code sort_pathgroups}: groups by descending priority (the average of their paths' defined priorities, as
 * {@code path_group_prio_update}), ties by more paths, then as formed. Paths keep their given order inside a group.
 */
public final class Grouping {
    private Grouping() {
    }

    /** A path with the priority its prioritizer gave ({@link Prioritizer#UNDEFINED} if none). */
    public record Prioritized(IdentifiedPath path, int prio) {
    }

    /** One path group of a table, with its priority. */
    public record Group(List<Prioritized> paths, int prio) {
    }


    /**
     * Groups paths by a policy (unknown: failover, as multipath-tools falls back to its default) and orders the
     * groups; multibus keeps its one group.
     */
    public static List<Group> group(String policy, List<Prioritized> paths) {
        List<List<Prioritized>> groups = switch (policy == null ? "failover" : policy) {
            case "multibus" -> paths.isEmpty() ? List.of() : List.of(List.copyOf(paths));
            case "group_by_serial" -> by(paths, p -> p.path().identity().serial());
            case "group_by_prio" -> by(paths, Prioritized::prio);
            case "group_by_node_name" -> by(paths, p -> p.path().nodeName());
            case "group_by_tpg" -> by(paths, p -> p.path().targetPortGroup());
            default -> paths.stream().map(List::of).toList();
        };
        List<Group> out = new ArrayList<>();
        for (List<Prioritized> g : groups) {
            out.add(new Group(g, prio(g)));
        }
        out.sort(Comparator.comparingInt(Group::prio).reversed()
                .thenComparing(Comparator.comparingInt((Group g) -> g.paths().size()).reversed()));
        return out;
    }

    private static List<List<Prioritized>> by(List<Prioritized> paths, Function<Prioritized, Object> key) {
        Map<Object, List<Prioritized>> groups = new LinkedHashMap<>();
        for (Prioritized p : paths) {
            groups.computeIfAbsent(Objects.requireNonNullElse(key.apply(p), ""), k -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(groups.values());
    }

    /** The average of the defined priorities, {@link Prioritizer#UNDEFINED} when none is. */
    static int prio(List<Prioritized> group) {
        long sum = 0;
        int n = 0;
        for (Prioritized p : group) {
            if (p.prio() != Prioritizer.UNDEFINED) {
                sum += p.prio();
                n++;
            }
        }
        return n == 0 ? Prioritizer.UNDEFINED : (int) (sum / n);
    }
}
