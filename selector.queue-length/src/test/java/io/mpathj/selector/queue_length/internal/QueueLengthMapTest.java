package io.mpathj.selector.queue_length.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.map.MultipathMap.PathView;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.VerifiedWorkload;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * queue-length in real maps over simulated arrays (a manual clock, so every run is the same): two ports of one
 * active group, port P1 slowed down with the sim's latency fault.
 */
class QueueLengthMapTest {
    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final List<SimArray> made = new java.util.ArrayList<>();
    private EngineHarness engine;

    @BeforeEach
    void setUp() throws Exception {
        for (String name : List.of("q", "r")) {
            SimArray array = SimArrayBuilder.alua(name, time).powerOnUnitAttention(false)
                    .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, 4096, 512).build();
            arrays.add(array);
            made.add(array);
        }
        engine = new EngineHarness().selector(QueueLengthPathSelectorType.NAME, new QueueLengthPathSelectorType())
                .paths(arrays);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        for (SimArray array : made) {
            array.close();
        }
    }

    /**
     * P0 answers in 1 ms, P1 in 8 ms; set once the maps exist, since a table load waits for READ CAPACITY and
     * the manual clock does not move during it.
     */
    private void slowDownP1() {
        for (SimArray array : made) {
            array.port("P0").faults().setLatency(Duration.ofMillis(1));
            array.port("P1").faults().setLatency(Duration.ofMillis(8));
        }
    }

    /** The writes of a verified 8-deep workload that each path carried. */
    private List<Long> writesPerPath(MultipathMap map) {
        VerifiedWorkload workload = new VerifiedWorkload(map, 2000, 8);
        Runnable tick = () -> time.advance(Duration.ofMillis(1));
        workload.write(tick, 100_000);
        List<Long> split = map.paths().stream().map(PathView::ios).toList();
        workload.verify(tick, 100);
        return split;
    }

    @Test
    void theSlowPathGetsFarLessIoThanRoundRobinGivesIt() throws Exception {
        MultipathMap qlMap = engine.create("q", "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1");
        MultipathMap rrMap = engine.create("r", "0 0 1 1 round-robin 0 2 0 sim:r/P0/0 sim:r/P1/0");
        slowDownP1();
        List<Long> ql = writesPerPath(qlMap);
        List<Long> rr = writesPerPath(rrMap);
        System.out.printf("2000 writes, 8 in flight, P0 1 ms, P1 8 ms: queue-length %s, round-robin %s%n", ql, rr);
        assertEquals(List.of(1000L, 1000L), rr);
        assertEquals(2000, ql.get(0) + ql.get(1));
        assertTrue(ql.get(1) < 2000 / 6, "queue-length sent " + ql + " (fast, slow)");
    }

    @Test
    void infoShowsEachPathsIosInFlight() throws Exception {
        MultipathMap map = engine.create("q", "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1");
        slowDownP1();
        for (int lba = 0; lba < 3; lba++) {
            map.write(lba, ByteBuffer.allocate(512)); // P0, then P1 (P0 busy), then P0 (1 each, P0 first)
        }
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 2 sim:q/P1/0 A 0 1", map.status(StatusType.INFO));
        time.advance(Duration.ofMillis(1));
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 0 sim:q/P1/0 A 0 1", map.status(StatusType.INFO));
        time.advance(Duration.ofMillis(7));
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 0 sim:q/P1/0 A 0 0", map.status(StatusType.INFO));
    }

    /** Tables the kernel (6.1) was given, and the TABLE line it printed back. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 5 sim:q/P1/0 5 | 0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1",
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 0 sim:q/P1/0 0 | 0 0 1 1 queue-length 0 2 1 sim:q/P0/0 0 sim:q/P1/0 0",
        "0 0 1 1 queue-length 1 x 2 0 sim:q/P0/0 sim:q/P1/0 | 0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1",
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 128 sim:q/P1/0 128 "
            + "| 0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1"})
    void tablesAreReadAndPrintedAsTheKernelDoes(String table, String printed) throws Exception {
        assertEquals(printed, engine.create("q", table).status(StatusType.TABLE));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 +2 sim:q/P1/0 +2 | queue-length ps: invalid repeat count",
        "0 0 1 1 queue-length 0 2 2 sim:q/P0/0 1 1 sim:q/P1/0 1 1 | queue-length ps: incorrect number of arguments"})
    void badPathArgumentsFailTheTableWithTheKernelsText(String table, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> engine.create("q", table));
        assertEquals(error, e.getMessage());
    }
}
