package io.mpathj.daemon.internal.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.daemon.internal.conf.MergedConfig;
import io.mpathj.daemon.internal.conf.MultipathConf;
import io.mpathj.daemon.internal.conf.PathIdentity;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The grouping policies, the group order, and the tables built from merged settings. */
class GroupingTest {
    /** Four paths of one LU: ports A0, A1 (group 1, node x, serial S1), B0, B1 (group 2, node y, serial S2). */
    private static List<Grouping.Prioritized> paths(int prioA, int prioB) {
        return List.of(p("sim:x/A0/0", 1, "x", "S1", prioA), p("sim:x/B0/0", 2, "y", "S2", prioB),
                p("sim:x/A1/0", 1, "x", "S1", prioA), p("sim:x/B1/0", 2, "y", "S2", prioB));
    }

    private static Grouping.Prioritized p(String name, int tpg, String node, String serial, int prio) {
        PathIdentity id = new PathIdentity(name, "ACME", "VAULT", "1", "3600", serial, 1, "scsi:unspec");
        return new Grouping.Prioritized(new IdentifiedPath(null, id, tpg, 0, node), prio);
    }

    private static String show(List<Grouping.Group> groups) {
        return groups.stream().map(g -> g.prio() + ":" + g.paths().stream().map(x -> x.path().name())
                .collect(Collectors.joining(","))).collect(Collectors.joining(" | "));
    }

    @Test
    void policies() {
        assertEquals("1:sim:x/A0/0 | 1:sim:x/B0/0 | 1:sim:x/A1/0 | 1:sim:x/B1/0",
                show(Grouping.group("failover", paths(1, 1))));
        assertEquals("1:sim:x/A0/0,sim:x/B0/0,sim:x/A1/0,sim:x/B1/0", show(Grouping.group("multibus", paths(1, 1))));
        assertEquals("50:sim:x/A0/0,sim:x/A1/0 | 1:sim:x/B0/0,sim:x/B1/0",
                show(Grouping.group("group_by_prio", paths(50, 1))));
        assertEquals("50:sim:x/B0/0,sim:x/B1/0 | 10:sim:x/A0/0,sim:x/A1/0",
                show(Grouping.group("group_by_prio", paths(10, 50))), "the better group first");
        assertEquals("10:sim:x/A0/0,sim:x/A1/0 | 1:sim:x/B0/0,sim:x/B1/0",
                show(Grouping.group("group_by_tpg", paths(10, 1))));
        assertEquals("1:sim:x/B0/0,sim:x/B1/0 | 0:sim:x/A0/0,sim:x/A1/0",
                show(Grouping.group("group_by_node_name", paths(0, 1))));
        assertEquals("5:sim:x/A0/0,sim:x/A1/0 | 5:sim:x/B0/0,sim:x/B1/0",
                show(Grouping.group("group_by_serial", paths(5, 5))), "ties keep their order");
        assertEquals("50:sim:x/A0/0 | 50:sim:x/A1/0 | 1:sim:x/B0/0 | 1:sim:x/B1/0",
                show(Grouping.group("failover", paths(50, 1))), "failover groups are sorted by prio too");
    }

    @Test
    void undefinedPrioritiesSortLast() {
        assertEquals("-1:sim:x/A0/0,sim:x/B0/0,sim:x/A1/0,sim:x/B1/0",
                show(Grouping.group("group_by_prio", paths(-1, -1))));
    }

    @Test
    void tablesFromMergedSettings() {
        MergedConfig c = MergedConfig.of(MultipathConf.parse("multipath.conf", """
                defaults {
                    path_selector "round-robin 0"
                }
                devices {
                    device {
                        vendor ACME
                        product VAULT
                        path_grouping_policy group_by_prio
                        hardware_handler "1 emc"
                        no_path_retry queue
                    }
                }
                """));
        var paths = paths(50, 1);
        var settings = c.settingsForMap("3600", paths.stream().map(x -> x.path().identity()).toList());
        assertEquals("group_by_prio", settings.value("path_grouping_policy"));
        assertEquals("1 queue_if_no_path 1 emc 2 1 round-robin 0 2 0 sim:x/A0/0 sim:x/A1/0 round-robin 0 2 0 "
                + "sim:x/B0/0 sim:x/B1/0", TableBuilder.table(settings, Grouping.group("group_by_prio", paths)));
        assertEquals("emc", TableBuilder.handlerOf("1 queue_if_no_path 1 emc 2 1 x"));
        assertEquals("none", TableBuilder.handlerOf("0 0 1 1 x"));
    }

    @Test
    void featuresFollowNoPathRetry() {
        assertEquals("0", TableBuilder.features("1 queue_if_no_path", "fail"));
        assertEquals("1 queue_if_no_path", TableBuilder.features("0", "12"));
        assertEquals("3 queue_if_no_path pg_init_retries 50", TableBuilder.features("2 pg_init_retries 50", "queue"));
        assertEquals("2 pg_init_retries 50", TableBuilder.features("2 pg_init_retries 50", null));
    }
}
