package io.mpathj.selector.round_robin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.selector.PathSelector;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundRobinSelectorTest {
    private final List<String> warnings = new ArrayList<>();
    private final RoundRobinPathSelectorType type = new RoundRobinPathSelectorType(warnings::add);
    private final PathSelector rr = type.create(List.of());
    private final TestPath a = new TestPath("a");
    private final TestPath b = new TestPath("b");
    private final TestPath c = new TestPath("c");

    @Test
    void typeIsTheKernelsRoundRobin() {
        assertEquals("round-robin", RoundRobinPathSelectorType.NAME);
        assertEquals("round-robin", new RoundRobinPathSelectorType().toString());
        assertEquals(1, type.tableArgs());
        assertEquals(0, type.infoArgs());
    }

    @Test
    void groupArgsAreIgnoredAndEachGroupGetsItsOwnSelector() throws Exception {
        PathSelector other = type.create(List.of("3", "x", "-1"));
        assertNotSame(rr, other);
        add(rr, a, b);
        add(other, c);
        assertSelects(rr, a, b, a);
        assertSelects(other, c, c);
    }

    @Test
    void emptySelectorSelectsNothing() {
        assertNull(rr.select(4096));
    }

    @Test
    void selectRotatesThroughPathsInTheOrderTheyWereAdded() throws Exception {
        add(rr, a, b, c);
        assertSelects(rr, a, b, c, a, b, c, a);
    }

    @Test
    void addPathAppendsAtTheTailOfTheCurrentRotation() throws Exception {
        add(rr, a, b);
        assertSelects(rr, a); // rotation is now b, a
        add(rr, c);
        assertSelects(rr, b, a, c, b);
    }

    @Test
    void selectsRacingWithFailAndReinstateOnlyEverChooseAddedPaths() throws Exception {
        add(rr, a, b, c);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Integer> selecting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int nulls = 0;
            while (!stop.get()) {
                MapPath p = rr.select(512);
                if (p == null) {
                    nulls++;
                } else if (p != a && p != b && p != c) {
                    throw new AssertionError("selected " + p.name());
                }
            }
            return nulls;
        });
        for (int i = 0; i < 20_000; i++) {
            rr.failPath(b);
            rr.reinstatePath(b);
        }
        stop.set(true);
        // a and c never fail, so the rotation is never empty
        assertEquals(0, selecting.get(30, java.util.concurrent.TimeUnit.SECONDS));
        rr.failPath(a);
        rr.failPath(c);
        assertSelects(rr, b, b);
    }

    @Test
    void failedPathIsSkipped() throws Exception {
        add(rr, a, b, c);
        rr.failPath(b);
        assertSelects(rr, a, c, a, c);
    }

    @Test
    void reinstatedPathIsChosenFirst() throws Exception {
        add(rr, a, b, c);
        assertSelects(rr, a); // rotation b, c, a
        rr.failPath(c); // b, a
        assertSelects(rr, b); // a, b
        rr.reinstatePath(c); // c, a, b
        assertSelects(rr, c, a, b, c);
    }

    @Test
    void reinstatingAnActivePathMovesItToTheHeadLikeListMove() throws Exception {
        add(rr, a, b, c);
        rr.reinstatePath(c);
        assertSelects(rr, c, a, b);
    }

    @Test
    void failingTwiceKeepsThePathFailed() throws Exception {
        add(rr, a, b);
        rr.failPath(a);
        rr.failPath(a);
        assertSelects(rr, b, b);
    }

    @Test
    void allPathsFailedSelectsNullUntilOneIsReinstated() throws Exception {
        add(rr, a, b, c);
        rr.failPath(a);
        rr.failPath(b);
        rr.failPath(c);
        assertNull(rr.select(512));
        assertNull(rr.select(512));
        rr.reinstatePath(b);
        assertSelects(rr, b, b);
        rr.reinstatePath(a);
        assertSelects(rr, a, b, a);
    }

    @Test
    void ioAccountingDoesNotChangeTheRotation() throws Exception {
        add(rr, a, b);
        rr.startIo(a, 4096);
        rr.endIo(a, 4096, System.nanoTime());
        assertSelects(rr, a, b, a);
    }

    @Test
    void moreThanOnePathArgIsRefused() {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> rr.addPath(a, List.of("1", "1")));
        assertEquals("round-robin ps: incorrect number of arguments", e.getMessage());
        assertNull(a.selectorContext());
        assertNull(rr.select(512));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", " ", "\t", "x", "-1", "+1", "1.0", "1 ", "1\n", "1x", "0x10", "1e3", "\u0663",
        "\uFF11", "\u00A01", "\u0000"})
    void nonIntegerRepeatCountIsRefused(String arg) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> rr.addPath(a, List.of(arg)));
        assertEquals("round-robin ps: invalid repeat count", e.getMessage());
        assertNull(a.selectorContext());
        assertNull(rr.select(512));
        assertTrue(warnings.isEmpty());
    }

    /** What sscanf("%u%c") keeps, and what the TABLE status prints back after clamping. */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "1 | 1 | false",
        "0 | 0 | false",
        "' 1' | 1 | false",
        "'\t\n\u000B\f\r0' | 0 | false",
        "001 | 1 | false",
        "4294967296 | 0 | false",
        "4294967297 | 1 | false",
        "18446744073709551617 | 1 | false",
        "2 | 1 | true",
        "128 | 1 | true",
        "4294967295 | 1 | true",
        "99999999999 | 1 | true"})
    void repeatCountIsParsedLikeTheKernelAndClampedToOne(String arg, String tableWord, boolean warns)
            throws Exception {
        rr.addPath(a, List.of(arg));
        assertEquals(List.of(tableWord), rr.pathStatus(a, StatusType.TABLE));
        assertEquals(warns ? List.of("repeat_count > 1 is deprecated, using 1 instead") : List.of(), warnings);
        assertSelects(rr, a, a);
    }

    @Test
    void nulEndsTheArgumentLikeACString() throws Exception {
        rr.addPath(a, List.of("7\u0000junk"));
        assertEquals(List.of("1"), rr.pathStatus(a, StatusType.TABLE));
        assertEquals(1, warnings.size());
    }

    @Test
    void missingRepeatCountDefaultsToOne() throws Exception {
        rr.addPath(a, List.of());
        assertEquals(List.of("1"), rr.pathStatus(a, StatusType.TABLE));
        assertTrue(warnings.isEmpty());
    }

    @Test
    void deprecationWarningIsLoggedOncePerSelector() throws Exception {
        rr.addPath(a, List.of("1000"));
        rr.addPath(b, List.of("2"));
        assertEquals(List.of("repeat_count > 1 is deprecated, using 1 instead"), warnings);
        type.create(List.of()).addPath(c, List.of("5"));
        assertEquals(2, warnings.size());
    }

    @Test
    void statusWordsMatchTableArgsAndInfoArgs() throws Exception {
        rr.addPath(a, List.of("128"));
        rr.addPath(b, List.of());
        rr.failPath(b);
        for (TestPath p : List.of(a, b)) {
            assertEquals(List.of("1"), rr.pathStatus(p, StatusType.TABLE));
            assertEquals(type.tableArgs(), rr.pathStatus(p, StatusType.TABLE).size());
            assertEquals(type.infoArgs(), rr.pathStatus(p, StatusType.INFO).size());
        }
        assertEquals(List.of(), rr.groupStatus(StatusType.TABLE));
        assertEquals(List.of(), rr.groupStatus(StatusType.INFO));
    }

    @Test
    void pathOfAnotherSelectorIsRejected() throws Exception {
        PathSelector other = type.create(List.of());
        other.addPath(c, List.of());
        assertThrows(IllegalArgumentException.class, () -> rr.failPath(c));
        assertThrows(IllegalArgumentException.class, () -> rr.reinstatePath(c));
        assertThrows(IllegalArgumentException.class, () -> rr.pathStatus(c, StatusType.TABLE));
        assertThrows(IllegalArgumentException.class, () -> rr.failPath(a));
        assertSelects(other, c);
    }

    @Test
    void addingThePathTwiceIsAnError() throws Exception {
        add(rr, a, b);
        assertThrows(IllegalStateException.class, () -> rr.addPath(a, List.of()));
        assertSelects(rr, a, b, a);
    }

    @Test
    void closeForgetsEveryPathAndClearsItsContext() throws Exception {
        add(rr, a, b, c);
        rr.failPath(b);
        rr.close();
        assertNull(rr.select(512));
        for (TestPath p : List.of(a, b, c)) {
            assertNull(p.selectorContext());
        }
        PathSelector next = type.create(List.of());
        add(next, c, a);
        assertSelects(next, c, a);
    }

    @Test
    void selectDoesNotAllocate() throws Exception {
        add(rr, a, b, c);
        rr.failPath(b);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm up
            sink += rr.select(512).hashCode();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += rr.select(512).hashCode();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // one 16-byte object per select would be 1.6 MB; allow only the measurement's own noise
        assertTrue(allocated < 4096, "select allocated " + allocated + " bytes (" + sink + ")");
    }

    @Test
    void concurrentSelectsKeepAStrictRotation() throws Exception {
        TestPath d = new TestPath("d");
        add(rr, a, b, c, d);
        int threads = 4;
        int perThread = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Map<MapPath, Integer>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    Map<MapPath, Integer> counts = new HashMap<>();
                    for (int i = 0; i < perThread; i++) {
                        counts.merge(rr.select(512), 1, Integer::sum);
                    }
                    return counts;
                });
            }
            Map<MapPath, Integer> total = new HashMap<>();
            for (Future<Map<MapPath, Integer>> f : pool.invokeAll(tasks)) {
                f.get().forEach((p, n) -> total.merge(p, n, Integer::sum));
            }
            int each = threads * perThread / 4;
            assertEquals(Map.of(a, each, b, each, c, each, d, each), total);
        } finally {
            pool.shutdownNow();
        }
        assertSelects(rr, a, b, c, d, a);
    }

    private static void add(PathSelector selector, TestPath... paths) throws InvalidArgumentsException {
        for (TestPath p : paths) {
            selector.addPath(p, List.of());
        }
    }

    private static void assertSelects(PathSelector selector, MapPath... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertSame(expected[i], selector.select(512), "select #" + (i + 1));
        }
    }
}
