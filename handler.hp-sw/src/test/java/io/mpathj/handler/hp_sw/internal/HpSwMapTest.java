package io.mpathj.handler.hp_sw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.StatusType;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.FailoverWorkload;
import io.mpathj.testkit.RecordingPaths;
import io.mpathj.testkit.TestMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hp_sw handler in a real map from the engine, on the simulated MSA (personality {@code msa}: controller A =
 * group 1 active, B = group 2 standby; a switch-over lasts 1 ms, during which START STOP UNIT answers 02/04/03):
 * controller A's ports die under a verified workload, pg_init of group 2 finds B's paths passive (TEST UNIT READY
 * 02/04/02) and activates B by START STOP UNIT, sent again while the switch-over answers 02/04/03; switch_group
 * brings the map back to A the same way. As in Linux (tur_done), a path of group 2 whose TEST UNIT READY meets the
 * switch-over started through the other one (02/04/03) is failed by its pg_init; multipathd's checker reinstates it.
 */
class HpSwMapTest {
    private static final int CTRL_A = 1;
    private static final int CTRL_B = 2;
    private static final Duration TICK = Duration.ofMillis(1);
    private static final String[] PORTS = {"A0", "A1", "B0", "B1"};
    /** multipath-tools' hwtable entry for the MSA has no features; the kernel attaches hp_sw. */
    private static final String TABLE = "0 1 hp_sw 2 1 round-robin 0 2 0 sim:m/A0/0 sim:m/A1/0 "
            + "round-robin 0 2 0 sim:m/B0/0 sim:m/B1/0";

    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final RecordingPaths recorder = new RecordingPaths(arrays);
    private final EngineHarness engine = new EngineHarness().handler(HpSwHandlerType.NAME, new HpSwHandlerType())
            .paths(recorder);
    private SimArray msa;

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        if (msa != null) {
            msa.close();
        }
    }

    private void latency(Duration d) {
        for (String port : PORTS) {
            msa.port(port).faults().setLatency(d);
        }
    }

    /** Each path's hp_sw checker state and prioritizer value, e.g. {A0=up 4, …, B1=ghost 2} (no latency). */
    private Map<String, String> checkedAndPrioritized() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String port : PORTS) {
            var path = msa.path(port, 0).orElseThrow();
            CheckerState state = new HpSwChecker().create().check(path, Duration.ofSeconds(5)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).state();
            int prio = new HpSwPrioritizer().create("").priority(path, Duration.ofSeconds(5)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            out.put(port, state.name().toLowerCase() + " " + prio);
        }
        return out;
    }

    /** START STOP UNIT commands per path, e.g. {sim:m/B0/0=2, sim:m/B1/0=1}. */
    private Map<String, Long> startStops() {
        return recorder.sent(ScsiOpcode.START_STOP_UNIT).stream()
                .collect(Collectors.groupingBy(s -> s.substring(0, s.indexOf(' ')), TreeMap::new,
                        Collectors.counting()));
    }

    private FailoverWorkload.Result workload(TestMap map, long written, Runnable fault) {
        latency(TICK);
        FailoverWorkload.Result r = new FailoverWorkload(map, () -> time.advance(TICK))
                .faultAfter(written, 1, fault).run(2048, 8);
        for (String port : PORTS) {
            msa.port(port).faults().clear(); // latency off again; link state stays
        }
        return r;
    }

    @Test
    void theActiveControllersPortsDieUnderAVerifiedWorkloadAndStartStopUnitActivatesTheStandbyOne()
            throws Exception {
        msa = SimArrayBuilder.msa("m", time).controller("A0", "A1").controller("B0", "B1")
                .memoryLu(0, 4096, 512).transitionTime(TICK).build();
        arrays.add(msa);
        TestMap map = engine.create("mpatha", TABLE);
        assertEquals("0 1 hp_sw 2 1 round-robin 0 2 1 sim:m/A0/0 1 sim:m/A1/0 1 round-robin 0 2 1 sim:m/B0/0 1 "
                + "sim:m/B1/0 1 ", map.status(StatusType.TABLE));
        assertEquals(CTRL_A, msa.msa().activeController());
        // the standby controller's paths: TEST UNIT READY 02/04/02, what multipath-tools' hp_sw calls ghost
        assertEquals(Map.of("A0", "up 4", "A1", "up 4", "B0", "ghost 2", "B1", "ghost 2"), checkedAndPrioritized());

        FailoverWorkload.Result failover = workload(map, 600, () -> {
            msa.port("A0").faults().linkDown();
            msa.port("A1").faults().linkDown();
        });
        System.out.println("[hp_sw-map] failover A -> B: " + failover + "; START STOP UNIT per path " + startStops()
                + "; INFO " + map.status(StatusType.INFO));
        assertEquals(CTRL_B, msa.msa().activeController(), "controller B is active");
        assertFalse(msa.msa().switching());
        Map<String, Long> toB = startStops();
        assertTrue(toB.keySet().stream().allMatch(p -> p.startsWith("sim:m/B")), "only through B: " + toB);
        assertTrue(toB.values().stream().anyMatch(n -> n >= 2), "02/04/03 during the switch-over, sent again: " + toB);
        // group B carried the writes after the failover; one of its paths may have been failed by its own pg_init
        // (its TEST UNIT READY met the sibling's switch-over: 02/04/03, as Linux's tur_done fails it)
        assertTrue(failover.iosPerPath().get("sim:m/A0/0") > 0
                && failover.iosPerPath().get("sim:m/B0/0") + failover.iosPerPath().get("sim:m/B1/0") > 0,
                failover.toString());
        assertTrue(map.status(StatusType.INFO).startsWith("2 0 1 0 2 2 E 0 2 0 sim:m/A0/0 F 1 sim:m/A1/0 F 1 A 0 "),
                map.status(StatusType.INFO));
        assertEquals(Map.of("A0", "down 0", "A1", "down 0", "B0", "up 4", "B1", "up 4"), checkedAndPrioritized());

        // failback: the ports return (A is standby now), the paths are reinstated, switch_group 1
        msa.port("A0").faults().linkUp();
        msa.port("A1").faults().linkUp();
        assertEquals(Map.of("A0", "ghost 2", "A1", "ghost 2", "B0", "up 4", "B1", "up 4"), checkedAndPrioritized());
        recorder.clear();
        map.message("reinstate_path", "sim:m/A0/0");
        map.message("reinstate_path", "sim:m/A1/0");
        map.message("switch_group", "1");
        FailoverWorkload.Result failback = workload(map, Long.MAX_VALUE, () -> { });
        System.out.println("[hp_sw-map] failback B -> A (switch_group 1): " + failback + "; START STOP UNIT per path "
                + startStops());
        assertEquals(CTRL_A, msa.msa().activeController());
        assertTrue(startStops().keySet().stream().allMatch(p -> p.startsWith("sim:m/A")), startStops().toString());
        assertEquals(List.of(0L, 0L), List.of(failback.iosPerPath().get("sim:m/B0/0"),
                failback.iosPerPath().get("sim:m/B1/0")), "group 1 carried every write");
        assertEquals(Map.of("A0", "up 4", "A1", "up 4", "B0", "ghost 2", "B1", "ghost 2"), checkedAndPrioritized());
        assertTrue(map.validPaths() >= 3, map.status(StatusType.INFO));
    }
}
