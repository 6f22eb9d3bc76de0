package io.mpathj.core.internal.map;

import io.mpathj.api.map.MapOptions;
import static io.mpathj.core.internal.testing.MapFixture.BLOCK;
import static io.mpathj.core.internal.testing.MapFixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockCompletion;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.block.BlockRequest;
import io.mpathj.api.block.BlockIoException.Reason;
import io.mpathj.api.handler.ErrorFlag;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.handler.PgInitResult;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.ScsiStatus;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.core.internal.testing.MapFixture;
import io.mpathj.core.testing.ScriptedHandler;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultipathMapTest {
    private MapFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MapFixture(4);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BlockIoException failure(CompletionStage<Void> stage) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(BlockIoException.class, e.getCause());
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private byte[] read(MultipathMap map, long lba, int blocks) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(blocks * BLOCK);
        await(map.read(lba, dst));
        return dst.array();
    }

    // ------------------------------------------------------------------------------------------ status format

    @Test
    void statusMatchesTheQueueLengthExampleShapeWithRoundRobin() throws Exception {
        // dm-queue-length.rst's table with round-robin: repeat_count 128 is clamped to 1 in TABLE output
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 1 m:0 128 m:1 128");
        assertEquals("0 0 1 1 round-robin 0 2 1 m:0 1 m:1 1 ", map.status(StatusType.TABLE));
        // before any I/O: no current group, so "E"; round-robin has no INFO words per path
        assertEquals("2 1 0 0 1 1 E 0 2 0 m:0 A 0 m:1 A 0 ", map.status(StatusType.INFO));
        await(map.write(0, pattern(1, 1)));
        assertEquals("2 0 0 0 1 1 A 0 2 0 m:0 A 0 m:1 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void tableReordersFeaturesAndNeverPrintsHandlerParams() throws Exception {
        // the multipathd load string from reference §1.4, with round-robin: features come back in kernel order
        MultipathMap map = fx.create("0 256 multipath 3 pg_init_retries 50 queue_if_no_path 2 alua 1 2 1 "
                + "round-robin 0 1 1 m:0 1 round-robin 0 2 1 m:1 1 m:2 1");
        assertEquals("3 queue_if_no_path pg_init_retries 50 1 alua 2 1 round-robin 0 1 1 m:0 1 "
                + "round-robin 0 2 1 m:1 1 m:2 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void tablePrintsEveryFeatureInKernelOrder() throws Exception {
        MultipathMap map = fx.create("5 queue_mode bio pg_init_delay_msecs 500 queue_if_no_path 0 1 1 "
                + "round-robin 0 1 0 m:0");
        // bio mode forces retain_attached_hw_handler on, so six words come back for five
        assertEquals("6 queue_if_no_path pg_init_delay_msecs 500 retain_attached_hw_handler queue_mode bio 0 1 1 "
                + "round-robin 0 1 1 m:0 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void handlerStatusWordsAreCountedInTableAndInfoHasNone() throws Exception {
        MultipathMap map = fx.create("0 1 alua 1 1 round-robin 0 1 0 m:0");
        fx.handler().infoWords = List.of("tpg", "1");
        fx.handler().tableWords = List.of("0");
        // multipath_status prints "0" for the handler in INFO (scsi_dh handlers have no words there)
        assertTrue(map.status(StatusType.INFO).startsWith("2 1 0 0 1 1 "), map.status(StatusType.INFO));
        assertTrue(map.status(StatusType.TABLE).startsWith("0 2 alua 0 1 1 "), map.status(StatusType.TABLE));
    }

    // ----------------------------------------------------------------------------------------------- data path

    @Test
    void writesThroughOnePathReadBackThroughAnother() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        assertEquals(BLOCK, map.blockSize());
        assertEquals(MapFixture.BLOCKS, map.blockCount());
        ByteBuffer data = pattern(4, 7);
        await(map.write(10, data));
        assertArrayEquals(data.array(), read(map, 10, 4));
        assertEquals(1, fx.device(0).dataCommands());
        assertEquals(1, fx.device(1).dataCommands());
    }

    /** Records each completion of a request: how many, and the last error. */
    private static final class Completions implements BlockCompletion {
        final java.util.concurrent.LinkedBlockingQueue<java.util.Optional<BlockIoException>> ended =
                new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void completed(BlockRequest request, BlockIoException error) {
            ended.add(java.util.Optional.ofNullable(error));
        }

        java.util.Optional<BlockIoException> next() throws InterruptedException {
            java.util.Optional<BlockIoException> e = ended.poll(10, TimeUnit.SECONDS);
            assertTrue(e != null, "no completion within 10 s");
            return e;
        }
    }

    @Test
    void aReusedRequestCarriesEveryIoAndIsRefusedWhileInFlight() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        Completions done = new Completions();
        BlockRequest request = new BlockRequest(done);
        ByteBuffer data = pattern(2, 11);
        fx.device(0).hold();
        map.submit(request.write(20, data));
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> map.submit(request));
        assertEquals("m: the request is still in flight (write lba 20 bytes 1024); submit it again only after its "
                + "completion", busy.getMessage().replaceFirst("^[^:]*:", "m:"));
        fx.device(0).release();
        assertEquals(java.util.Optional.empty(), done.next());
        Object state = request.deviceContext();
        ByteBuffer back = ByteBuffer.allocate(2 * BLOCK);
        map.submit(request.read(20, back)); // the other path, with the state of the first I/O reused
        assertEquals(java.util.Optional.empty(), done.next());
        assertArrayEquals(data.array(), back.array());
        assertTrue(state == request.deviceContext(), "the map's per-request state is reused");
        map.submit(request.read(MapFixture.BLOCKS, back));
        assertEquals(Reason.INVALID_REQUEST, done.next().orElseThrow().reason());
        assertEquals(0, done.ended.size(), "each submission completes exactly once");
        assertEquals(1, fx.device(0).dataCommands());
        assertEquals(1, fx.device(1).dataCommands());
        assertThrows(IllegalArgumentException.class, () -> map.submit(new BlockRequest(done)));
    }

    @Test
    void aCompletionThatThrowsIsNotCalledAgainAndTheMapCarriesOn() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        BlockRequest request = new BlockRequest((r, e) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("the caller's bug");
        });
        for (int i = 0; i < 4; i++) {
            map.submit(request.write(i, pattern(1, i)));
            int expected = i + 1;
            eventually(() -> calls.get() == expected, "completion " + expected);
        }
        Thread.sleep(50); // a second completion of any of them would arrive by now
        assertEquals(4, calls.get());
        assertEquals(2, map.validPaths());
        assertArrayEquals(pattern(1, 3).array(), read(map, 3, 1));
    }

    @Test
    void refusesIoThatIsNotWholeBlocksOrOutsideTheDevice() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 1 0 m:0");
        assertEquals(Reason.INVALID_REQUEST, failure(map.read(0, ByteBuffer.allocate(100))).reason());
        assertEquals(Reason.INVALID_REQUEST, failure(map.read(MapFixture.BLOCKS, ByteBuffer.allocate(BLOCK)))
                .reason());
        assertEquals(Reason.INVALID_REQUEST, failure(map.read(-1, ByteBuffer.allocate(BLOCK))).reason());
        assertEquals(0, fx.device(0).dataCommands());
    }

    @Test
    void tableLengthLimitsTheMap() throws Exception {
        MultipathMap map = fx.create("0 16 multipath 0 0 1 1 round-robin 0 1 0 m:0");
        assertEquals(16, map.blockCount());
    }

    @Test
    void linkDownFailsThePathAndTheIoCompletesOnAnother() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        fx.device(0).linkDown();
        for (int i = 0; i < 4; i++) {
            await(map.write(i, pattern(1, i)));
        }
        assertEquals("2 0 0 0 1 1 A 0 2 0 m:0 F 1 m:1 A 0 ", map.status(StatusType.INFO));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(pattern(1, i).array(), read(map, i, 1));
        }
    }

    @Test
    void lastPathFailingWithoutQueueingFailsTheIo() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 1 0 m:0");
        fx.device(0).linkDown();
        BlockIoException e = failure(map.read(0, ByteBuffer.allocate(BLOCK)));
        assertEquals(Reason.NO_PATH, e.reason());
        assertTrue(e.getMessage().contains("CONNECTION_LOST"), e.getMessage());
        assertEquals(Reason.NO_PATH, failure(map.read(0, ByteBuffer.allocate(BLOCK))).reason());
    }

    @Test
    void targetErrorsCompleteTheIoAndKeepThePath() throws Exception {
        // blk_path_error() is false for a target error: ILLEGAL REQUEST 21/00 (LBA out of range)
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        fx.device(0).injectSense(1, SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
        BlockIoException e = failure(map.read(0, ByteBuffer.allocate(BLOCK)));
        assertEquals(Reason.DEVICE_ERROR, e.reason());
        assertEquals("05/21/00", e.sense().orElseThrow().triple());
        assertEquals("mpatha: CHECK CONDITION sense 05/21/00", e.getMessage());
        assertEquals(2, map.validPaths());
    }

    @Test
    void mediumErrorCompletesWithTheErrorAndKeepsThePath() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 1 0 m:0");
        fx.device(0).injectSense(1, SenseKey.MEDIUM_ERROR, 0x11, 0x00);
        assertEquals(Reason.DEVICE_ERROR, failure(map.read(0, ByteBuffer.allocate(BLOCK))).reason());
        assertEquals(1, map.validPaths());
    }

    @Test
    void unitAttentionIsRetriedWithoutFailingThePath() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 1 0 m:0");
        fx.device(0).injectSense(2, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        await(map.write(3, pattern(1, 3)));
        assertEquals(3, fx.device(0).dataCommands());
        assertEquals("2 0 0 0 1 1 A 0 1 0 m:0 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void recoveredErrorCountsAsSuccess() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 1 0 m:0");
        fx.device(0).injectSense(1, SenseKey.RECOVERED_ERROR, 0x17, 0x01);
        await(map.read(0, ByteBuffer.allocate(BLOCK)));
        assertEquals(1, fx.device(0).dataCommands());
    }

    @Test
    void busyIsRetriedThenFailsThePath() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        fx.device(0).inject(100, ScsiResult.status(ScsiStatus.BUSY, null, 0));
        fx.device(1).linkDown();
        // m:1 fails at once; m:0 is busy for 5 retries, then failed: nothing left
        BlockIoException e = failure(map.read(0, ByteBuffer.allocate(BLOCK)));
        assertEquals(Reason.NO_PATH, e.reason());
        assertEquals(0, map.validPaths());
    }

    // ----------------------------------------------------------------------------------------------- messages

    @Test
    void failAndReinstatePathMessages() throws Exception {
        MultipathMap map = fx.create("0 0 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:0");
        map.message(List.of("FAIL_PATH", "m:0"));
        // one device in two groups: both occurrences fail
        assertEquals("2 1 0 0 2 1 E 0 1 0 m:0 F 1 E 0 1 0 m:0 F 1 ", map.status(StatusType.INFO));
        map.message(List.of("fail_path", "m:0")); // already failed: a no-op
        assertEquals(0, map.validPaths());
        map.message(List.of("Reinstate_Path", "m:0"));
        assertEquals("2 1 0 0 2 1 E 0 1 0 m:0 A 1 E 0 1 0 m:0 A 1 ", map.status(StatusType.INFO));
    }

    @Test
    void messageErrorsUseTheKernelsTexts() throws Exception {
        MultipathMap map = fx.create("0 0 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        assertMessageError(map, "Invalid multipath message arguments. Expected 2 arguments, got 1.", "bogus");
        assertMessageError(map, "Invalid multipath message arguments. Expected 2 arguments, got 3.",
                "fail_path", "m:0", "m:1");
        assertMessageError(map, "Invalid multipath message arguments. Expected 2 arguments, got 0.");
        assertMessageError(map, "Unrecognised multipath message received: frob", "frob", "1");
        assertMessageError(map, "invalid PG number supplied to bypass_pg", "disable_group", "0");
        assertMessageError(map, "invalid PG number supplied to bypass_pg", "enable_group", "3");
        assertMessageError(map, "invalid PG number supplied to bypass_pg", "disable_group", "1x");
        assertMessageError(map, "invalid PG number supplied to switch_pg_num", "switch_group", "-1");
        assertMessageError(map, "message: error getting device m:9", "fail_path", "m:9");
        assertMessageError(map, "message: error getting device m:9", "reinstate_path", "m:9");
    }

    @Test
    void groupMessagesOnAMapWithoutGroupsAreRefused() throws Exception {
        MultipathMap map = fx.engine.create("empty", "0 8 multipath 0 0 0 0");
        assertEquals("zero-length target: a table without paths needs a full '0 <length> multipath …' line",
                assertThrows(io.mpathj.api.InvalidArgumentsException.class,
                        () -> fx.engine.create("nolength", "0 0 0 0")).getMessage());
        assertMessageError(map, "invalid PG number supplied to switch_pg_num", "switch_group", "1");
    }

    private static void assertMessageError(MultipathMap map, String text, String... argv) {
        MessageException e = assertThrows(MessageException.class, () -> map.message(Arrays.asList(argv)));
        assertEquals(text, e.getMessage());
    }

    @Test
    void disableGroupBypassesAndSwitchGroupClearsEveryBypass() throws Exception {
        MultipathMap map = fx.create("0 0 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        await(map.write(0, pattern(1, 0)));
        assertEquals(1, fx.device(0).dataCommands());
        map.message(List.of("disable_group", "1"));
        await(map.write(0, pattern(1, 0)));
        assertEquals(1, fx.device(1).dataCommands());
        assertEquals("2 0 0 0 2 2 D 0 1 0 m:0 A 0 A 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
        map.message(List.of("switch_group", "1"));
        assertEquals("2 0 0 0 2 1 E 0 1 0 m:0 A 0 E 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
        await(map.write(0, pattern(1, 0)));
        assertEquals(2, fx.device(0).dataCommands());
        map.message(List.of("disable_group", "2"));
        map.message(List.of("enable_group", "2"));
        assertEquals("2 0 0 0 2 1 E 0 1 0 m:0 A 0 E 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void theInitialGroupIsTriedBeforeBypassIsConsidered() throws Exception {
        // like the kernel: next_pg (the initial group) is chosen without looking at its bypassed flag
        MultipathMap map = fx.create("0 0 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        map.message(List.of("disable_group", "1"));
        await(map.write(0, pattern(1, 0)));
        assertEquals(1, fx.device(0).dataCommands());
    }

    @Test
    void bypassedGroupIsStillUsedWhenNothingElseIsLeft() throws Exception {
        MultipathMap map = fx.create("0 0 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        map.message(List.of("disable_group", "2"));
        map.message(List.of("fail_path", "m:0"));
        await(map.write(0, pattern(1, 0)));
        assertEquals(1, fx.device(1).dataCommands());
    }

    // ------------------------------------------------------------------------------------- queue_if_no_path

    @Test
    void queueIfNoPathHoldsIoUntilAPathIsReinstated() throws Exception {
        MultipathMap map = fx.create("1 queue_if_no_path 0 1 1 round-robin 0 1 0 m:0");
        map.message(List.of("fail_path", "m:0"));
        CompletionStage<Void> io = map.write(5, pattern(1, 5));
        eventually(() -> map.queuedIos() == 1, "the I/O to queue");
        assertFalse(io.toCompletableFuture().isDone());
        map.message(List.of("reinstate_path", "m:0"));
        await(io);
        assertArrayEquals(pattern(1, 5).array(), read(map, 5, 1));
    }

    @Test
    void failIfNoPathFailsWhatIsQueued() throws Exception {
        MultipathMap map = fx.create("1 queue_if_no_path 0 1 1 round-robin 0 1 0 m:0");
        fx.device(0).linkDown();
        CompletionStage<Void> io = map.read(0, ByteBuffer.allocate(BLOCK));
        eventually(() -> map.queuedIos() == 1, "the I/O to queue");
        assertEquals("1 queue_if_no_path 0 1 1 round-robin 0 1 1 m:0 1 ", map.status(StatusType.TABLE));
        map.message(List.of("fail_if_no_path"));
        assertEquals(Reason.NO_PATH, failure(io).reason());
        assertEquals("0 0 1 1 round-robin 0 1 1 m:0 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void queueIfNoPathTimeoutFailsQueuedIo() throws Exception {
        MultipathMap map = fx.create("1 queue_if_no_path 0 1 1 round-robin 0 1 0 m:0",
                MapOptions.DEFAULTS.withQueueIfNoPathTimeoutMillis(50));
        fx.device(0).linkDown();
        assertEquals(Reason.NO_PATH, failure(map.read(0, ByteBuffer.allocate(BLOCK))).reason());
        assertEquals("0 0 1 1 round-robin 0 1 1 m:0 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void removingTheMapFailsQueuedIo() throws Exception {
        MultipathMap map = fx.create("1 queue_if_no_path 0 1 1 round-robin 0 1 0 m:0");
        map.message(List.of("fail_path", "m:0"));
        CompletionStage<Void> io = map.read(0, ByteBuffer.allocate(BLOCK));
        eventually(() -> map.queuedIos() == 1, "the I/O to queue");
        fx.engine.remove("mpatha");
        assertEquals(Reason.MAP_REMOVED, failure(io).reason());
        assertEquals(Reason.MAP_REMOVED, failure(map.read(0, ByteBuffer.allocate(BLOCK))).reason());
    }

    // ------------------------------------------------------------------------------------------------ pg_init

    @Test
    void pgInitActivatesEveryActivePathOfTheNewGroupAndHoldsIoUntilAllAnswer() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 2 0 m:0 m:1 round-robin 0 2 0 m:2 m:3");
        ScriptedHandler h = fx.handler();
        map.message(List.of("fail_path", "m:1"));
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        PgInitRequest first = h.nextPgInit();
        assertEquals("m:0", first.path().name()); // m:1 is failed: not activated
        assertEquals("2 1 1 0 2 1 A 0 2 0 m:0 A 0 m:1 F 1 E 0 2 0 m:2 A 0 m:3 A 0 ", map.status(StatusType.INFO));
        assertFalse(io.toCompletableFuture().isDone());
        assertEquals(0, fx.device(0).dataCommands());
        assertTrue(first.complete(PgInitResult.OK));
        await(io);
        assertEquals("2 0 1 0 2 1 A 0 2 0 m:0 A 0 m:1 F 1 E 0 2 0 m:2 A 0 m:3 A 0 ", map.status(StatusType.INFO));

        // the whole group 1 goes away: group 2 is initialized on both its paths before I/O goes there
        fx.device(0).linkDown();
        CompletionStage<Void> io2 = map.write(1, pattern(1, 1));
        PgInitRequest a = h.nextPgInit();
        PgInitRequest b = h.nextPgInit();
        assertEquals(Set.of("m:2", "m:3"), Set.of(a.path().name(), b.path().name()));
        a.complete(PgInitResult.OK);
        Thread.sleep(20);
        assertFalse(io2.toCompletableFuture().isDone(), "I/O waits for every activation");
        b.complete(PgInitResult.OK);
        await(io2);
        assertEquals("2 0 1 0 2 2 E 0 2 0 m:0 F 1 m:1 F 1 A 0 2 0 m:2 A 0 m:3 A 0 ", map.status(StatusType.INFO));
        assertArrayEquals(pattern(1, 1).array(), read(map, 1, 1));
    }

    @Test
    void devTempBusyBypassesTheGroupAndTheOtherGroupIsUsed() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        h.nextPgInit().complete(PgInitResult.DEV_TEMP_BUSY);
        PgInitRequest second = h.nextPgInit();
        assertEquals("m:1", second.path().name());
        second.complete(PgInitResult.OK);
        await(io);
        assertEquals(1, fx.device(1).dataCommands());
        assertEquals("2 0 1 0 2 2 D 0 1 0 m:0 A 0 A 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void retryWithoutPgInitRetriesFailsThePath() throws Exception {
        // default pg_init_retries 0: the first RETRY already fails the path (reference §2.5)
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        h.nextPgInit().complete(PgInitResult.RETRY);
        h.nextPgInit().complete(PgInitResult.OK);
        await(io);
        assertEquals("2 0 1 0 2 2 E 0 1 0 m:0 F 1 A 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void retryWithPgInitRetriesRetriesAfterTheDelay() throws Exception {
        MultipathMap map = fx.create("4 pg_init_retries 2 pg_init_delay_msecs 30 1 alua 1 1 round-robin 0 1 0 m:0");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        h.nextPgInit().complete(PgInitResult.RETRY);
        long asked = System.nanoTime();
        PgInitRequest again = h.nextPgInit();
        assertTrue(System.nanoTime() - asked >= TimeUnit.MILLISECONDS.toNanos(25), "delayed retry");
        again.complete(PgInitResult.IMM_RETRY);
        h.nextPgInit().complete(PgInitResult.OK);
        await(io);
        assertEquals("2 0 3 0 1 1 A 0 1 0 m:0 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void retriesRunOutAndFailThePath() throws Exception {
        MultipathMap map = fx.create("2 pg_init_retries 1 1 alua 1 1 round-robin 0 1 0 m:0");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        h.nextPgInit().complete(PgInitResult.IMM_RETRY); // count 1 <= 1: retry
        h.nextPgInit().complete(PgInitResult.IMM_RETRY); // count 2 > 1: fail the path
        assertEquals(Reason.NO_PATH, failure(io).reason());
        assertEquals("2 0 2 0 1 1 E 0 1 0 m:0 F 1 ", map.status(StatusType.INFO));
    }

    @Test
    void nosysWithAHandlerFailsThePath() throws Exception {
        MultipathMap map = fx.create("0 1 alua 1 1 round-robin 0 2 0 m:0 m:1");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        PgInitRequest a = h.nextPgInit();
        PgInitRequest b = h.nextPgInit();
        a.complete(PgInitResult.NOSYS);
        // the error on the current path forces a new choice and a new pg_init round on what is left
        h.autoAnswer = PgInitResult.OK;
        b.complete(PgInitResult.OK);
        await(io);
        assertEquals(1, map.validPaths());
    }

    @Test
    void seedFlagsModelFailsAndBypasses() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 2 0 m:1 m:2");
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        h.nextPgInit().complete(EnumSet.of(ErrorFlag.BYPASS_PG)); // group 1 bypassed, path kept
        PgInitRequest a = h.nextPgInit();
        PgInitRequest b = h.nextPgInit();
        a.complete(Set.of());
        h.autoAnswer = PgInitResult.OK; // a failed current path starts another round
        b.complete(EnumSet.of(ErrorFlag.FAIL_PATH));
        await(io);
        String info = map.status(StatusType.INFO);
        assertTrue(info.startsWith("2 0 1 0 2 2 D 0 1 0 m:0 A 0 A 0 2 0 "), info);
        assertEquals(2, map.validPaths());
    }

    @Test
    void seedRuleErrorOnABypassedGroupAlsoFailsThePath() throws Exception {
        MultipathMap map = fx.create("2 pg_init_delay_msecs 0 1 alua 2 1 round-robin 0 1 0 m:0 "
                + "round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        map.message(List.of("disable_group", "1"));
        map.message(List.of("disable_group", "2"));
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        PgInitRequest r = h.nextPgInit();
        assertTrue(r.pgBypassed());
        r.complete(EnumSet.of(ErrorFlag.BYPASS_PG));
        h.nextPgInit().complete(Set.of());
        await(io);
        assertEquals(1, map.validPaths(), "the bypass verdict on a bypassed group failed the path too");
    }

    @Test
    void secondCompletionIsIgnoredAndTimeoutAnswersForASilentHandler() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1",
                MapOptions.DEFAULTS.withPgInitTimeoutMillis(50));
        ScriptedHandler h = fx.handler();
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        PgInitRequest silent = h.nextPgInit(); // never answered: TIMED_OUT fails m:0
        PgInitRequest next = h.nextPgInit();
        assertEquals("m:1", next.path().name());
        assertTrue(next.complete(PgInitResult.OK));
        assertFalse(next.complete(PgInitResult.DEV_FAILED), "a second answer is refused");
        assertFalse(silent.complete(PgInitResult.OK), "an answer after the timeout is refused");
        await(io);
        assertEquals("2 0 1 0 2 2 E 0 1 0 m:0 F 1 A 0 1 0 m:1 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void handlerThatThrowsInPgInitFailsThePathNotTheMap() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        h.throwInPgInitFor = "m:0";
        CompletionStage<Void> io = map.write(0, pattern(1, 0));
        PgInitRequest next = h.nextPgInit();
        assertEquals("m:1", next.path().name());
        assertEquals(1, map.validPaths(), "the throwing activation failed m:0");
        next.complete(PgInitResult.OK);
        await(io);
        assertEquals(1, fx.device(1).dataCommands());
    }

    @Test
    void handlerErrorVerdictsDriveTheIo() throws Exception {
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        h.autoAnswer = PgInitResult.OK;
        h.errorHook = e -> e.sense().map(s -> s.asc() == 0x04 && s.ascq() == 0x03).orElse(false)
                ? EnumSet.of(ErrorFlag.BYPASS_PG) : EnumSet.of(ErrorFlag.ERROR_IO);
        // passive-path sense: bypass the group and retry elsewhere (EMC's 02/04/03)
        fx.device(0).injectSense(1, SenseKey.NOT_READY, 0x04, 0x03);
        await(map.write(0, pattern(1, 0)));
        assertEquals(1, fx.device(1).dataCommands());
        assertTrue(map.status(StatusType.INFO).contains("D 0 1 0 m:0 A 0"), map.status(StatusType.INFO));
        // any other sense: ERROR_IO, the path is kept
        fx.device(1).injectSense(1, SenseKey.ILLEGAL_REQUEST, 0x25, 0x01);
        assertEquals(Reason.DEVICE_ERROR, failure(map.read(0, ByteBuffer.allocate(BLOCK))).reason());
        assertEquals(2, map.validPaths());
        assertEquals(1, h.errors.get(0).attempt());
    }

    @Test
    void reinstatingAPathOfTheCurrentGroupActivatesIt() throws Exception {
        MultipathMap map = fx.create("0 1 alua 1 1 round-robin 0 2 0 m:0 m:1");
        ScriptedHandler h = fx.handler();
        h.autoAnswer = PgInitResult.OK;
        await(map.write(0, pattern(1, 0)));
        int calls = h.pgInitCalls;
        map.message(List.of("fail_path", "m:1"));
        map.message(List.of("reinstate_path", "m:1"));
        eventually(() -> h.pgInitCalls == calls + 1, "the reinstated path's activation");
        await(map.write(0, pattern(1, 0)));
    }

    @Test
    void closingTheMapClosesTheHandler() throws Exception {
        fx.create("0 1 alua 1 1 round-robin 0 1 0 m:0");
        ScriptedHandler h = fx.handler();
        fx.engine.remove("mpatha");
        assertTrue(h.closed);
    }

    @Test
    void completionsAreExactlyOnceUnderConcurrentFailures() throws Exception {
        MultipathMap map = fx.create("1 queue_if_no_path 0 2 1 round-robin 0 2 0 m:0 m:1 round-robin 0 2 0 m:2 m:3");
        int threads = 4;
        int perThread = 400;
        CompletableFuture<?>[] workers = new CompletableFuture<?>[threads];
        java.util.concurrent.atomic.AtomicInteger completions = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        long lba = thread * 64L + (i % 64);
                        ByteBuffer data = pattern(1, thread * 100_000L + i);
                        CompletableFuture<Void> w = map.write(lba, data).toCompletableFuture();
                        w.whenComplete((v, e) -> completions.incrementAndGet());
                        w.get(30, TimeUnit.SECONDS);
                        ByteBuffer back = ByteBuffer.allocate(BLOCK);
                        map.read(lba, back).toCompletableFuture().get(30, TimeUnit.SECONDS);
                        completions.incrementAndGet();
                        assertArrayEquals(data.array(), back.array(), "block " + lba);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        java.util.Random random = new java.util.Random(42);
        CompletableFuture<Void> all = CompletableFuture.allOf(workers);
        while (!all.isDone()) {
            int p = random.nextInt(4);
            if (random.nextBoolean()) {
                fx.device(p).linkDown();
            } else {
                fx.device(p).linkUp();
                map.message(List.of("reinstate_path", "m:" + p));
            }
            Thread.sleep(1);
        }
        all.get(60, TimeUnit.SECONDS);
        assertEquals(2 * threads * perThread, completions.get());
        assertEquals(0, map.queuedIos());
    }

    // --------------------------------------------------------------------------------- providers leaving

    @Test
    void handlerProviderLeavingQuiescesTheMapAndANewOneDrainsIt() throws Exception {
        MultipathMap map = fx.create("0 1 alua 1 1 round-robin 0 2 0 m:0 m:1");
        ScriptedHandler first = fx.handler();
        first.autoAnswer = PgInitResult.OK;
        await(map.write(0, pattern(1, 0)));
        var type = fx.handlers.lookup("alua").orElseThrow();
        fx.handlers.withdraw("alua", type);
        assertTrue(first.closed);
        assertEquals(List.of("hardware handler alua"), map.missingPlugins());
        assertTrue(map.status(StatusType.INFO).startsWith("2 0 1 0 1 1 "), map.status(StatusType.INFO));
        assertTrue(map.status(StatusType.TABLE).startsWith("0 1 alua 1 1 "), map.status(StatusType.TABLE));
        CompletionStage<Void> io = map.write(1, pattern(1, 1));
        eventually(() -> map.queuedIos() == 1, "the I/O to wait for a handler");
        assertEquals(1, fx.handlers.useCount("alua"), "the map still holds the name");

        fx.handlers.offer("alua", type, "v2");
        eventually(() -> fx.created.size() == 2, "a new handler instance");
        ScriptedHandler second = fx.handler();
        second.autoAnswer = PgInitResult.OK;
        // the new instance must initialize the current group before the queued write goes out
        for (PgInitRequest r; (r = second.pgInits.poll(100, TimeUnit.MILLISECONDS)) != null;) {
            r.complete(PgInitResult.OK);
        }
        await(io);
        assertArrayEquals(pattern(1, 1).array(), read(map, 1, 1));
        assertTrue(map.missingPlugins().isEmpty());
        assertTrue(second.pgInitCalls > 0, "the current group was initialized again");
    }

    @Test
    void aPathTheNewHandlerRefusesAtRebindIsFailedAndAttachedAgainByTheNextReinstate() throws Exception {
        MultipathMap map = fx.create("0 1 alua 1 1 round-robin 0 2 0 m:0 m:1");
        fx.handler().autoAnswer = PgInitResult.OK;
        await(map.write(0, pattern(1, 0)));
        var type = fx.handlers.lookup("alua").orElseThrow();
        fx.handlers.withdraw("alua", type);
        java.util.Set<String> refuse = java.util.concurrent.ConcurrentHashMap.newKeySet();
        refuse.add("m:1");
        List<String> attached = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.mpathj.api.handler.HardwareHandlerType picky = args -> {
            io.mpathj.api.handler.HardwareHandler inner = type.create(args);
            return new io.mpathj.api.handler.HardwareHandler() {
                @Override
                public void attach(io.mpathj.api.path.MapPath path) throws io.mpathj.api.handler.AttachException {
                    if (refuse.contains(path.name())) {
                        throw new io.mpathj.api.handler.AttachException("not an array port of mine");
                    }
                    attached.add(path.name());
                }

                @Override
                public void pgInit(PgInitRequest request) {
                    request.complete(PgInitResult.OK);
                }
            };
        };
        fx.handlers.offer("alua", picky, "v2");
        eventually(() -> map.missingPlugins().isEmpty(), "the new handler to attach");
        eventually(() -> map.status(StatusType.INFO).contains("m:1 F 1"), "the refused path to be failed");
        await(map.write(1, pattern(1, 1)));
        assertEquals(List.of("m:0"), attached);

        MessageException refused = assertThrows(MessageException.class,
                () -> map.message(List.of("reinstate_path", "m:1")));
        assertEquals("reinstate_path m:1: hardware handler alua cannot attach it: not an array port of mine",
                refused.getMessage());
        assertTrue(map.status(StatusType.INFO).contains("m:1 F 1"), "still failed: the checker retries later");

        refuse.clear(); // the path is fine now: the checker's next reinstate attaches it, then reinstates it
        map.message(List.of("reinstate_path", "m:1"));
        assertEquals(List.of("m:0", "m:1"), attached);
        assertTrue(map.status(StatusType.INFO).contains("m:1 A 1"), map.status(StatusType.INFO));
        map.message(List.of("reinstate_path", "m:1")); // attached now: no second attach
        assertEquals(List.of("m:0", "m:1"), attached);
    }

    @Test
    void selectorProviderLeavingQuiescesAndANewOneGetsThePaths() throws Exception {
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        map.message(List.of("fail_path", "m:1"));
        var type = fx.selectors.lookup("round-robin").orElseThrow();
        fx.selectors.withdraw("round-robin", type);
        assertEquals("2 1 0 0 1 1 E 0 2 0 m:0 A 0 m:1 F 1 ", map.status(StatusType.INFO));
        assertEquals("0 0 1 1 round-robin 0 2 1 m:0 missing m:1 missing ", map.status(StatusType.TABLE));
        CompletionStage<Void> io = map.write(2, pattern(1, 2));
        eventually(() -> map.queuedIos() == 1, "the I/O to wait for a selector");
        fx.selectors.offer("round-robin", type, "v2");
        await(io);
        assertEquals(0, fx.device(1).dataCommands(), "the failed path stays failed in the new selector");
        assertEquals("0 0 1 1 round-robin 0 2 1 m:0 1 m:1 1 ", map.status(StatusType.TABLE));
    }

    @Test
    void aFailoverStartsTheRetryBudgetAfresh() throws Exception {
        // a retry budget belongs to a path: after m:0 is failed, m:1's first unit attention is attempt 1
        MultipathMap map = fx.create("0 1 alua 2 1 round-robin 0 1 0 m:0 round-robin 0 1 0 m:1");
        ScriptedHandler h = fx.handler();
        h.autoAnswer = PgInitResult.OK;
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.errorHook = e -> {
            seen.add(e.path().name() + "#" + e.attempt());
            return e.result().isTransportFailure() ? EnumSet.of(ErrorFlag.FAIL_PATH) : Set.of();
        };
        fx.device(0).injectSense(3, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        fx.device(0).inject(1, ScsiResult.transportFailure(io.mpathj.api.scsi.TransportError.CONNECTION_LOST, "x"));
        fx.device(1).injectSense(1, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        await(map.write(0, pattern(1, 0)));
        assertEquals(List.of("m:0#1", "m:0#2", "m:0#3", "m:0#4", "m:1#1"), seen);
    }
}
