package io.mpathj.handler.alua.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.scsi.ScsiOpcode;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.TestMap;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SimTime;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler in a real map from the engine, against the simulated ALUA array. */
class AluaMapTest {
    private static final String TABLE = "0 1 alua 2 1 round-robin 0 2 0 sim:a/A0/0 sim:a/A1/0 "
            + "round-robin 0 2 0 sim:a/B0/0 sim:a/B1/0";
    private static final String STPG_TO_GROUP_2 = "a4 0a 00 00 00 00 00 00 00 08 00 00 | 00 00 00 00 00 00 00 02";
    private static final int BLOCK = 512;
    private static final Duration POLL = Duration.ofMillis(20);

    private final ScheduledExecutorService simScheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimArrayRegistry registry = new SimArrayRegistry();
    private final RecordingPaths recorder = new RecordingPaths(registry);
    private final AtomicLong handlerClock = new AtomicLong();
    private EngineHarness harness;
    private SimArray array;

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (array != null) {
            array.close();
        }
        simScheduler.shutdownNow();
    }

    private static SimArrayBuilder twoGroups(SimTime time, Tpgs tpgs) {
        return SimArrayBuilder.alua("a", time).tpgs(tpgs)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1")
                .memoryLu(0, 2048, BLOCK);
    }

    private TestMap start(SimArrayBuilder builder, String table) throws Exception {
        array = builder.build();
        registry.add(array);
        harness = new EngineHarness();
        harness.handler("alua", new AluaHandlerType(harness.executor(), POLL, handlerClock::get)).paths(recorder);
        return harness.create("mpatha", table);
    }

    private static ByteBuffer pattern(int seed) {
        byte[] b = new byte[BLOCK];
        Arrays.fill(b, (byte) seed);
        return ByteBuffer.wrap(b);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] read(TestMap map) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(BLOCK);
        await(map.read(0, dst));
        return dst.array();
    }

    /** The handler's own INFO words (dm's INFO line prints "0" for the handler, as the kernel does). */
    private static String handlerInfo(TestMap map) {
        return String.join(" ", map.handlerStatus());
    }

    /**
     * Takes group 1's ports down and reads: the read fails over to group 2, whose activation sends an STPG and
     * polls while the group transitions. Returns the read once {@code polls} RTPGs followed the STPG.
     */
    private CompletionStage<Void> readWhileGroup2Transitions(TestMap map, int polls) throws Exception {
        linkDown("A0", "A1");
        CompletionStage<Void> pending = map.read(0, ByteBuffer.allocate(BLOCK));
        AluaHandlerTest.eventually(() -> recorder.sent(ScsiOpcode.MAINTENANCE_OUT).size() == 1, "the STPG");
        awaitPolls(polls);
        return pending;
    }

    private void awaitPolls(int polls) throws InterruptedException {
        int before = recorder.sent(ScsiOpcode.MAINTENANCE_IN).size();
        AluaHandlerTest.eventually(() -> recorder.sent(ScsiOpcode.MAINTENANCE_IN).size() >= before + polls,
                polls + " RTPG polls");
    }

    private void linkDown(String... ports) {
        for (String p : ports) {
            array.port(p).faults().linkDown();
        }
    }

    // ----------------------------------------------------------------------------------------------- failover

    @Test
    void explicitFailoverByStpgFromAFailedActiveOptimizedGroupToAStandbyGroup() throws Exception {
        TestMap map = start(twoGroups(new ManualSimTime(), Tpgs.EXPLICIT).implicitFailover(false), TABLE);
        await(map.write(0, pattern(7)));
        AluaHandlerTest.eventually(() -> handlerInfo(map).equals(
                "sim:a/A0/0:1:A sim:a/A1/0:1:A sim:a/B0/0:2:S sim:a/B1/0:2:S"), "the attach-time RTPGs");
        assertEquals(List.of(), recorder.sent(ScsiOpcode.MAINTENANCE_OUT), "group 1 was already active/optimized");

        linkDown("A0", "A1");
        assertArrayEquals(pattern(7).array(), read(map));

        List<String> stpgs = recorder.sent(ScsiOpcode.MAINTENANCE_OUT);
        assertEquals(1, stpgs.size(), "one STPG for the group: " + stpgs);
        assertTrue(stpgs.get(0).matches("sim:a/B[01]/0 " + Pattern.quote(STPG_TO_GROUP_2)),
                "only group 2, through one of its paths: " + stpgs);
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
        assertEquals(AccessState.UNAVAILABLE, array.alua().state(0, 1));
        assertEquals(2, map.validPaths());
        assertTrue(map.status(StatusType.INFO).contains(" A 0 2 0 sim:a/B0/0 A 0 sim:a/B1/0 A 0"),
                map.status(StatusType.INFO));
        assertEquals("sim:a/A0/0:1:U sim:a/A1/0:1:U sim:a/B0/0:2:A sim:a/B1/0:2:A", handlerInfo(map));
        assertTrue(map.status(StatusType.INFO).startsWith("2 0 1 0 2 2 E 0 2 0 sim:a/A0/0 F 1 "),
                map.status(StatusType.INFO));
        // TABLE stays "1 alua"; the initial group is the current one, as the kernel prints it
        assertEquals("0 1 alua 2 2 round-robin 0 2 1 sim:a/A0/0 1 sim:a/A1/0 1 round-robin 0 2 1 sim:a/B0/0 1 "
                + "sim:a/B1/0 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void implicitOnlyFailoverIsFollowedByPollingWithoutStpg() throws Exception {
        TestMap map = start(twoGroups(new SystemSimTime(simScheduler), Tpgs.IMPLICIT)
                .transitionTime(Duration.ofMillis(150)), TABLE);
        await(map.write(0, pattern(3)));
        linkDown("A0", "A1");
        // the array promotes group 2 by itself, through 150 ms of TRANSITIONING; the handler polls until it ends
        assertArrayEquals(pattern(3).array(), read(map));
        assertEquals(List.of(), recorder.sent(ScsiOpcode.MAINTENANCE_OUT));
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
        assertTrue(recorder.sent(ScsiOpcode.MAINTENANCE_IN).size() >= 4, "RTPGs: " + recorder.sent(0xA3));
        assertEquals(2, map.validPaths());
    }

    @Test
    void implicitOnlyFailoverToAGroupTheArrayAlreadyPromoted() throws Exception {
        TestMap map = start(twoGroups(new ManualSimTime(), Tpgs.IMPLICIT), TABLE);
        await(map.write(0, pattern(4)));
        linkDown("A0", "A1");
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2), "the sim moved at once");
        assertArrayEquals(pattern(4).array(), read(map));
        assertEquals(List.of(), recorder.sent(ScsiOpcode.MAINTENANCE_OUT));
    }

    @Test
    void transitioningForLongerThanOnePollKeepsIoQueuedUntilItEnds() throws Exception {
        ManualSimTime time = new ManualSimTime();
        TestMap map = start(twoGroups(time, Tpgs.EXPLICIT).implicitFailover(false)
                .transitionTime(Duration.ofSeconds(10)), TABLE);
        await(map.write(0, pattern(9)));
        CompletionStage<Void> pending = readWhileGroup2Transitions(map, 3);
        assertEquals(AccessState.TRANSITIONING, array.alua().state(0, 2));
        assertFalse(pending.toCompletableFuture().isDone());
        assertEquals(1, map.queuedIos());
        assertTrue(handlerInfo(map).endsWith("sim:a/B0/0:2:T sim:a/B1/0:2:T"), handlerInfo(map));
        assertTrue(map.status(StatusType.INFO).startsWith("2 1 1 "), "queue_io set, one pg_init round: "
                + map.status(StatusType.INFO));

        time.advance(Duration.ofSeconds(10));
        await(pending);
        assertEquals(1, recorder.sent(ScsiOpcode.MAINTENANCE_OUT).size());
        assertEquals(2, map.validPaths());
        assertTrue(handlerInfo(map).endsWith("sim:a/B0/0:2:A sim:a/B1/0:2:A"), handlerInfo(map));
    }

    @Test
    void aTransitionLongerThanTheAdvertisedTimeoutFailsThePaths() throws Exception {
        ManualSimTime time = new ManualSimTime();
        TestMap map = start(twoGroups(time, Tpgs.EXPLICIT).implicitFailover(false)
                .transitionTime(Duration.ofHours(1)).advertisedTransitionTimeoutSeconds(5), TABLE);
        await(map.write(0, pattern(1)));
        CompletionStage<Void> pending = readWhileGroup2Transitions(map, 2);
        handlerClock.addAndGet(TimeUnit.SECONDS.toNanos(4));
        awaitPolls(2);
        assertFalse(pending.toCompletableFuture().isDone(), "4 s < 5 s advertised");
        handlerClock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> pending.toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(BlockIoException.Reason.NO_PATH, assertInstanceOf(BlockIoException.class, e.getCause()).reason());
        assertEquals(0, map.validPaths());
        assertTrue(handlerInfo(map).endsWith("sim:a/B0/0:2:S sim:a/B1/0:2:S"), handlerInfo(map));
        assertEquals(1, recorder.sent(ScsiOpcode.MAINTENANCE_OUT).size());
    }

    @Test
    void ioDuringATransitionIsRetriedOnTheSamePathWithoutFailingIt() throws Exception {
        ManualSimTime time = new ManualSimTime();
        TestMap map = start(twoGroups(time, Tpgs.BOTH).transitionTime(Duration.ofSeconds(2)), TABLE);
        await(map.write(0, pattern(5)));
        array.alua().transition(1, AccessState.ACTIVE_NON_OPTIMIZED); // 02/04/0A on group 1 for 2 s
        CompletionStage<Void> pending = map.read(0, ByteBuffer.allocate(BLOCK));
        AluaHandlerTest.eventually(() -> handlerInfo(map).startsWith("sim:a/A0/0:1:T sim:a/A1/0:1:T"),
                "the handler to see the transition");
        assertFalse(pending.toCompletableFuture().isDone());
        time.advance(Duration.ofSeconds(2));
        await(pending);
        assertEquals(4, map.validPaths(), "no path failed for a transition");
        assertTrue(map.status(StatusType.INFO).contains("sim:a/A0/0 A 0 sim:a/A1/0 A 0"),
                map.status(StatusType.INFO));
        AluaHandlerTest.eventually(() -> handlerInfo(map).startsWith("sim:a/A0/0:1:N sim:a/A1/0:1:N"),
                "the RTPG after the transition");
    }

    @Test
    void aGroupThatRefusesRtpgInBothFormatsFailsItsPaths() throws Exception {
        TestMap map = start(twoGroups(new ManualSimTime(), Tpgs.EXPLICIT).implicitFailover(false), TABLE);
        await(map.write(0, pattern(2)));
        SenseData invalidOpcode = new SenseData(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
        for (String p : List.of("B0", "B1")) {
            array.path(p, 0).orElseThrow().faults().injectSenseRandomly(invalidOpcode, 1.0, 1, CommandClass.ALL);
        }
        int before = recorder.sent(ScsiOpcode.MAINTENANCE_IN).size();
        linkDown("A0", "A1");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> map.read(0, ByteBuffer.allocate(BLOCK)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(BlockIoException.Reason.NO_PATH, assertInstanceOf(BlockIoException.class, e.getCause()).reason());
        assertEquals(0, map.validPaths());
        List<String> rtpgs = recorder.sent(ScsiOpcode.MAINTENANCE_IN);
        rtpgs = rtpgs.subList(before, rtpgs.size());
        assertTrue(rtpgs.size() >= 2, rtpgs.toString());
        assertTrue(rtpgs.get(0).matches("sim:a/B[01]/0 a3 2a 00 00 00 00 00 00 00 80 00 00"), rtpgs.toString());
        assertTrue(rtpgs.subList(1, rtpgs.size()).stream()
                .allMatch(r -> r.matches("sim:a/B[01]/0 a3 0a 00 00 00 00 00 00 00 80 00 00")),
                "then only the length-only header: " + rtpgs);
        assertEquals(List.of(), recorder.sent(ScsiOpcode.MAINTENANCE_OUT));
    }

    // ------------------------------------------------------------------------------ a transition that never ends

    @Test
    void ioOnAGroupStuckInTransitioningFailsItsPathsAtTheTransitionTimeoutAndMovesToTheOtherGroup()
            throws Exception {
        ManualSimTime time = new ManualSimTime(); // the sim's clock never moves: group 1 transitions forever
        TestMap map = start(twoGroups(time, Tpgs.BOTH).transitionTime(Duration.ofHours(1))
                .advertisedTransitionTimeoutSeconds(5), TABLE);
        await(map.write(0, pattern(6)));
        array.alua().transition(1, AccessState.ACTIVE_NON_OPTIMIZED);
        array.alua().setTransitionTime(Duration.ZERO); // group 2's STPG completes at once
        ByteBuffer dst = ByteBuffer.allocate(BLOCK);
        CompletionStage<Void> pending = map.read(0, dst);
        AluaHandlerTest.eventually(() -> handlerInfo(map).startsWith("sim:a/A0/0:1:T sim:a/A1/0:1:T"),
                "the handler to see the transition");
        handlerClock.addAndGet(TimeUnit.SECONDS.toNanos(4));
        awaitPolls(2);
        assertFalse(pending.toCompletableFuture().isDone(), "4 s < the 5 s the array advertises");
        assertEquals(4, map.validPaths());
        handlerClock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        // the next 02/04/0A fails A0, then A1 at its first; the map moves to group 2 and activates it by STPG
        await(pending);
        assertArrayEquals(pattern(6).array(), dst.array());
        assertEquals(2, map.validPaths());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
        assertTrue(map.status(StatusType.INFO).contains(" 2 0 sim:a/A0/0 F 1 sim:a/A1/0 F 1 "),
                map.status(StatusType.INFO));
        assertTrue(handlerInfo(map).endsWith("sim:a/B0/0:2:A sim:a/B1/0:2:A"), handlerInfo(map));
        assertArrayEquals(pattern(6).array(), read(map), "I/O goes on through group 2");
    }

    @Test
    void withRealClocksTheStallOnAStuckTransitionEndsAtTheAdvertisedTimeout() throws Exception {
        array = twoGroups(new SystemSimTime(simScheduler), Tpgs.BOTH).transitionTime(Duration.ofHours(1))
                .advertisedTransitionTimeoutSeconds(2).build();
        registry.add(array);
        harness = new EngineHarness();
        harness.handler("alua", new AluaHandlerType(harness.executor(), POLL)).paths(recorder); // System.nanoTime
        TestMap map = harness.create("mpatha", TABLE);
        await(map.write(0, pattern(12)));
        array.alua().transition(1, AccessState.ACTIVE_NON_OPTIMIZED);
        array.alua().setTransitionTime(Duration.ZERO);
        long start = System.nanoTime();
        assertArrayEquals(pattern(12).array(), read(map));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("alua: I/O stalled " + millis + " ms on a group stuck in transitioning (advertised 2 s)");
        assertTrue(millis >= 2000, "not before the advertised 2 s: " + millis + " ms");
        assertTrue(millis < 2000 + 3000, "at the timeout, plus at most the map's 1 s retry delay and slack: "
                + millis + " ms");
        assertEquals(2, map.validPaths());
    }

    @Test
    void anImplicitOnlyArrayWhoseFirstGroupIsStandbyServesFromTheNextGroupAtOnce() throws Exception {
        // the kernel (6.1) fails the standby path on its first I/O and serves from the next group within ~60 ms
        array = SimArrayBuilder.alua("a", new SystemSimTime(simScheduler)).tpgs(Tpgs.IMPLICIT)
                .portGroup(1, AccessState.STANDBY, false, "A0", "A1")
                .portGroup(2, AccessState.ACTIVE_OPTIMIZED, true, "B0", "B1")
                .memoryLu(0, 2048, BLOCK).build();
        registry.add(array);
        harness = new EngineHarness();
        harness.handler("alua", new AluaHandlerType(harness.executor(), POLL)).paths(recorder);
        TestMap map = harness.create("mpatha", TABLE);
        long start = System.nanoTime();
        await(map.write(0, pattern(13)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("alua: implicit-only standby group 1, first write done through group 2 in " + millis
                + " ms");
        assertTrue(millis < 1000, "no wait for an implicit transition: " + millis + " ms");
        assertArrayEquals(pattern(13).array(), read(map));
        assertTrue(map.status(StatusType.INFO).contains("sim:a/A0/0 F 1 sim:a/A1/0 F 1 A 0 2 0 sim:a/B0/0 A 0 "),
                map.status(StatusType.INFO));
    }

    // --------------------------------------------------------------------- an array that answers RTPG as LIO does

    @Test
    void withLiosRtpgAnswersFailoverByStpgAndFailbackWork() throws Exception {
        recorder.rtpgAsLio = true;
        TestMap map = start(twoGroups(new ManualSimTime(), Tpgs.BOTH).implicitFailover(false), TABLE);
        await(map.write(0, pattern(8)));
        AluaHandlerTest.eventually(() -> handlerInfo(map).equals(
                "sim:a/A0/0:1:A sim:a/A1/0:1:A sim:a/B0/0:2:S sim:a/B1/0:2:S"), "the attach-time RTPGs");
        linkDown("A0", "A1");
        assertArrayEquals(pattern(8).array(), read(map));
        assertEquals(1, recorder.sent(ScsiOpcode.MAINTENANCE_OUT).size());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 2));
        assertEquals(2, map.validPaths());
        // failback: the ports return (the array keeps group 1 standby), the paths are reinstated, group 1 chosen
        for (String p : List.of("A0", "A1")) {
            array.port(p).faults().linkUp();
            map.message(List.of("reinstate_path", "sim:a/" + p + "/0"));
        }
        map.message(List.of("switch_group", "1"));
        assertArrayEquals(pattern(8).array(), read(map));
        assertEquals(2, recorder.sent(ScsiOpcode.MAINTENANCE_OUT).size());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array.alua().state(0, 1));
        assertEquals(4, map.validPaths());
        AluaHandlerTest.eventually(() -> handlerInfo(map).equals(
                "sim:a/A0/0:1:A sim:a/A1/0:1:A sim:a/B0/0:2:S sim:a/B1/0:2:S"), "the states after failback");
        List<String> rtpgs = recorder.sent(ScsiOpcode.MAINTENANCE_IN);
        assertTrue(rtpgs.stream().allMatch(r -> r.endsWith(" a3 2a 00 00 00 00 00 00 00 80 00 00")),
                "the extended header throughout: " + rtpgs);
    }

    @Test
    void withLiosRtpgAnswersImplicitChangesOfTheActiveGroupAreFollowed() throws Exception {
        recorder.rtpgAsLio = true;
        TestMap map = start(twoGroups(new ManualSimTime(), Tpgs.BOTH), TABLE);
        await(map.write(0, pattern(10)));
        // AO -> ANO: group 1 still serves I/O; the unit attention makes the handler re-read the states
        array.alua().setState(2, AccessState.ACTIVE_OPTIMIZED);
        array.alua().setState(1, AccessState.ACTIVE_NON_OPTIMIZED);
        assertArrayEquals(pattern(10).array(), read(map));
        AluaHandlerTest.eventually(() -> handlerInfo(map).equals(
                "sim:a/A0/0:1:N sim:a/A1/0:1:N sim:a/B0/0:2:A sim:a/B1/0:2:A"), "the re-read states");
        assertEquals(4, map.validPaths());
        for (AccessState demoted : List.of(AccessState.STANDBY, AccessState.UNAVAILABLE)) {
            // AO/ANO -> standby or unavailable: 02/04/0B or 0C fails the group's paths, I/O moves to group 2
            array.alua().setState(2, AccessState.ACTIVE_OPTIMIZED);
            array.alua().setState(1, demoted);
            await(map.write(0, pattern(11)));
            assertArrayEquals(pattern(11).array(), read(map));
            assertEquals(2, map.validPaths(), demoted + ": " + map.status(StatusType.INFO));
            assertTrue(map.status(StatusType.INFO).contains(" A 0 2 0 sim:a/B0/0 A 0 sim:a/B1/0 A 0"),
                    map.status(StatusType.INFO));
            AluaHandlerTest.eventually(() -> handlerInfo(map).startsWith(
                    "sim:a/A0/0:1:" + demoted.letter()), "group 1 " + demoted);
            // and back: the array makes group 1 active/optimized again, the paths are reinstated, group 1 chosen
            array.alua().setState(2, AccessState.STANDBY);
            array.alua().setState(1, AccessState.ACTIVE_OPTIMIZED);
            for (String p : List.of("A0", "A1")) {
                map.message(List.of("reinstate_path", "sim:a/" + p + "/0"));
            }
            map.message(List.of("switch_group", "1"));
            assertArrayEquals(pattern(11).array(), read(map));
            assertEquals(4, map.validPaths());
            assertTrue(Pattern.compile(" 2 1 A 0 2 0 sim:a/A0/0 A \\d+ sim:a/A1/0 A \\d+ ")
                    .matcher(map.status(StatusType.INFO)).find(), "group 1 current again: "
                    + map.status(StatusType.INFO));
        }
        assertEquals(List.of(), recorder.sent(ScsiOpcode.MAINTENANCE_OUT), "the array moved by itself");
    }

    // -------------------------------------------------------------------------------------- constructor errors

    @Test
    void everyConstructorErrorText() throws Exception {
        array = twoGroups(new ManualSimTime(), Tpgs.BOTH).build();
        registry.add(array);
        harness = new EngineHarness();
        harness.handler("alua", new AluaHandlerType(harness.executor(), POLL)).paths(recorder);
        String groups = " 1 1 round-robin 0 1 0 sim:a/A0/0";
        assertEquals("unable to set hardware handler parameters: "
                + "alua optimize_stpg must be 0 or 1, got '2'", createError("0 2 alua 2" + groups));
        assertEquals("unable to set hardware handler parameters: "
                + "alua optimize_stpg must be 0 or 1, got 'yes'", createError("0 2 alua yes" + groups));
        assertEquals("unable to set hardware handler parameters: "
                + "alua takes at most 1 parameter (optimize_stpg 0|1), got 2", createError("0 3 alua 1 0" + groups));
        // the accepted forms; TABLE never shows the parameter (one map at a time: dm claims a path exclusively)
        for (String handler : new String[] {"0 1 alua", "0 2 alua 1", "0 2 alua 0"}) {
            assertEquals("0 1 alua 1 1 round-robin 0 1 1 sim:a/A0/0 1 ",
                    harness.create("m", handler + groups).status(StatusType.TABLE));
            harness.remove("m");
        }
    }

    @Test
    void aDeviceWithoutTpgsFailsTheTableLoadNamingTheDevice() throws Exception {
        array = SimArrayBuilder.clariion("c", new ManualSimTime()).storageProcessor("SPA0").storageProcessor("SPB0")
                .memoryLu(0, 2048, BLOCK).build();
        registry.add(array);
        harness = new EngineHarness();
        harness.handler("alua", new AluaHandlerType(harness.executor(), POLL)).paths(recorder);
        assertEquals("error attaching hardware handler: alua: sim:c/SPA0/0: not supported: standard INQUIRY "
                + "reports TPGS 0 (no asymmetric logical unit access)",
                createError("0 1 alua 1 1 round-robin 0 1 0 sim:c/SPA0/0"));
        assertTrue(harness.maps().isEmpty());
    }

    private String createError(String table) {
        return assertThrows(InvalidArgumentsException.class, () -> harness.create("bad", table)).getMessage();
    }
}
