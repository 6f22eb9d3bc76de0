package io.mpathj.selector.io_affinity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import io.mpathj.testkit.FakeMapPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IoAffinitySelectorTest {
    private final AtomicInteger cpu = new AtomicInteger();
    private final List<String> warnings = new ArrayList<>();
    private final IoAffinityPathSelectorType type = new IoAffinityPathSelectorType(4, cpu::get, warnings::add);
    private final PathSelector s = type.create(List.of());
    private final FakeMapPath a = new FakeMapPath("a", null);
    private final FakeMapPath b = new FakeMapPath("b", null);

    private MapPath on(int c) {
        cpu.set(c);
        return s.select(4096);
    }

    @Test
    void typeIsTheKernelsIoAffinity() {
        assertEquals("io-affinity", new IoAffinityPathSelectorType().toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), new IoAffinityPathSelectorType().cpus());
        assertEquals(1, type.tableArgs());
        assertEquals(1, type.infoArgs());
    }

    /** ioa_create ignores its arguments. */
    @Test
    void groupArgsAreIgnoredAndThereAreNoGroupWords() throws Exception {
        PathSelector other = type.create(List.of("x", "y"));
        assertNotSame(s, other);
        assertEquals(List.of(), other.groupStatus(StatusType.TABLE));
        assertEquals(List.of(), other.groupStatus(StatusType.INFO));
    }

    @Test
    void eachCpuUsesItsPath() throws Exception {
        s.addPath(a, List.of("3"));
        s.addPath(b, List.of("c"));
        assertEquals(List.of(a, a, b, b), List.of(on(0), on(1), on(2), on(3)));
        assertEquals(List.of("3"), s.pathStatus(a, StatusType.TABLE));
        assertEquals(List.of("c"), s.pathStatus(b, StatusType.TABLE));
        assertEquals(List.of("0"), s.pathStatus(a, StatusType.INFO));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFailedPathsCpusUseTheLowestCpusUsablePathAndAreNoMiss() throws Exception {
        FakeMapPath c = new FakeMapPath("c", null);
        s.addPath(a, List.of("1"));
        s.addPath(b, List.of("2"));
        s.addPath(c, List.of("c"));
        s.failPath(a);
        assertEquals(List.of(b, b, c, c), List.of(on(0), on(1), on(2), on(3)));
        s.failPath(b);
        assertEquals(List.of(c, c, c, c), List.of(on(0), on(1), on(2), on(3)));
        s.failPath(c);
        assertNull(on(3));
        s.reinstatePath(a);
        assertSame(a, on(3));
        assertEquals(List.of("0"), s.pathStatus(a, StatusType.INFO));
    }

    @Test
    void aCpuNoPathClaimedIsAMissCountedForTheGroup() throws Exception {
        s.addPath(a, List.of("2"));
        s.addPath(b, List.of("8"));
        assertSame(a, on(1));
        assertSame(a, on(0)); // a miss: the lowest CPU with a path is 1
        assertSame(a, on(2)); // a miss
        assertSame(b, on(3));
        assertEquals(List.of("2"), s.pathStatus(a, StatusType.INFO));
        assertEquals(List.of("2"), s.pathStatus(b, StatusType.INFO));
    }

    @Test
    void aCpuTwoPathsClaimStaysWithTheFirst() throws Exception {
        s.addPath(a, List.of("3"));
        s.addPath(b, List.of("6"));
        assertEquals(List.of("CPU mapping for 1 exists. Ignoring."), warnings);
        assertEquals(List.of(a, a, b, a), List.of(on(0), on(1), on(2), on(3))); // CPU 3: a miss, the lowest: a
        assertEquals(List.of("6"), s.pathStatus(b, StatusType.TABLE)); // printed as given
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "NONE|io-affinity ps: invalid number of arguments",
        "1 2|io-affinity ps: invalid number of arguments",
        "x|io-affinity ps: invalid cpumask",
        "10|io-affinity ps: invalid cpumask",
        "0x1|io-affinity ps: invalid cpumask",
        "0|io-affinity ps: No new/valid CPU mapping found",
        "''|io-affinity ps: No new/valid CPU mapping found",
        "3|io-affinity ps: No new/valid CPU mapping found"})
    void badPathArgumentsAreRefusedWithTheKernelsText(String args, String error) throws Exception {
        s.addPath(a, List.of("3"));
        List<String> words = args.equals("NONE") ? List.of() : List.of(args.split(" ", -1));
        assertEquals(error, assertThrows(InvalidArgumentsException.class, () -> s.addPath(b, words)).getMessage());
        assertEquals(List.of(a, a), List.of(on(0), on(1)));
    }

    /** With the default stripes, a thread's CPU is its id modulo the count: the same path for all its I/O. */
    @Test
    void aThreadAlwaysUsesItsStripesPath() throws Exception {
        IoAffinityPathSelectorType striped = new IoAffinityPathSelectorType(4, warnings::add);
        PathSelector t = striped.create(List.of());
        List<MapPath> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FakeMapPath p = new FakeMapPath("p" + i, null);
            t.addPath(p, List.of(Integer.toHexString(1 << i)));
            paths.add(p);
        }
        for (int i = 0; i < 3; i++) {
            assertSame(paths.get((int) (Thread.currentThread().getId() % 4)), t.select(512));
        }
        for (int n = 0; n < 6; n++) {
            CompletableFuture<long[]> other = new CompletableFuture<>();
            Thread thread = new Thread(() -> other.complete(new long[] {Thread.currentThread().getId(),
                paths.indexOf(t.select(512)), paths.indexOf(t.select(512))}));
            thread.start();
            long[] r = other.get();
            assertEquals(r[0] % 4, r[1]);
            assertEquals(r[1], r[2]);
        }
    }

    @Test
    void closeForgetsThePaths() throws Exception {
        s.addPath(a, List.of("f"));
        s.close();
        assertNull(a.selectorContext());
        assertNull(on(0));
    }
}
