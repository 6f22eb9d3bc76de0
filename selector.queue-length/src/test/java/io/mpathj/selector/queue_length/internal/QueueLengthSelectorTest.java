package io.mpathj.selector.queue_length.internal;

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
import io.mpathj.testkit.FakeMapPath;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueueLengthSelectorTest {
    private final List<String> warnings = new ArrayList<>();
    private final QueueLengthPathSelectorType type = new QueueLengthPathSelectorType(warnings::add);
    private final PathSelector ql = type.create(List.of());
    private final FakeMapPath a = new FakeMapPath("a", null);
    private final FakeMapPath b = new FakeMapPath("b", null);
    private final FakeMapPath c = new FakeMapPath("c", null);

    @Test
    void typeIsTheKernelsQueueLength() {
        assertEquals("queue-length", QueueLengthPathSelectorType.NAME);
        assertEquals("queue-length", new QueueLengthPathSelectorType().toString());
        assertEquals(1, type.tableArgs());
        assertEquals(1, type.infoArgs());
    }

    /** ql_create ignores its arguments: the kernel accepted "queue-length 1 x 2 0 8:0 8:16". */
    @Test
    void groupArgsAreIgnoredAndEachGroupGetsItsOwnSelector() throws Exception {
        PathSelector other = type.create(List.of("x"));
        assertNotSame(ql, other);
        add(ql, a, b);
        add(other, c);
        ql.startIo(a, 512);
        assertSelects(ql, b, b);
        assertSelects(other, c, c);
        assertEquals(List.of(), ql.groupStatus(StatusType.TABLE));
        assertEquals(List.of(), ql.groupStatus(StatusType.INFO));
    }

    @Test
    void emptySelectorSelectsNothing() {
        assertNull(ql.select(4096));
    }

    @Test
    void thePathWithFewestIosInFlightIsChosen() throws Exception {
        add(ql, a, b, c);
        load(a, 3);
        load(b, 1);
        load(c, 2);
        assertSelects(ql, b, b);
        load(b, 2); // a 3, b 3, c 2
        assertSelects(ql, c);
        ql.endIo(a, 512, 0); // a 2, c 2: a comes first in the list (b and c were moved behind it)
        assertSelects(ql, a);
    }

    @Test
    void sizeDoesNotMatterOnlyTheCount() throws Exception {
        add(ql, a, b);
        ql.startIo(a, 1 << 20);
        ql.startIo(b, 512);
        ql.startIo(b, 512);
        assertSelects(ql, a);
    }

    @Test
    void equallyLoadedPathsTakeTurnsBecauseTheChosenOneMovesToTheTail() throws Exception {
        add(ql, a, b, c);
        assertSelects(ql, a, b, c, a, b);
        load(a, 1);
        load(b, 1);
        load(c, 1);
        assertSelects(ql, c, a, b, c);
    }

    @Test
    void aFailedPathIsNotChosenEvenWhenIdleAndItsIosStillEnd() throws Exception {
        add(ql, a, b);
        load(a, 2);
        load(b, 5);
        ql.failPath(a);
        assertSelects(ql, b, b);
        ql.endIo(a, 512, 0);
        assertEquals(List.of("1"), ql.pathStatus(a, StatusType.INFO));
        ql.reinstatePath(a);
        assertSelects(ql, a);
    }

    @Test
    void aReinstatedPathGoesToTheTail() throws Exception {
        add(ql, a, b, c);
        ql.failPath(a);
        ql.reinstatePath(a); // b, c, a
        assertSelects(ql, b, c, a, b);
        ql.reinstatePath(c); // a usable path moves to the tail too: a, b, c
        ql.reinstatePath(a); // b, c, a
        assertSelects(ql, b, c, a);
    }

    @Test
    void failingTwiceKeepsThePathFailedAndAllFailedSelectsNull() throws Exception {
        add(ql, a, b);
        ql.failPath(a);
        ql.failPath(a);
        assertSelects(ql, b, b);
        ql.failPath(b);
        assertNull(ql.select(512));
        ql.reinstatePath(b);
        assertSelects(ql, b);
    }

    @Test
    void anIoThatEndsWithoutStartingHereNeverTakesTheCountBelowZero() throws Exception {
        add(ql, a, b);
        ql.endIo(a, 512, 0); // started on the map's previous selector for this group
        assertEquals(List.of("0"), ql.pathStatus(a, StatusType.INFO));
        load(a, 1);
        assertSelects(ql, b);
        // a path this selector does not hold is ignored on the I/O path, refused elsewhere
        FakeMapPath stranger = new FakeMapPath("x", null);
        ql.startIo(stranger, 512);
        ql.endIo(stranger, 512, 0);
        assertThrows(IllegalArgumentException.class, () -> ql.failPath(stranger));
        assertThrows(IllegalArgumentException.class, () -> ql.pathStatus(stranger, StatusType.INFO));
    }

    @Test
    void moreThanOnePathArgIsRefused() {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> ql.addPath(a, List.of("1", "1")));
        assertEquals("queue-length ps: incorrect number of arguments", e.getMessage());
        assertNull(a.selectorContext());
        assertNull(ql.select(512));
    }

    /** sscanf("%u%c"): the kernel's %u takes no sign (6.1 refused "+2"), nor anything after the digits. */
    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", " ", "x", "+2", "-1", "1 ", "1x", "0x10", "1.0"})
    void aRepeatCountThatIsNotAnUnsignedNumberIsRefused(String arg) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> ql.addPath(a, List.of(arg)));
        assertEquals("queue-length ps: invalid repeat count", e.getMessage());
        assertNull(a.selectorContext());
        assertTrue(warnings.isEmpty());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource({"0, 0, false", "1, 1, false", "001, 1, false", "5, 1, true", "128, 1, true",
        "4294967296, 0, false", "4294967297, 1, false"})
    void repeatCountAboveOneIsUsedAsOneWithTheKernelsWarning(String arg, String tableWord, boolean warns)
            throws Exception {
        ql.addPath(a, List.of(arg));
        assertEquals(List.of(tableWord), ql.pathStatus(a, StatusType.TABLE));
        assertEquals(warns ? List.of("repeat_count > 1 is deprecated, using 1 instead") : List.of(), warnings);
    }

    @Test
    void missingRepeatCountIsOneAndTheWarningComesOncePerSelector() throws Exception {
        ql.addPath(a, List.of());
        ql.addPath(b, List.of("2"));
        ql.addPath(c, List.of("3"));
        assertEquals(List.of("1"), ql.pathStatus(a, StatusType.TABLE));
        assertEquals(List.of("repeat_count > 1 is deprecated, using 1 instead"), warnings);
    }

    /** Documentation/admin-guide/device-mapper/dm-queue-length.rst's example, with 0.2.0's clamp: 128 reads as 1. */
    @Test
    void theKernelDocExampleStatusWords() throws Exception {
        ql.addPath(a, List.of("128"));
        ql.addPath(b, List.of("128"));
        for (FakeMapPath p : List.of(a, b)) {
            assertEquals(List.of("1"), ql.pathStatus(p, StatusType.TABLE));
            assertEquals(List.of("0"), ql.pathStatus(p, StatusType.INFO));
        }
        load(b, 3);
        assertEquals(List.of("3"), ql.pathStatus(b, StatusType.INFO));
        ql.endIo(b, 512, 0);
        assertEquals(List.of("2"), ql.pathStatus(b, StatusType.INFO));
    }

    @Test
    void addingThePathTwiceIsAnError() throws Exception {
        add(ql, a, b);
        assertThrows(IllegalStateException.class, () -> ql.addPath(a, List.of()));
        assertSelects(ql, a, b, a);
    }

    @Test
    void closeForgetsEveryPathAndClearsItsContext() throws Exception {
        add(ql, a, b, c);
        ql.failPath(b);
        ql.close();
        assertNull(ql.select(512));
        for (FakeMapPath p : List.of(a, b, c)) {
            assertNull(p.selectorContext());
        }
        PathSelector next = type.create(List.of());
        add(next, c, a);
        assertSelects(next, c, a);
    }

    @Test
    void selectDoesNotAllocate() throws Exception {
        add(ql, a, b, c);
        ql.failPath(b);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += io(ql.select(512));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += io(ql.select(512));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "select, startIo and endIo allocated " + allocated + " bytes (" + sink + ")");
    }

    /**
     * Threads select, start and end I/Os while another fails and reinstates b: only added paths are chosen, a and c
     * never fail so no select finds nothing, and once every I/O ended every count is back to 0.
     */
    @Test
    void concurrentIoWithMembershipChangesKeepsCountsExact() throws Exception {
        add(ql, a, b, c);
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(CompletableFuture.supplyAsync(() -> {
                int nulls = 0;
                while (!stop.get()) {
                    MapPath p = ql.select(512);
                    if (p == null) {
                        nulls++;
                        continue;
                    }
                    if (!Set.of(a, b, c).contains(p)) {
                        throw new AssertionError("selected " + p.name());
                    }
                    ql.startIo(p, 512);
                    Thread.onSpinWait();
                    ql.endIo(p, 512, 0);
                }
                return nulls;
            }));
        }
        for (int i = 0; i < 20_000; i++) {
            ql.failPath(b);
            ql.reinstatePath(b);
        }
        stop.set(true);
        for (CompletableFuture<Integer> w : workers) {
            assertEquals(0, w.get(30, TimeUnit.SECONDS));
        }
        for (FakeMapPath p : List.of(a, b, c)) {
            assertEquals(List.of("0"), ql.pathStatus(p, StatusType.INFO), p.name());
        }
    }

    private long io(MapPath p) {
        ql.startIo(p, 512);
        ql.endIo(p, 512, 0);
        return p.hashCode();
    }

    private void load(MapPath path, int ios) {
        for (int i = 0; i < ios; i++) {
            ql.startIo(path, 512);
        }
    }

    private static void add(PathSelector selector, FakeMapPath... paths) throws InvalidArgumentsException {
        for (FakeMapPath p : paths) {
            selector.addPath(p, List.of());
        }
    }

    private static void assertSelects(PathSelector selector, MapPath... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertSame(expected[i], selector.select(512), "select #" + (i + 1));
        }
    }
}
