package io.mpathj.selector.historical_service_time.internal;

import static io.mpathj.selector.historical_service_time.internal.HistoricalServiceTimeSelector.compare;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HistoricalServiceTimeSelectorTest {
    private static final long MS = 1_000_000;
    /** The raw clock (as System.nanoTime); the type counts from its value when made. */
    private final AtomicLong clock = new AtomicLong(7_000_000_000L);
    private final long origin = clock.get();
    private final HistoricalServiceTimePathSelectorType type = new HistoricalServiceTimePathSelectorType(clock::get);
    private final FakeMapPath a = new FakeMapPath("a", null);
    private final FakeMapPath b = new FakeMapPath("b", null);
    private final FakeMapPath c = new FakeMapPath("c", null);

    private PathSelector selector(String... args) throws InvalidArgumentsException {
        return type.create(List.of(args));
    }

    /** The raw clock at {@code t} ns after the type was made. */
    private long at(long t) {
        clock.set(origin + t);
        return origin + t;
    }

    private static void add(PathSelector s, MapPath... paths) throws InvalidArgumentsException {
        for (MapPath p : paths) {
            s.addPath(p, List.of());
        }
    }

    private static List<String> info(PathSelector s, MapPath p) {
        return s.pathStatus(p, StatusType.INFO);
    }

    @Test
    void typeIsTheKernelsHistoricalServiceTime() {
        assertEquals("historical-service-time", new HistoricalServiceTimePathSelectorType().toString());
        assertEquals(1, type.tableArgs());
        assertEquals(3, type.infoArgs());
    }

    @Test
    void theMapTimesItsIo() throws Exception {
        assertTrue(selector().timesIo());
    }

    /** hst_status with no path: "2 <weights[0]> <threshold_multiplier>", weights[0] being the base weight. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {"|972 0", "972|972 0", "0|0 0", "1023|1023 0", "500 3|500 3",
        "010 4294967297|10 1", "1 0|1 0"})
    void selectorArgsAreTheBaseWeightAndTheThresholdMultiplier(String args, String words) throws Exception {
        PathSelector s = selector(args == null ? new String[0] : args.split(" "));
        assertEquals(List.of(words.split(" ")), s.groupStatus(StatusType.TABLE));
        assertEquals(List.of(words.split(" ")), s.groupStatus(StatusType.INFO));
    }

    /** hst_create returns -EINVAL without a text: the map's "path selector constructor failed". */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1024", "4294967295", "x", "+1", "-1", "1 x", "1 +2", "1 2 3", "9 "})
    void badSelectorArgsFailTheConstructor(String args) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> selector(args.split(" ", -1)));
        assertEquals("path selector constructor failed", e.getMessage());
    }

    @Test
    void pathArgsAreARepeatCountThatIsReadAndNotUsed() throws Exception {
        PathSelector s = selector();
        s.addPath(a, List.of());
        s.addPath(b, List.of("1"));
        s.addPath(c, List.of("100")); // no deprecation warning in hst_add_path, and TABLE prints 0 anyway
        for (MapPath p : List.of(a, b, c)) {
            assertEquals(List.of("0"), s.pathStatus(p, StatusType.TABLE));
            assertEquals(List.of("1024", "0", "0"), info(s, p));
        }
        FakeMapPath d = new FakeMapPath("d", null);
        assertEquals("historical-service-time ps: invalid repeat count", assertThrows(InvalidArgumentsException.class,
                () -> s.addPath(d, List.of("x"))).getMessage());
        assertEquals("historical-service-time ps: incorrect number of arguments",
                assertThrows(InvalidArgumentsException.class, () -> s.addPath(d, List.of("1", "1"))).getMessage());
    }

    @Test
    void weightsArePowersOfTheBaseWithRounding() {
        assertEquals(1024, HistoricalServiceTimeSelector.fixedPower(972, 0));
        assertEquals(972, HistoricalServiceTimeSelector.fixedPower(972, 1));
        assertEquals(923, HistoricalServiceTimeSelector.fixedPower(972, 2)); // (972² + 512) >> 10
        assertEquals(128, HistoricalServiceTimeSelector.fixedPower(512, 3)); // 0.5³
        assertEquals(0, HistoricalServiceTimeSelector.fixedPower(0, 5));
        // 0.95^63 is about 0.04: still above 0, the last bucket alone is 0
        long w = HistoricalServiceTimeSelector.fixedPower(972, 63);
        assertTrue(w > 30 && w < 50, "0.95^63 = " + w + "/1024");
    }

    @Test
    void theAverageMovesByTheWeightOfTheServiceTimesBucket() throws Exception {
        assertEquals(1492, HistoricalServiceTimeSelector.ema(1024, 10240, 972));
        PathSelector s = selector();
        add(s, a, b);
        // 1 ms: bucket 0 (below 2^24 ns), weight 972
        s.startIo(a, 4096);
        assertEquals(List.of("1024", "1", "0"), info(s, a));
        long start = at(5 * MS);
        at(6 * MS);
        s.endIo(a, 4096, start);
        // (1024 × 972 + 1 ms × 1024 × 52 + 512) >> 10; fresh until 6 ms + 2 paths × (52000972 >> 10)
        assertEquals(List.of("52000972", "0", Long.toString(6 * MS + 2 * 50782)), info(s, a));
        // 20 ms: bucket 1, weight 0.95² (923): the old average counts for less
        s.startIo(b, 4096);
        start = at(10 * MS);
        at(30 * MS);
        s.endIo(b, 4096, start);
        long expected = HistoricalServiceTimeSelector.ema(1024, 20 * MS * 1024, 923);
        assertEquals(List.of(Long.toString(expected), "0", Long.toString(30 * MS + 2 * (expected >> 10))),
                info(s, b));
        // 2 s: the last bucket, weight 0: the average is that service time
        s.startIo(b, 4096);
        start = at(100 * MS);
        at(2100 * MS);
        s.endIo(b, 4096, start);
        assertEquals(Long.toString(2000 * MS * 1024), info(s, b).get(0));
    }

    @Test
    void overlappingIoCountsFromThePreviousCompletionAndABackwardClockIsZero() throws Exception {
        PathSelector s = selector("0"); // base weight 0: the average is the last service time
        add(s, a);
        s.startIo(a, 512);
        s.startIo(a, 512);
        long first = at(1 * MS);
        long second = at(2 * MS);
        at(5 * MS);
        s.endIo(a, 512, first); // 4 ms
        assertEquals(Long.toString(4 * MS * 1024), info(s, a).get(0));
        at(6 * MS);
        s.endIo(a, 512, second); // started at 2 ms, but the path was busy until 5 ms: 1 ms
        assertEquals(Long.toString(1 * MS * 1024), info(s, a).get(0));
        s.startIo(a, 512);
        long late = at(9 * MS);
        at(8 * MS); // an I/O stamped after "now"
        s.endIo(a, 512, late);
        assertEquals(List.of("0", "0", Long.toString(8 * MS)), info(s, a));
    }

    @Test
    void idlePathsTakeTurnsAsLongAsNothingIsKnown() throws Exception {
        PathSelector s = selector();
        add(s, a, b, c);
        at(1);
        assertEquals(List.of(a, b, c, a, b, c), picks(s, 6));
    }

    /** Paths a and b; at 10 ms an I/O ends on each: a's took 10 ms, b's 1 ms. */
    private PathSelector aTookTenMillisecondsAndBOne() throws InvalidArgumentsException {
        PathSelector s = selector();
        add(s, a, b);
        s.startIo(a, 512);
        s.startIo(b, 512);
        long start = at(0);
        at(9 * MS);
        long bStart = clock.get();
        at(10 * MS);
        s.endIo(a, 512, start);
        s.endIo(b, 512, bStart);
        return s;
    }

    /**
     * a answered in 10 ms, b in 1 ms: b takes I/O until its in-flight count makes (1 + 9) × 1 ms worse than
     * 1 × 10 ms; then a gets one.
     */
    @Test
    void theFasterPathTakesIoUntilItsQueueMakesItSlowerThanTheOther() throws Exception {
        PathSelector s = aTookTenMillisecondsAndBOne();
        assertEquals(List.of("520000972", "0", Long.toString(10 * MS + 1015626)), info(s, a));
        assertEquals(List.of("52000972", "0", Long.toString(10 * MS + 101564)), info(s, b));
        at(10 * MS + 50_000); // neither is stale yet
        List<MapPath> chosen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            MapPath p = s.select(512);
            s.startIo(p, 512);
            chosen.add(p);
        }
        List<MapPath> expected = new ArrayList<>(java.util.Collections.nCopies(9, b));
        expected.add(a);
        assertEquals(expected, chosen);
        assertEquals("9", info(s, b).get(1));
    }

    @Test
    void anIdleStalePathIsProbedAndAStaleBusyOneIsHeldToAnEqualShare() throws Exception {
        PathSelector s = aTookTenMillisecondsAndBOne();
        // b busy, a idle and stale (fresh until 11.0156 ms): a is probed although slower
        s.startIo(b, 512);
        at(12 * MS);
        assertSame(a, s.select(512));
        s.startIo(a, 512);
        // both busy with one each, b stale too (nothing finished since 10.1 ms): b wins on the estimate but is
        // stale, so in-flight counts decide: equal, no preference, the first in the list (b, a went to the tail)
        assertSame(b, s.select(512));
        s.startIo(b, 512);
        // b now has 2, a 1: b still wins the estimate (3 × 1 ms < 2 × 10 ms), but stale, so a
        assertSame(a, s.select(512));
    }

    /** The comparison alone, with the kernel's unsigned arithmetic. */
    @Test
    void compareFollowsTheKernelsRules() {
        long now = 100;
        // averages within the threshold (here × 2): fewer in flight wins, even if stale
        assertEquals(-2, compare(1500, 1, 0, 1000, 3, 0, now, 2));
        // threshold 1 and equal averages: in flight decides
        assertEquals(1, compare(1000, 2, 500, 1000, 1, 500, now, 1));
        // threshold 0 (the default): any difference counts, and so do equal non-zero averages
        assertEquals(-1, compare(1000, 1, 500, 1000, 1, 500, now, 0));
        // both idle: the one stale since longer
        assertEquals(40 - 90, compare(1000, 0, 40, 9000, 0, 90, now, 0));
        // one idle, not stale, the other busy: the estimate decides
        assertEquals(-1, compare(1000, 0, 200, 3000, 1, 200, now, 0));
        // one idle and stale: it is probed (negative: path 1)
        assertEquals(-50, compare(9000, 0, 50, 1000, 4, 50, now, 0));
        assertEquals(50, compare(1000, 4, 50, 9000, 0, 50, now, 0));
        // a stale winner is held to in-flight order
        assertEquals(2, compare(1000, 3, 50, 9000, 1, 500, now, 0));
        assertEquals(-1, compare(1000, 3, 500, 9000, 1, 500, now, 0));
        // from 1024 in flight the averages are shifted down first: 1025 × 1 vs 2 × 0 (the 1000s are gone)
        assertEquals(1, compare(1500, 1024, 500, 1000, 1, 500, now, 0));
        // unsigned: a huge average is larger, not negative
        assertEquals(1, compare(-1L >>> 10, 1, 500, 1000, 1, 500, now, 0));
    }

    @Test
    void failedPathsAreSkippedAndShortenTheFreshPeriod() throws Exception {
        PathSelector s = selector("0"); // the average is the last service time
        add(s, a, b, c);
        s.failPath(b);
        s.failPath(c);
        at(1);
        assertEquals(List.of(a, a), picks(s, 2));
        s.startIo(a, 512);
        long start = at(MS);
        at(2 * MS);
        s.endIo(a, 512, start);
        assertEquals(Long.toString(2 * MS + MS), info(s, a).get(2)); // one usable path × 1 ms
        s.reinstatePath(b);
        s.startIo(a, 512);
        start = at(3 * MS);
        at(4 * MS);
        s.endIo(a, 512, start);
        assertEquals(Long.toString(4 * MS + 2 * MS), info(s, a).get(2));
        s.failPath(a);
        s.failPath(b);
        assertNull(s.select(512));
    }

    /** The map rebuilt the group's selector while an I/O was in flight: its end on the old one changes nothing. */
    @Test
    void anIoThatEndsOnAnotherSelectorIsIgnored() throws Exception {
        PathSelector first = selector();
        add(first, a);
        first.startIo(a, 512);
        PathSelector second = selector();
        add(second, a);
        first.endIo(a, 512, at(MS));
        assertEquals(List.of("1024", "0", "0"), info(second, a));
    }

    @Test
    void concurrentIoKeepsTheCountsRight() throws Exception {
        PathSelector s = type.create(List.of());
        add(s, a, b, c);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    MapPath p = s.select(4096);
                    long start = clock.incrementAndGet();
                    s.startIo(p, 4096);
                    clock.addAndGet(1000);
                    s.endIo(p, 4096, start);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (MapPath p : Arrays.asList(a, b, c)) {
            assertEquals("0", info(s, p).get(1));
        }
    }

    private static List<MapPath> picks(PathSelector s, int n) {
        List<MapPath> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.select(512));
        }
        return out;
    }
}
