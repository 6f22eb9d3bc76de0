package io.mpathj.handler.generic_scsi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.StatusType;
import io.mpathj.api.block.BlockIoException;
import io.mpathj.api.scsi.SenseData;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.testkit.TestMap;
import io.mpathj.api.map.PathView;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.CommandClass;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * generic-scsi in a real map against a simulated array whose two ports are both active: each group holds one
 * port, so I/O goes to P0 (group 1) until P0 fails.
 */
class GenericScsiMapTest {
    private static final int BLOCK = 512;
    private static final String TABLE = "0 1 generic-scsi 2 1 round-robin 0 1 0 sim:g/P0/0 "
            + "round-robin 0 1 0 sim:g/P1/0";

    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private SimArray array;
    private EngineHarness engine;
    private TestMap map;

    @BeforeEach
    void setUp() throws Exception {
        // a plain disk (no TPGS): Linux attaches no handler to it at probe, so the table's generic-scsi is used
        array = SimArrayBuilder.alua("g", new ManualSimTime()).tpgs(Tpgs.NONE)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "P0", "P1").memoryLu(0, 1024, BLOCK).build();
        arrays.add(array);
        engine = new EngineHarness().handler(GenericScsiHandlerType.NAME, new GenericScsiHandlerType()).paths(arrays);
        map = engine.create("g", TABLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        array.close();
    }

    private static ByteBuffer data(long lba) {
        byte[] b = new byte[BLOCK];
        java.util.Arrays.fill(b, (byte) (lba + 1));
        return ByteBuffer.wrap(b);
    }

    private static void await(CompletionStage<Void> s) throws Exception {
        s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BlockIoException failure(CompletionStage<Void> s) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> s.toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(BlockIoException.class, e.getCause());
    }

    private void inject(int key, int asc, int ascq) {
        array.path("P0", 0).orElseThrow().faults()
                .injectSense(new SenseData(SenseKey.of(key), asc, ascq), 1, CommandClass.MEDIA_ACCESS);
    }

    private List<Boolean> active() {
        return map.paths().stream().map(PathView::active).toList();
    }

    private void assertReads(long lba) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(BLOCK);
        await(map.read(lba, dst));
        assertArrayEquals(data(lba).array(), dst.array());
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource({"3, 11, 00", "4, 44, 00", "5, 24, 00", "7, 27, 07", "E, 1D, 00", "C, 00, 00", "F, 00, 00"})
    void deviceErrorsFailTheIoAndKeepThePath(String key, String asc, String ascq) throws Exception {
        await(map.write(1, data(1)));
        inject(Integer.parseInt(key, 16), Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16));
        BlockIoException e = failure(map.write(2, data(2)));
        assertEquals(BlockIoException.Reason.DEVICE_ERROR, e.reason());
        assertEquals(String.format("%02x/%s/%s", Integer.parseInt(key, 16), asc, ascq).toLowerCase(),
                e.sense().orElseThrow().triple());
        assertEquals(List.of(true, true), active());
        await(map.write(2, data(2)));
        assertReads(2);
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource({"2, 04, 03", "2, 3A, 00", "9, 80, 00", "5, 25, 00"})
    void pathErrorsFailThePathAndTheIoSucceedsOnTheOther(String key, String asc, String ascq) throws Exception {
        await(map.write(1, data(1)));
        inject(Integer.parseInt(key, 16), Integer.parseInt(asc, 16), Integer.parseInt(ascq, 16));
        await(map.write(2, data(2)));
        assertEquals(List.of(false, true), active());
        assertReads(2);
        // the switch to group 2 ran generic-scsi's pg_init, which succeeds at once
        assertEquals("2 0 1 0 2 2 E 0 1 0 sim:g/P0/0 F 1 A 0 1 0 sim:g/P1/0 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void unitAttentionsAreRetriedOnTheSamePath() throws Exception {
        // every path of the array starts with a power-on unit attention; the capacity probe took P0's
        array.raisePowerOnUnitAttention();
        await(map.write(3, data(3)));
        inject(0x6, 0x2A, 0x09);
        await(map.write(4, data(4)));
        assertEquals(List.of(true, true), active());
        assertEquals(0, map.paths().get(1).ios(), "nothing went to group 2");
        assertReads(4);
    }

    @Test
    void transientConditionsFailThePathOnceRetriesRunOut() throws Exception {
        await(map.write(1, data(1)));
        // aborted command: retried five times on P0, the sixth attempt fails the path and goes to P1, where the
        // I/O meets P1's power-on unit attention as its seventh attempt: retried, not a reason to fail P1 too
        array.raisePowerOnUnitAttention();
        array.path("P0", 0).orElseThrow().faults()
                .injectSense(new SenseData(SenseKey.ABORTED_COMMAND, 0x47, 0x00), 6, CommandClass.MEDIA_ACCESS);
        await(map.write(5, data(5)));
        assertEquals(List.of(false, true), active());
        assertReads(5);
    }

    @Test
    void linkDownFailsThePath() throws Exception {
        await(map.write(1, data(1)));
        array.port("P0").faults().linkDown();
        await(map.write(6, data(6)));
        assertEquals(List.of(false, true), active());
        assertReads(6);
    }

    @Test
    void tableAndStatusAreTheKernels() {
        assertEquals("0 1 generic-scsi 2 1 round-robin 0 1 1 sim:g/P0/0 1 round-robin 0 1 1 sim:g/P1/0 1 ",
                map.status(StatusType.TABLE));
        assertEquals("2 1 0 0 2 1 E 0 1 0 sim:g/P0/0 A 0 E 0 1 0 sim:g/P1/0 A 0 ", map.status(StatusType.INFO));
    }

    @Test
    void argumentsAreRefusedThroughTheEngine() {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> engine.create("bad", "0 2 generic-scsi 1 1 1 round-robin 0 1 0 sim:g/P0/0"));
        assertEquals("unable to set hardware handler parameters: incorrect number of arguments", e.getMessage());
    }
}
