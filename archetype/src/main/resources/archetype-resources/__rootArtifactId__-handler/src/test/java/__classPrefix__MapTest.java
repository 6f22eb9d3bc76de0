package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ${package}.sim.${classPrefix}Personality;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.TestMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler in a real map (the test kit's {@link EngineHarness}, no container) over the simulated ${handlerName}
 * array of the sim module: every read is verified, and when controller A's ports fail the map switches to group 2
 * and the handler's pg_init starts the standby controller B.
 */
class ${classPrefix}MapTest {
    private static final int BLOCK = 512;
    private static final String TABLE = "0 1 " + ${classPrefix}HandlerType.NAME + " 2 1 round-robin 0 2 0 sim:v/P0/0 "
            + "sim:v/P1/0 round-robin 0 2 0 sim:v/P2/0 sim:v/P3/0";

    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final List<String> pgInits = new CopyOnWriteArrayList<>();
    private SimArray array;
    private EngineHarness engine;
    private TestMap map;

    @BeforeEach
    void setUp() throws Exception {
        array = SimArrayBuilder.of("v", new ${classPrefix}Personality(), new ManualSimTime())
                .portGroup(1, true, "P0", "P1").portGroup(2, false, "P2", "P3").memoryLu(0, 1024, BLOCK).build();
        arrays.add(array);
        // the real handler type, with each pg_init's path recorded on the way in
        HardwareHandlerType real = new ${classPrefix}HandlerType();
        HardwareHandlerType recording = args -> {
            HardwareHandler handler = real.create(args);
            return new HardwareHandler() {
                @Override
                public void pgInit(PgInitRequest request) {
                    pgInits.add(request.path().name());
                    handler.pgInit(request);
                }
            };
        };
        engine = new EngineHarness().handler(${classPrefix}HandlerType.NAME, recording).paths(arrays);
        map = engine.create("v", TABLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        array.close();
    }

    private static ByteBuffer block(int seed) {
        byte[] b = new byte[BLOCK];
        java.util.Arrays.fill(b, (byte) seed);
        return ByteBuffer.wrap(b);
    }

    private void writeAndVerify(long lba, int seed) throws Exception {
        map.write(lba, block(seed)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ByteBuffer back = ByteBuffer.allocate(BLOCK);
        map.read(lba, back).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(block(seed).array(), back.array());
    }

    @Test
    void verifiedIoFailsOverToTheSecondGroupThroughTheHandlersPgInit() throws Exception {
        writeAndVerify(0, 1);
        assertTrue(pgInits.stream().allMatch(p -> p.startsWith("sim:v/P0") || p.startsWith("sim:v/P1")), pgInits
                .toString());
        array.port("P0").faults().linkDown();
        array.port("P1").faults().linkDown();
        for (int i = 1; i <= 20; i++) {
            writeAndVerify(i, i + 1);
        }
        assertTrue(pgInits.stream().anyMatch(p -> p.startsWith("sim:v/P2") || p.startsWith("sim:v/P3")), pgInits
                .toString());
        assertEquals(2, map.validPaths());
        assertEquals("active", array.accessState(0, 2), "controller B was started");
    }
}
