package io.mpathj.selector.historical_service_time.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.testkit.TestMap;
import io.mpathj.api.map.PathView;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.SlowPathRig;
import io.mpathj.testkit.VerifiedWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * historical-service-time in real maps over simulated arrays. The selector measures service time with the map's
 * clock (System.nanoTime), so the behaviour test runs the sim on real time; the table tests use the manual clock.
 */
class HistoricalServiceTimeMapTest {
    private static final String TABLE = "0 0 1 1 historical-service-time 0 2 1 sim:h/P0/0 0 sim:h/P1/0 0";

    /** P0 answers in 0.2 ms, P1 in 5 ms, on real time: round-robin halves the writes, hst sends P1 few. */
    @Test
    void theSlowPathGetsFarLessIoThanRoundRobinGivesIt() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        SimArrayRegistry arrays = new SimArrayRegistry();
        List<SimArray> made = new ArrayList<>();
        for (String name : List.of("h", "r")) {
            SimArray array = SimArrayBuilder.alua(name, new SystemSimTime(timer)).powerOnUnitAttention(false)
                    .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, 4096, 512).build();
            arrays.add(array);
            made.add(array);
        }
        try (EngineHarness engine = new EngineHarness().selector(HistoricalServiceTimePathSelectorType.NAME,
                new HistoricalServiceTimePathSelectorType()).paths(arrays)) {
            TestMap hst = engine.create("h", "0 0 1 1 historical-service-time 0 2 0 sim:h/P0/0 sim:h/P1/0");
            TestMap rr = engine.create("r", "0 0 1 1 round-robin 0 2 0 sim:r/P0/0 sim:r/P1/0");
            for (SimArray array : made) {
                array.port("P0").faults().setLatency(Duration.ofNanos(200_000));
                array.port("P1").faults().setLatency(Duration.ofMillis(5));
            }
            List<Long> hstSplit = writesPerPath(hst, 1000, 8);
            List<Long> rrSplit = writesPerPath(rr, 1000, 8);
            System.out.printf("1000 writes, 8 in flight, P0 0.2 ms, P1 5 ms: historical-service-time %s, "
                    + "round-robin %s%n", hstSplit, rrSplit);
            // round-robin halves them (two submitting threads may each take the same next path now and then)
            assertEquals(1000, rrSplit.get(0) + rrSplit.get(1));
            assertTrue(Math.abs(rrSplit.get(0) - rrSplit.get(1)) <= 50, "round-robin sent " + rrSplit);
            assertEquals(1000, hstSplit.get(0) + hstSplit.get(1));
            assertTrue(hstSplit.get(1) < 1000 / 6, "historical-service-time sent " + hstSplit + " (fast, slow)");
            // INFO: P1's average is about 5 ms (in 1/1024 ns), nothing in flight, a stale-after time
            String info = hst.status(StatusType.INFO);
            assertTrue(info.matches("2 0 0 0 1 1 A 2 972 0 2 3 sim:h/P0/0 A 0 \\d+ 0 \\d+ sim:h/P1/0 A 0 \\d+ 0 \\d+ "),
                    info);
            long p1Average = Long.parseLong(info.split(" ")[21]);
            assertTrue(p1Average > 1024L * 2_000_000 && p1Average < 1024L * 50_000_000, info);
        } finally {
            for (SimArray array : made) {
                array.close();
            }
            timer.shutdownNow();
        }
    }

    private static List<Long> writesPerPath(TestMap map, int total, int depth) {
        List<Long> before = map.paths().stream().map(PathView::ios).toList();
        VerifiedWorkload workload = new VerifiedWorkload(map, total, depth);
        Runnable tick = () -> LockSupport.parkNanos(100_000);
        workload.write(tick, 200_000);
        List<Long> after = map.paths().stream().map(PathView::ios).toList();
        workload.verify(tick, 200_000);
        List<Long> split = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            split.add(after.get(i) - before.get(i));
        }
        return split;
    }

    /** Tables read and printed back: the group's "2 <base_weight> <threshold>", "0" for each path. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 historical-service-time 0 2 0 sim:h/P0/0 sim:h/P1/0 "
            + "| 0 0 1 1 historical-service-time 2 972 0 2 1 sim:h/P0/0 0 sim:h/P1/0 0",
        "0 0 1 1 historical-service-time 0 2 1 sim:h/P0/0 1 sim:h/P1/0 5 "
            + "| 0 0 1 1 historical-service-time 2 972 0 2 1 sim:h/P0/0 0 sim:h/P1/0 0",
        "0 0 1 1 historical-service-time 1 900 2 0 sim:h/P0/0 sim:h/P1/0 "
            + "| 0 0 1 1 historical-service-time 2 900 0 2 1 sim:h/P0/0 0 sim:h/P1/0 0",
        "0 0 1 1 historical-service-time 2 0 3 2 0 sim:h/P0/0 sim:h/P1/0 "
            + "| 0 0 1 1 historical-service-time 2 0 3 2 1 sim:h/P0/0 0 sim:h/P1/0 0"})
    void tablesAreReadAndPrintedAsTheKernelDoes(String table, String printed) throws Exception {
        try (SlowPathRig rig = rig()) {
            TestMap map = rig.create("h", table);
            assertEquals(printed + " ", map.status(StatusType.TABLE));
            // the printed table is a valid table that prints the same
            try (SlowPathRig again = rig()) {
                assertEquals(printed + " ", again.create("h", printed).status(StatusType.TABLE));
            }
        }
    }

    @Test
    void infoOfAnUnusedMapShowsTheStartingAverage() throws Exception {
        try (SlowPathRig rig = rig()) {
            assertEquals("2 1 0 0 1 1 E 2 972 0 2 3 sim:h/P0/0 A 0 1024 0 0 sim:h/P1/0 A 0 1024 0 0 ",
                    rig.create("h", TABLE).status(StatusType.INFO));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 historical-service-time 1 1024 2 0 sim:h/P0/0 sim:h/P1/0 | path selector constructor failed",
        "0 0 1 1 historical-service-time 1 x 2 0 sim:h/P0/0 sim:h/P1/0 | path selector constructor failed",
        "0 0 1 1 historical-service-time 2 1 -1 2 0 sim:h/P0/0 sim:h/P1/0 | path selector constructor failed",
        "0 0 1 1 historical-service-time 3 1 1 1 2 0 sim:h/P0/0 sim:h/P1/0 | path selector constructor failed",
        "0 0 1 1 historical-service-time 0 2 1 sim:h/P0/0 x sim:h/P1/0 1 "
            + "| historical-service-time ps: invalid repeat count",
        "0 0 1 1 historical-service-time 0 2 2 sim:h/P0/0 1 1 sim:h/P1/0 1 1 "
            + "| historical-service-time ps: incorrect number of arguments"})
    void badArgumentsFailTheTableWithTheKernelsText(String table, String error) throws Exception {
        try (SlowPathRig rig = rig()) {
            InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> rig.create("h", table));
            assertEquals(error, e.getMessage());
        }
    }

    private static SlowPathRig rig() throws Exception {
        return new SlowPathRig(HistoricalServiceTimePathSelectorType.NAME, new HistoricalServiceTimePathSelectorType(),
                "h");
    }
}
