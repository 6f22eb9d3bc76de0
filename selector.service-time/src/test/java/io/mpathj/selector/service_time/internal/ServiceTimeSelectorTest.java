package io.mpathj.selector.service_time.internal;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceTimeSelectorTest {
    private static final String DEPRECATED = "repeat_count > 1 is deprecated, using 1 instead";
    private final List<String> warnings = new ArrayList<>();
    private final ServiceTimePathSelectorType type = new ServiceTimePathSelectorType(warnings::add);
    private final PathSelector st = type.create(List.of());
    private final FakeMapPath a = new FakeMapPath("a", null);
    private final FakeMapPath b = new FakeMapPath("b", null);
    private final FakeMapPath c = new FakeMapPath("c", null);

    @Test
    void typeIsTheKernelsServiceTime() {
        assertEquals("service-time", ServiceTimePathSelectorType.NAME);
        assertEquals("service-time", new ServiceTimePathSelectorType().toString());
        assertEquals(2, type.tableArgs());
        assertEquals(2, type.infoArgs());
    }

    @Test
    void groupArgsAreIgnoredAndEachGroupGetsItsOwnSelector() throws Exception {
        PathSelector other = type.create(List.of("1", "x"));
        assertNotSame(st, other);
        st.addPath(a, List.of());
        other.addPath(b, List.of());
        assertSelects(st, 512, a, a);
        assertSelects(other, 512, b, b);
        assertEquals(List.of(), st.groupStatus(StatusType.TABLE));
        assertEquals(List.of(), st.groupStatus(StatusType.INFO));
        assertNull(type.create(List.of()).select(512));
    }

    @Test
    void sameThroughputFewerBytesInFlightWinsWhateverTheCount() throws Exception {
        add("1 2", a, b, c);
        st.startIo(a, 8192);
        st.startIo(b, 1024);
        st.startIo(b, 1024);
        st.startIo(b, 1024);
        st.startIo(c, 4096);
        assertSelects(st, 512, b);
        st.startIo(b, 4096); // a 8192, b 7168, c 4096
        assertSelects(st, 512, c);
    }

    @Test
    void sameBytesInFlightTheHigherThroughputWins() throws Exception {
        add("1 1", a);
        add("1 4", b);
        add("1 2", c);
        assertSelects(st, 512, b, b, b);
    }

    @Test
    void aPathOfThroughputZeroIsUsedOnlyWhenNoOtherIs() throws Exception {
        add("1 0", a);
        add("1 1", b);
        st.startIo(b, 1 << 30);
        assertSelects(st, 512, b, b);
        st.failPath(b);
        assertSelects(st, 512, a, a);
        add("1 0", c); // among paths of throughput 0 only the bytes in flight count
        st.startIo(a, 512);
        assertSelects(st, 512, c, c);
    }

    /** (in flight + incoming) / throughput: a is idle at throughput 1, b holds 4096 bytes at throughput 3. */
    @ParameterizedTest(name = "[{index}] {0} bytes -> {1}")
    @CsvSource({"512, a", "2047, a", "2048, b", "2049, b", "1048576, b"})
    void theIncomingSizeDecidesBetweenAnIdleSlowPathAndABusyFastOne(long incoming, String expected)
            throws Exception {
        add("1 1", a);
        add("1 3", b);
        st.startIo(b, 4096);
        // a while incoming * 3 < (4096 + incoming) * 1; at 2048 the service times tie and the higher throughput wins
        assertEquals(expected.equals("a") ? a : b, st.select(incoming));
    }

    @Test
    void equalServiceTimesGoToTheHigherThroughput() throws Exception {
        add("1 1", a);
        add("1 2", b);
        st.startIo(b, 4096);
        // (0 + 4096) / 1 == (4096 + 4096) / 2
        assertSelects(st, 4096, b);
    }

    @Test
    void fullyEqualPathsTakeTurnsBecauseTheChosenOneMovesToTheTail() throws Exception {
        add("", a, b, c);
        assertSelects(st, 512, a, b, c, a);
        st.failPath(a);
        st.reinstatePath(a); // to the tail: b, c, a
        assertSelects(st, 512, b, c, a);
    }

    @Test
    void sizesTooLargeToMultiplyAreShiftedDownFirst() {
        long huge = 1L << 60;
        // huge / 100 is far less than (huge / 2) / 1; multiplied unshifted, (huge / 2) * 100 would overflow
        assertTrue(ServiceTimeSelector.compareLoad(huge, 100, huge / 2, 1, 0) < 0);
        assertTrue(ServiceTimeSelector.compareLoad(huge / 2, 1, huge, 100, 0) > 0);
        assertTrue(ServiceTimeSelector.compareLoad(huge / 2, 1, huge, 100, Long.MAX_VALUE / 4) > 0);
    }

    @Test
    void compareLoadFollowsTheKernelsCases() {
        assertTrue(ServiceTimeSelector.compareLoad(100, 5, 200, 5, 1 << 20) < 0); // 1: same throughput
        assertEquals(0, ServiceTimeSelector.compareLoad(100, 5, 100, 5, 0));
        assertTrue(ServiceTimeSelector.compareLoad(100, 9, 100, 5, 0) < 0); // 2a: same size
        assertTrue(ServiceTimeSelector.compareLoad(0, 0, 1 << 30, 1, 0) > 0); // 2b: throughput 0
        assertTrue(ServiceTimeSelector.compareLoad(1 << 30, 1, 0, 0, 0) < 0);
        assertTrue(ServiceTimeSelector.compareLoad(0, 1, 4096, 3, 512) < 0); // 3: 512*3 < 4608*1
        assertTrue(ServiceTimeSelector.compareLoad(0, 1, 4096, 2, 4096) > 0); // 4: tie, throughput 2 wins
    }

    @Test
    void aFailedPathIsNotChosenAndItsIosStillEnd() throws Exception {
        add("", a, b);
        st.startIo(a, 4096);
        st.startIo(b, 1 << 20);
        st.failPath(a);
        st.failPath(a);
        assertSelects(st, 512, b, b);
        st.endIo(a, 4096, 0);
        assertEquals(List.of("0", "1"), st.pathStatus(a, StatusType.INFO));
        st.failPath(b);
        assertNull(st.select(512));
        st.reinstatePath(a);
        assertSelects(st, 512, a);
    }

    @Test
    void anIoThatEndsWithoutStartingHereNeverTakesTheSizeBelowZero() throws Exception {
        add("", a, b);
        st.startIo(a, 512);
        st.endIo(a, 4096, 0);
        assertEquals(List.of("0", "1"), st.pathStatus(a, StatusType.INFO));
        FakeMapPath stranger = new FakeMapPath("x", null);
        st.startIo(stranger, 512);
        st.endIo(stranger, 512, 0);
        assertThrows(IllegalArgumentException.class, () -> st.reinstatePath(stranger));
    }

    /** What the kernel (6.1) printed back for each path's args; "" is a path given none. */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(quoteCharacter = '\'', value = {"'', 1 1, false", "1, 1 1, false", "5, 1 1, true", "0, 0 1, false",
        "1 0, 1 0, false", "1 100, 1 100, false", "0 7, 0 7, false", "128 4, 1 4, true", "001 010, 1 10, false",
        "1 4294967297, 1 1, false"}) // %u wraps to 32 bits: 2^32 + 1 reads as 1
    void pathArgsAreReadClampedAndPrintedAsTwoWords(String args, String table, boolean warns) throws Exception {
        st.addPath(a, words(args));
        assertEquals(words(table), st.pathStatus(a, StatusType.TABLE));
        assertEquals(List.of("0", words(table).get(1)), st.pathStatus(a, StatusType.INFO));
        assertEquals(warns ? List.of(DEPRECATED) : List.of(), warnings);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(quoteCharacter = '\'', value = {
        "1 1 1, service-time ps: incorrect number of arguments",
        "+1 5, service-time ps: invalid repeat count",
        "-1, service-time ps: invalid repeat count",
        "x 1, service-time ps: invalid repeat count",
        "1 101, service-time ps: invalid relative_throughput value",
        "1 +5, service-time ps: invalid relative_throughput value",
        "1 -0, service-time ps: invalid relative_throughput value",
        "1 0x10, service-time ps: invalid relative_throughput value"})
    void badPathArgsAreRefusedWithTheKernelsText(String args, String error) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> st.addPath(a, words(args)));
        assertEquals(error, e.getMessage());
        assertNull(a.selectorContext());
        assertNull(st.select(512));
    }

    /** The kernel warns about the repeat count before it reads (and refuses) the throughput. */
    @Test
    void theRepeatCountWarningComesBeforeABadThroughputIsRefused() {
        assertThrows(InvalidArgumentsException.class, () -> st.addPath(a, List.of("5", "101")));
        assertEquals(List.of(DEPRECATED), warnings);
    }

    /** Documentation/admin-guide/device-mapper/dm-service-time.rst's examples, with 0.3.0's clamp of 128 to 1. */
    @Test
    void theKernelDocExamplesStatusWords() throws Exception {
        st.addPath(a, List.of("128", "1"));
        st.addPath(b, List.of("128", "4"));
        PathSelector same = type.create(List.of());
        same.addPath(c, List.of("128"));
        assertEquals(List.of("1", "1"), st.pathStatus(a, StatusType.TABLE));
        assertEquals(List.of("1", "4"), st.pathStatus(b, StatusType.TABLE));
        assertEquals(List.of("1", "1"), same.pathStatus(c, StatusType.TABLE));
        assertEquals(List.of("0", "1"), st.pathStatus(a, StatusType.INFO));
        assertEquals(List.of("0", "4"), st.pathStatus(b, StatusType.INFO));
        st.startIo(b, 65536);
        st.startIo(b, 4096);
        assertEquals(List.of("69632", "4"), st.pathStatus(b, StatusType.INFO));
        st.endIo(b, 65536, 0);
        assertEquals(List.of("4096", "4"), st.pathStatus(b, StatusType.INFO));
    }

    @Test
    void closeForgetsEveryPathAndClearsItsContext() throws Exception {
        add("", a, b);
        st.close();
        assertNull(st.select(512));
        assertNull(a.selectorContext());
        assertNull(b.selectorContext());
        assertThrows(IllegalArgumentException.class, () -> st.failPath(a));
    }

    /**
     * Threads select, start and end I/Os of mixed sizes while another fails and reinstates b: only added paths are
     * chosen, never none (a and c stay), and once every I/O ended every path's bytes in flight are back to 0.
     */
    @Test
    void concurrentIoWithMembershipChangesKeepsSizesExact() throws Exception {
        add("1 1", a, b);
        add("1 3", c);
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long size = 512L << t;
            workers.add(CompletableFuture.supplyAsync(() -> {
                int nulls = 0;
                while (!stop.get()) {
                    MapPath p = st.select(size);
                    if (p == null) {
                        nulls++;
                        continue;
                    }
                    if (!Set.of(a, b, c).contains(p)) {
                        throw new AssertionError("selected " + p.name());
                    }
                    st.startIo(p, size);
                    Thread.onSpinWait();
                    st.endIo(p, size, 0);
                }
                return nulls;
            }));
        }
        for (int i = 0; i < 20_000; i++) {
            st.failPath(b);
            st.reinstatePath(b);
        }
        stop.set(true);
        for (CompletableFuture<Integer> w : workers) {
            assertEquals(0, w.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of("0", "1"), st.pathStatus(a, StatusType.INFO));
        assertEquals(List.of("0", "1"), st.pathStatus(b, StatusType.INFO));
        assertEquals(List.of("0", "3"), st.pathStatus(c, StatusType.INFO));
    }

    private void add(String args, FakeMapPath... paths) throws InvalidArgumentsException {
        for (FakeMapPath p : paths) {
            st.addPath(p, words(args));
        }
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    private static void assertSelects(PathSelector selector, long nrBytes, MapPath... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertSame(expected[i], selector.select(nrBytes), "select #" + (i + 1));
        }
    }
}
