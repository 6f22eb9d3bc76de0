package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.TestMap;
import io.mpathj.api.map.PathView;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The emc handler in a real map from the engine, against the simulated CLARiiON (SP A = group 1, SP B = 2). */
class EmcMapTest {
    private static final int BLOCK = 512;
    private static final int SP_A = 1;
    private static final int SP_B = 2;
    private static final String A_THEN_B = "round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0 "
            + "round-robin 0 2 0 sim:cx/B0/0 sim:cx/B1/0";
    private static final Duration STEP = Duration.ofSeconds(1);

    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final EngineHarness engine;
    private SimArray cx;

    EmcMapTest() throws Exception {
        engine = new EngineHarness().handler(EmcHandlerType.NAME, new EmcHandlerType()).paths(arrays);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        arrays.arrays().forEach(SimArray::close);
    }

    private SimArray array(int owner) {
        cx = SimArrayBuilder.clariion("cx", time).storageProcessor("A0", "A1").storageProcessor("B0", "B1")
                .memoryLu(0, 4096, BLOCK).defaultOwner(0, owner).build();
        arrays.add(cx);
        return cx;
    }

    private SimPath path(String port) {
        return cx.path(port, 0).orElseThrow();
    }

    private static ByteBuffer pattern(long lba, int blocks) {
        byte[] b = new byte[blocks * BLOCK];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (lba * 31 + i * 7);
        }
        return ByteBuffer.wrap(b);
    }

    private static void await(CompletableFuture<Void> f) throws Exception {
        f.get(10, TimeUnit.SECONDS);
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

    private static void assertReads(TestMap map, long lba, int blocks) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(blocks * BLOCK);
        await(map.read(lba, dst).toCompletableFuture());
        assertArrayEquals(pattern(lba, blocks).array(), dst.array(), "data at " + lba);
    }

    /** The A/D/E state of each group in INFO output, e.g. "DA" (round-robin: no status or per-path words). */
    private static String groupStates(TestMap map) {
        String[] w = map.status(StatusType.INFO).split(" ");
        int i = 3;
        i += 1 + Integer.parseInt(w[i]); // handler status words
        int groups = Integer.parseInt(w[i]);
        i += 2;
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < groups; g++) {
            out.append(w[i]);
            i += 2 + Integer.parseInt(w[i + 1]); // state, selector status words
            int paths = Integer.parseInt(w[i]);
            i += 2 + paths * 3;
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------- failover

    @Test
    void spAFailsWithIoInFlightAndTheMapTrespassesToSpBLosingNothing() throws Exception {
        array(SP_A);
        TestMap map = engine.create("mpatha", "0 1 emc 2 1 " + A_THEN_B);
        await(map.write(0, pattern(0, 8)).toCompletableFuture());
        assertEquals(SP_A, cx.clariion().owner(0));

        cx.port("A0").faults().hang();
        cx.port("A1").faults().hang();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        int writes = 24;
        for (int i = 0; i < writes; i++) {
            long lba = 16 + i * 4L;
            inFlight.add(map.write(lba, pattern(lba, 4)).toCompletableFuture());
        }
        inFlight.add(map.read(0, ByteBuffer.allocate(8 * BLOCK)).toCompletableFuture());
        eventually(() -> cx.port("A0").faults().hungCommands() + cx.port("A1").faults().hungCommands() == writes + 1,
                "every I/O on SP A's ports");
        cx.port("A0").faults().linkDown();
        cx.port("A1").faults().linkDown();

        for (CompletableFuture<Void> f : inFlight) {
            await(f);
        }
        assertEquals(SP_B, cx.clariion().owner(0), "the LU was trespassed to SP B");
        assertEquals(2, map.validPaths());
        assertEquals(List.of(false, false, true, true), map.paths().stream().map(PathView::active).toList());
        assertReads(map, 0, 8);
        for (int i = 0; i < writes; i++) {
            assertReads(map, 16 + i * 4L, 4);
        }
        assertTrue(map.status(StatusType.INFO).startsWith("2 0 1 0 2 2 E 0 2 0 sim:cx/A0/0 F 1 sim:cx/A1/0 F 1 "
                + "A 0 2 0 sim:cx/B0/0 A 0 sim:cx/B1/0 A 0"), map.status(StatusType.INFO));
    }

    @Test
    void lunTrespassedAwayUnderInFlightIoIsFollowedByBypassingTheGroup() throws Exception {
        array(SP_A);
        TestMap map = engine.create("mpatha", "0 1 emc 2 1 " + A_THEN_B);
        await(map.write(0, pattern(0, 1)).toCompletableFuture());
        cx.port("A0").faults().hang();
        cx.port("A1").faults().hang();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inFlight.add(map.write(i, pattern(i, 1)).toCompletableFuture());
        }
        eventually(() -> cx.port("A0").faults().hungCommands() + cx.port("A1").faults().hungCommands() == 8,
                "every write on SP A's ports");
        cx.clariion().trespass(0, SP_B); // navicli, or another host
        cx.port("A0").faults().release();
        cx.port("A1").faults().release();

        for (CompletableFuture<Void> f : inFlight) {
            await(f);
        }
        // 02/04/03 on SP A: group 1 bypassed, no path failed, and SP B already owned the LU: no trespass back
        assertEquals(4, map.validPaths());
        assertEquals(SP_B, cx.clariion().owner(0));
        assertTrue(map.status(StatusType.INFO).contains(" 2 2 D 0 2 0 sim:cx/A0/0 A 0 sim:cx/A1/0 A 0 A 0 "),
                map.status(StatusType.INFO));
        for (int i = 0; i < 8; i++) {
            assertReads(map, i, 1);
        }
    }

    @ParameterizedTest
    @CsvSource({"1 emc, long", "3 emc 0 0, long", "3 emc 1 0, short", "3 emc 1 1, short", "3 emc 0 1, long"})
    void everyTrespassFormMovesTheLu(String handler, String form) throws Exception {
        array(SP_A);
        TestMap map = engine.create("m", "0 " + handler + " 2 1 round-robin 0 2 0 sim:cx/B0/0 sim:cx/B1/0 "
                + "round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0");
        await(map.write(3, pattern(3, 2)).toCompletableFuture());
        assertEquals(SP_B, cx.clariion().owner(0), form + " trespass");
        assertEquals(4, map.validPaths());
        assertReads(map, 3, 2);
    }

    @Test
    void honoringAReservationHeldElsewhereFailsThePathsThatCannotTrespass() throws Exception {
        array(SP_A);
        cx.clariion().setReservedByOtherHost(0, true);
        TestMap map = engine.create("m", "0 3 emc 0 1 2 1 round-robin 0 2 0 sim:cx/B0/0 sim:cx/B1/0 "
                + "round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0");
        await(map.write(0, pattern(0, 1)).toCompletableFuture());
        // RESERVATION CONFLICT carries no sense: SCSI_DH_IO, the path fails; SP A still owns the LU and serves it
        assertEquals(SP_A, cx.clariion().owner(0));
        assertEquals(List.of(false, false, true, true), map.paths().stream().map(PathView::active).toList());

        engine.remove("m"); // one map per LU: dm claims each path device exclusively
        TestMap ignoring = engine.create("m2", "0 1 emc 2 1 round-robin 0 2 0 sim:cx/B0/0 sim:cx/B1/0 "
                + "round-robin 0 2 0 sim:cx/A0/0 sim:cx/A1/0");
        await(ignoring.write(0, pattern(0, 1)).toCompletableFuture());
        assertEquals(SP_B, cx.clariion().owner(0), "the default trespass ignores reservations");
    }

    // ---------------------------------------------------------------------------------------- busy

    @Test
    void nduSeenThroughSpABypassesItsGroupAndSpBIsUsed() throws Exception {
        array(SP_B);
        TestMap map = engine.create("m", "0 1 emc 2 1 " + A_THEN_B);
        path("A0").faults().setLatency(STEP);
        path("A1").faults().setLatency(STEP);
        cx.clariion().setNonDisruptiveUpgrade(true);
        CompletableFuture<Void> write = map.write(7, pattern(7, 1)).toCompletableFuture();
        eventually(() -> time.pendingTasks() == 2, "SP A's two INQUIRYs, answered during the NDU");
        cx.clariion().setNonDisruptiveUpgrade(false);
        time.advance(STEP);

        await(write);
        assertEquals("DA", groupStates(map));
        assertEquals(4, map.validPaths(), "DEV_TEMP_BUSY fails no path");
        assertEquals(SP_B, cx.clariion().owner(0), "no trespass: SP B owned the LU");
        assertReads(map, 7, 1);
    }

    @ParameterizedTest
    @CsvSource({"copy", "ndu"})
    void busyTrespassBypassesTheGroupAndTheOtherGroupIsUsed(String why) throws Exception {
        array(SP_A);
        TestMap map = engine.create("m", "0 1 emc 2 1 round-robin 0 1 0 sim:cx/B0/0 "
                + "round-robin 0 1 0 sim:cx/A0/0");
        path("B0").faults().setLatency(STEP);
        CompletableFuture<Void> write = map.write(9, pattern(9, 1)).toCompletableFuture();
        eventually(() -> time.pendingTasks() == 1, "SP B's INQUIRY");
        if (why.equals("copy")) {
            // array-based copy in progress: the trespass would abort it
            path("B0").faults().injectSense(new SenseData(SenseKey.ILLEGAL_REQUEST, 0x04, 0x00), 1, CommandClass.ALL);
        } else {
            cx.clariion().setNonDisruptiveUpgrade(true); // the MODE SELECT meets the NDU: 02/04/03
        }
        time.advance(STEP);
        eventually(() -> time.pendingTasks() == 1, "SP B's trespass");
        cx.clariion().setNonDisruptiveUpgrade(false);
        time.advance(STEP);

        await(write);
        assertEquals("DA", groupStates(map));
        assertEquals(2, map.validPaths());
        assertEquals(SP_A, cx.clariion().owner(0));
        assertReads(map, 9, 1);
    }

    @Test
    void nduOnBothSpsQueuesIoUntilItEnds() throws Exception {
        array(SP_A);
        TestMap map = engine.create("m", "2 pg_init_delay_msecs 10 1 emc 2 1 " + A_THEN_B);
        cx.clariion().setNonDisruptiveUpgrade(true);
        CompletableFuture<Void> write = map.write(1, pattern(1, 1)).toCompletableFuture();
        eventually(() -> groupStates(map).equals("DD"), "both groups bypassed");
        assertFalse(write.isDone(), "the write waits for the upgrade");
        assertEquals(4, map.validPaths());
        cx.clariion().setNonDisruptiveUpgrade(false);

        await(write);
        assertEquals(SP_A, cx.clariion().owner(0));
        assertReads(map, 1, 1);
    }

    // ---------------------------------------------------------------------------------------- table

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2 emc 1|unable to set hardware handler parameters: incorrect number of arguments",
        "4 emc 1 0 1|unable to set hardware handler parameters: incorrect number of arguments",
        "3 emc 2 0|unable to set hardware handler parameters: invalid trespass mode selected",
        "3 emc short 0|unable to set hardware handler parameters: invalid trespass mode selected",
        "3 emc 0 2|unable to set hardware handler parameters: invalid honor reservation flag selected",
        "3 emc 1 yes|unable to set hardware handler parameters: invalid honor reservation flag selected"})
    void constructorErrorsCarryTheKernelsText(String handler, String text) {
        array(SP_A);
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> engine.create("m", "0 " + handler + " 1 1 round-robin 0 1 0 sim:cx/A0/0"));
        assertEquals(text, e.getMessage());
        assertTrue(engine.maps().isEmpty());
    }

    @Test
    void attachRefusesAClariionThatIsNotInFailoverMode4Or6() {
        SimArray legacy = SimArrayBuilder.clariion("fm1", time).storageProcessor("A0").storageProcessor("B0")
                .memoryLu(0, 64, BLOCK).failoverMode(1).build();
        arrays.add(legacy);
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> engine.create("m", "0 1 emc 1 1 round-robin 0 1 0 sim:fm1/A0/0"));
        assertEquals("error attaching hardware handler: sim:fm1/A0/0: emc: Invalid failover mode 1; not attached",
                e.getMessage());
    }

    @Test
    void statusKeepsTheKernelFormForDefaultsAndShowsOtherFlags() throws Exception {
        array(SP_A);
        TestMap plain = engine.create("plain", "0 1 emc 2 1 " + A_THEN_B);
        assertEquals("0 1 emc 2 1 round-robin 0 2 1 sim:cx/A0/0 1 sim:cx/A1/0 1 "
                + "round-robin 0 2 1 sim:cx/B0/0 1 sim:cx/B1/0 1 ", plain.status(StatusType.TABLE));
        assertEquals("2 1 0 0 2 1 E 0 2 0 sim:cx/A0/0 A 0 sim:cx/A1/0 A 0 E 0 2 0 sim:cx/B0/0 A 0 sim:cx/B1/0 A 0 ",
                plain.status(StatusType.INFO));
        engine.remove("plain"); // one map per LU: dm claims each path device exclusively
        TestMap explicitDefaults = engine.create("defaults", "0 3 emc 0 0 2 1 " + A_THEN_B);
        assertTrue(explicitDefaults.status(StatusType.TABLE).startsWith("0 1 emc 2 1 "));
        engine.remove("defaults");
        TestMap shortForm = engine.create("short", "0 3 emc 1 0 2 1 " + A_THEN_B);
        assertTrue(shortForm.status(StatusType.TABLE).startsWith("0 3 emc 1 0 2 1 round-robin "),
                shortForm.status(StatusType.TABLE));
        assertTrue(shortForm.status(StatusType.INFO).startsWith("2 1 0 0 2 1 "));
    }
}
