package io.mpathj.selector.queue_length.internal;

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

/** queue-length in real maps over a simulated array whose port P1 is slowed down with the sim's latency fault. */
class QueueLengthMapTest {
    private static final String TABLE = "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 1 sim:q/P1/0 1";
    private SlowPathRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SlowPathRig(QueueLengthPathSelectorType.NAME, new QueueLengthPathSelectorType(), "q", "r");
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theSlowPathGetsFarLessIoThanRoundRobinGivesIt() throws Exception {
        TestMap ql = rig.create("q", TABLE);
        TestMap rr = rig.create("r", "0 0 1 1 round-robin 0 2 0 sim:r/P0/0 sim:r/P1/0");
        rig.slowDown(1, 8);
        List<Long> qlSplit = rig.writesPerPath(ql, 2000, 8);
        List<Long> rrSplit = rig.writesPerPath(rr, 2000, 8);
        System.out.printf("2000 writes, 8 in flight, P0 1 ms, P1 8 ms: queue-length %s, round-robin %s%n", qlSplit,
                rrSplit);
        assertEquals(List.of(1000L, 1000L), rrSplit);
        assertEquals(2000, qlSplit.get(0) + qlSplit.get(1));
        assertTrue(qlSplit.get(1) < 2000 / 6, "queue-length sent " + qlSplit + " (fast, slow)");
    }

    @Test
    void withEqualPathsTheSplitIsEven() throws Exception {
        TestMap ql = rig.create("q", TABLE);
        rig.slowDown(2, 2);
        assertEquals(List.of(1000L, 1000L), rig.writesPerPath(ql, 2000, 8));
    }

    @Test
    void aFailedPathCarriesNothingAndOnceReinstatedItsShareAgain() throws Exception {
        TestMap ql = rig.create("q", TABLE);
        rig.slowDown(1, 1);
        ql.message(List.of("fail_path", "sim:q/P1/0"));
        assertEquals(List.of(200L, 0L), rig.writesPerPath(ql, 200, 8));
        assertTrue(ql.status(StatusType.INFO).endsWith("sim:q/P1/0 F 1 0 "), ql.status(StatusType.INFO));
        ql.message(List.of("reinstate_path", "sim:q/P1/0"));
        assertEquals(List.of(100L, 100L), rig.writesPerPath(ql, 200, 8));
    }

    @Test
    void infoShowsEachPathsIosInFlight() throws Exception {
        TestMap map = rig.create("q", TABLE);
        rig.slowDown(1, 8);
        for (int lba = 0; lba < 3; lba++) {
            map.write(lba, ByteBuffer.allocate(512)); // P0, then P1 (P0 busy), then P0 (1 each, P0 first)
        }
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 2 sim:q/P1/0 A 0 1 ", map.status(StatusType.INFO));
        rig.advance(1);
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 0 sim:q/P1/0 A 0 1 ", map.status(StatusType.INFO));
        rig.advance(7);
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:q/P0/0 A 0 0 sim:q/P1/0 A 0 0 ", map.status(StatusType.INFO));
    }

    /** Tables the kernel (6.1) was given, and the TABLE line it printed back; the last is the kernel doc's. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 5 sim:q/P1/0 5 | " + TABLE,
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 0 sim:q/P1/0 0 | 0 0 1 1 queue-length 0 2 1 sim:q/P0/0 0 sim:q/P1/0 0",
        "0 0 1 1 queue-length 1 x 2 0 sim:q/P0/0 sim:q/P1/0 | " + TABLE,
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 128 sim:q/P1/0 128 | " + TABLE})
    void tablesAreReadAndPrintedAsTheKernelDoes(String table, String printed) throws Exception {
        assertEquals(printed + " ", rig.create("q", table).status(StatusType.TABLE)); // the kernel's trailing space
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 queue-length 0 2 1 sim:q/P0/0 +2 sim:q/P1/0 +2 | queue-length ps: invalid repeat count",
        "0 0 1 1 queue-length 0 2 2 sim:q/P0/0 1 1 sim:q/P1/0 1 1 | queue-length ps: incorrect number of arguments"})
    void badPathArgumentsFailTheTableWithTheKernelsText(String table, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> rig.create("q", table));
        assertEquals(error, e.getMessage());
    }
}
