package io.mpathj.selector.io_affinity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.testkit.TestMap;
import io.mpathj.testkit.SlowPathRig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** io-affinity in real maps over a simulated array, with 4 CPUs and the submitting CPU set by the test. */
class IoAffinityMapTest {
    private static final String TABLE = "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 3 sim:i/P1/0 c";
    private final AtomicInteger cpu = new AtomicInteger();
    private final List<String> warnings = new ArrayList<>();
    private SlowPathRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SlowPathRig(IoAffinityPathSelectorType.NAME,
                new IoAffinityPathSelectorType(4, cpu::get, warnings::add), "i");
    }

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void theSubmittingCpusPathCarriesItsIoAndAFailedPathsGoesToTheOther() throws Exception {
        TestMap map = rig.create("i", TABLE);
        rig.slowDown(1, 1);
        cpu.set(3);
        assertEquals(List.of(0L, 200L), rig.writesPerPath(map, 200, 8));
        cpu.set(0);
        assertEquals(List.of(200L, 0L), rig.writesPerPath(map, 200, 8));
        map.message(List.of("fail_path", "sim:i/P0/0"));
        assertEquals(List.of(0L, 200L), rig.writesPerPath(map, 200, 8));
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:i/P0/0 F 1 0 sim:i/P1/0 A 0 0 ", map.status(StatusType.INFO));
    }

    @Test
    void submissionsFromAnUnclaimedCpuAreCountedAsMisses() throws Exception {
        TestMap map = rig.create("i", "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 2 sim:i/P1/0 8");
        rig.slowDown(1, 1);
        cpu.set(2); // no path: the lowest CPU with one is 1, P0
        assertEquals(List.of(100L, 0L), rig.writesPerPath(map, 100, 4));
        String info = map.status(StatusType.INFO);
        // every write and every read-back was a miss
        assertEquals("2 0 0 0 1 1 A 0 2 1 sim:i/P0/0 A 0 200 sim:i/P1/0 A 0 200 ", info.replaceAll(" \\d{3} ", " 200 "));
    }

    /** Tables read and printed back: the masks over 4 CPUs, the group's 0 args. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        TABLE + "|" + TABLE,
        "0 0 1 1 io-affinity 2 x y 2 1 sim:i/P0/0 03 sim:i/P1/0 0000000C|" + TABLE,
        "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 7 sim:i/P1/0 ,8|0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 7 sim:i/P1/0 8"})
    void tablesAreReadAndPrintedAsTheKernelDoes(String table, String printed) throws Exception {
        assertEquals(printed + " ", rig.create("i", table).status(StatusType.TABLE));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 1 1 io-affinity 0 2 0 sim:i/P0/0 sim:i/P1/0|io-affinity ps: invalid number of arguments",
        "0 0 1 1 io-affinity 0 2 2 sim:i/P0/0 1 1 sim:i/P1/0 2 2|io-affinity ps: invalid number of arguments",
        "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 1 sim:i/P1/0 0x2|io-affinity ps: invalid cpumask",
        "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 1 sim:i/P1/0 10|io-affinity ps: invalid cpumask",
        "0 0 1 1 io-affinity 0 2 1 sim:i/P0/0 3 sim:i/P1/0 1|io-affinity ps: No new/valid CPU mapping found"})
    void badPathArgumentsFailTheTableWithTheKernelsText(String table, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> rig.create("i", table));
        assertEquals(error, e.getMessage());
    }
}
