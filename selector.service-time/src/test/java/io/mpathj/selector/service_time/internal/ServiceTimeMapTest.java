package io.mpathj.selector.service_time.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.testkit.TestMap;
import io.mpathj.testkit.SlowPathRig;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** service-time in real maps over simulated arrays whose port P1 is slowed down with the sim's latency fault. */
class ServiceTimeMapTest {
    private static final String TABLE = "0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 1 sim:s/P1/0 1 1";
    private SlowPathRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SlowPathRig(ServiceTimePathSelectorType.NAME, new ServiceTimePathSelectorType(), "s", "w", "r");
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theSlowPathGetsFarLessIoThanRoundRobinGivesIt() throws Exception {
        TestMap st = rig.create("s", TABLE);
        // the relative throughputs tell it P0 is 8 times faster
        TestMap weighted = rig.create("w", "0 0 1 1 service-time 0 2 2 sim:w/P0/0 1 8 sim:w/P1/0 1 1");
        TestMap rr = rig.create("r", "0 0 1 1 round-robin 0 2 0 sim:r/P0/0 sim:r/P1/0");
        rig.slowDown(1, 8);
        List<Long> stSplit = rig.writesPerPath(st, 2000, 8);
        List<Long> weightedSplit = rig.writesPerPath(weighted, 2000, 8);
        List<Long> rrSplit = rig.writesPerPath(rr, 2000, 8);
        System.out.printf("2000 writes, 8 in flight, P0 1 ms, P1 8 ms: service-time 1:1 %s, service-time 8:1 %s, "
                + "round-robin %s%n", stSplit, weightedSplit, rrSplit);
        assertEquals(List.of(1000L, 1000L), rrSplit);
        assertEquals(2000, stSplit.get(0) + stSplit.get(1));
        assertTrue(stSplit.get(1) < 2000 / 6, "service-time sent " + stSplit + " (fast, slow)");
        assertTrue(weightedSplit.get(1) < stSplit.get(1), "8:1 sent " + weightedSplit + ", 1:1 " + stSplit);
    }

    @Test
    void withEqualPathsTheSplitIsEven() throws Exception {
        TestMap st = rig.create("s", TABLE);
        rig.slowDown(2, 2);
        assertEquals(List.of(1000L, 1000L), rig.writesPerPath(st, 2000, 8));
    }

    @Test
    void infoShowsEachPathsBytesInFlightAndThroughput() throws Exception {
        TestMap map = rig.create("s", "0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 1 sim:s/P1/0 1 4");
        rig.slowDown(1, 8);
        map.write(0, ByteBuffer.allocate(4096)); // P1: same (no) load, higher throughput
        map.write(8, ByteBuffer.allocate(512)); // P0: 512 * 4 < (4096 + 512) * 1
        assertEquals("2 0 0 0 1 1 A 0 2 2 sim:s/P0/0 A 0 512 1 sim:s/P1/0 A 0 4096 4 ", map.status(StatusType.INFO));
        rig.advance(1);
        assertEquals("2 0 0 0 1 1 A 0 2 2 sim:s/P0/0 A 0 0 1 sim:s/P1/0 A 0 4096 4 ", map.status(StatusType.INFO));
        rig.advance(7);
        assertEquals("2 0 0 0 1 1 A 0 2 2 sim:s/P0/0 A 0 0 1 sim:s/P1/0 A 0 0 4 ", map.status(StatusType.INFO));
    }

    /** Tables the kernel (6.1) was given, and the TABLE line it printed back: always 2 words a path. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 service-time 0 2 0 sim:s/P0/0 sim:s/P1/0 | " + TABLE,
        "0 0 1 1 service-time 0 2 1 sim:s/P0/0 5 sim:s/P1/0 5 | " + TABLE,
        "0 0 1 1 service-time 1 x 2 0 sim:s/P0/0 sim:s/P1/0 | " + TABLE,
        "0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 0 sim:s/P1/0 1 0 "
            + "| 0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 0 sim:s/P1/0 1 0",
        "0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 100 sim:s/P1/0 0 7 "
            + "| 0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 100 sim:s/P1/0 0 7",
        "0 0 1 1 service-time 0 2 2 sim:s/P0/0 128 1 sim:s/P1/0 128 4 "
            + "| 0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 1 sim:s/P1/0 1 4"})
    void tablesAreReadAndPrintedAsTheKernelDoes(String table, String printed) throws Exception {
        assertEquals(printed + " ", rig.create("s", table).status(StatusType.TABLE)); // the kernel's trailing space
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 service-time 0 2 2 sim:s/P0/0 +1 +5 sim:s/P1/0 1 1 | service-time ps: invalid repeat count",
        "0 0 1 1 service-time 0 2 2 sim:s/P0/0 1 101 sim:s/P1/0 1 1 "
            + "| service-time ps: invalid relative_throughput value",
        "0 0 1 1 service-time 0 2 3 sim:s/P0/0 1 1 1 sim:s/P1/0 1 1 1 "
            + "| service-time ps: incorrect number of arguments"})
    void badPathArgumentsFailTheTableWithTheKernelsText(String table, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> rig.create("s", table));
        assertEquals(error, e.getMessage());
    }
}
