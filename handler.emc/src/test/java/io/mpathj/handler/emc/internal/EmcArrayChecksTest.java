package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emc_clariion checker and the emc prioritizer on the simulated CLARiiON's own paths (SP A = group 1, SP B =
 * group 2): its VPD page C0h carries the failover configuration multipath-tools checks (initiator type 3, failover
 * mode 4, arraycommpath) and the LU's WWN.
 */
class EmcArrayChecksTest {
    private static final int SP_A = 1;
    private static final int SP_B = 2;
    private static final String[] PORTS = {"A0", "A1", "B0", "B1"};

    private final ManualSimTime time = new ManualSimTime();
    private SimArray cx;

    @AfterEach
    void tearDown() {
        if (cx != null) {
            cx.close();
        }
    }

    private SimArray array() {
        cx = SimArrayBuilder.clariion("cx", time).powerOnUnitAttention(false).storageProcessor("A0", "A1")
                .storageProcessor("B0", "B1").memoryLu(0, 256, 512).defaultOwner(0, SP_A).build();
        return cx;
    }

    private PathDevice path(String port) {
        return cx.path(port, 0).orElseThrow();
    }

    private static CheckResult check(PathChecker c, PathDevice d) throws Exception {
        return c.check(d, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static int prio(PathDevice d) throws Exception {
        return new EmcPrioritizer().create("").priority(d, Duration.ofSeconds(5)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Each port's priority, e.g. {A0=4, A1=4, B0=1, B1=1}. */
    private Map<String, Integer> priorities() throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (String port : PORTS) {
            out.put(port, prio(path(port)));
        }
        return out;
    }

    @Test
    void everyPathIsUpAndTheOwnersDefaultSpHasTheHighestPriority() throws Exception {
        array();
        EmcClariionChecker checker = new EmcClariionChecker();
        for (String port : PORTS) {
            assertEquals(CheckResult.of(CheckerState.UP, "emc_clariion checker: Active path is healthy"),
                    check(checker.create(), path(port)), port);
        }
        // SP A owns the LU and is its default: 2 + 2; SP B: bound, not the default: 1
        assertEquals(Map.of("A0", 4, "A1", 4, "B0", 1, "B1", 1), priorities());
    }

    @Test
    void aTrespassMovesThePriorities() throws Exception {
        array();
        assertEquals(Map.of("A0", 4, "A1", 4, "B0", 1, "B1", 1), priorities(), "before");
        cx.clariion().trespass(0, SP_B); // navicli, or another host
        // SP A: the default SP, now bound only (1 + 2); SP B: the owner, away from the default (2)
        assertEquals(Map.of("A0", 3, "A1", 3, "B0", 2, "B1", 2), priorities(), "after");
        EmcClariionChecker checker = new EmcClariionChecker();
        for (String port : PORTS) {
            assertEquals(CheckerState.UP, check(checker.create(), path(port)).state(), port);
        }
        cx.clariion().trespass(0, SP_A);
        assertEquals(Map.of("A0", 4, "A1", 4, "B0", 1, "B1", 1), priorities(), "trespassed back");
    }

    @Test
    void theWwnStaysTheSameFromOneCheckToTheNext() throws Exception {
        array();
        PathChecker a0 = new EmcClariionChecker().create();
        for (int i = 0; i < 3; i++) {
            assertEquals(CheckerState.UP, check(a0, path("A0")).state(), "check " + i);
        }
        cx.clariion().trespass(0, SP_B);
        assertEquals(CheckerState.UP, check(a0, path("A0")).state(), "a trespass does not change the WWN");
    }

    @Test
    void anNduMakesEveryPathShakyAndLeavesThemWithoutPriority() throws Exception {
        array();
        cx.clariion().setNonDisruptiveUpgrade(true);
        EmcClariionChecker checker = new EmcClariionChecker();
        for (String port : PORTS) {
            assertEquals(CheckResult.of(CheckerState.SHAKY, "emc_clariion checker: Path not available for normal "
                    + "operations"), check(checker.create(), path(port)), port);
            assertEquals(Prioritizer.UNDEFINED, prio(path(port)), port);
        }
        cx.clariion().setNonDisruptiveUpgrade(false);
        assertEquals(CheckerState.UP, check(checker.create(), path("A0")).state());
        assertEquals(Map.of("A0", 4, "A1", 4, "B0", 1, "B1", 1), priorities());
    }

    @Test
    void aPathWhosePortIsDownIsDown() throws Exception {
        array();
        cx.port("A0").faults().linkDown();
        assertEquals(CheckerState.DOWN, check(new EmcClariionChecker().create(), path("A0")).state());
        assertEquals(Prioritizer.UNDEFINED, prio(path("A0")));
    }
}
