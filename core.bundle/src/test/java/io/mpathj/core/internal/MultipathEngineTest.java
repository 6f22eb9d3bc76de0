package io.mpathj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.handler.AttachException;
import io.mpathj.api.handler.HardwareHandler;
import io.mpathj.api.handler.PgInitRequest;
import io.mpathj.api.path.MapPath;
import io.mpathj.api.scsi.SenseKey;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.core.internal.testing.MapFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultipathEngineTest {
    private MapFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MapFixture(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private void assertCreateFails(String error, String table) {
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> fx.create(table));
        assertEquals(error, e.getMessage());
        assertTrue(fx.engine.maps().isEmpty());
    }

    @Test
    void mapsHoldUseCountsUntilRemoved() throws Exception {
        fx.engine.create("mpatha", "0 1 alua 1 1 round-robin 0 1 0 m:0");
        // the same path twice in one table is accepted, as by the kernel; a path of another map is not (below)
        fx.engine.create("mpathb", "0 1 alua 2 1 round-robin 0 1 0 m:1 round-robin 0 1 0 m:1");
        assertEquals(2, fx.handlers.useCount("alua"));
        assertEquals(2, fx.selectors.useCount("round-robin"), "one use per map, as for handlers");
        assertEquals(List.of("mpatha", "mpathb"), fx.handlers.holders("alua"));
        fx.engine.remove("mpathb");
        assertEquals(1, fx.handlers.useCount("alua"));
        assertEquals(1, fx.selectors.useCount("round-robin"));
        fx.engine.remove("mpatha");
        assertEquals(0, fx.handlers.useCount("alua"));
        fx.handlers.unregister("alua");
    }

    @Test
    void unknownTypesUseTheKernelsTexts() {
        assertCreateFails("unknown hardware handler type 'nosuch'", "0 1 nosuch 1 1 round-robin 0 1 0 m:0");
        assertCreateFails("unknown path selector type 'nosuch'", "0 0 1 1 nosuch 0 1 0 m:0");
        assertEquals(0, fx.handlers.useCount("alua"));
    }

    @Test
    void constructorRefusalsCarryThePluginsText() {
        assertCreateFails("unable to set hardware handler parameters: invalid trespass mode selected",
                "0 2 alua bad 1 1 round-robin 0 1 0 m:0");
        assertCreateFails("round-robin ps: invalid repeat count", "0 1 alua 1 1 round-robin 0 1 1 m:0 x");
        assertEquals(0, fx.handlers.useCount("alua"), "nothing held after a failed create");
        assertEquals(0, fx.selectors.useCount("round-robin"));
        assertTrue(fx.created.get(0).closed, "the constructed handler was destroyed");
    }

    @Test
    void unknownDeviceIsErrorGettingDevice() {
        assertCreateFails("error getting device: no path named m:7", "0 0 1 1 round-robin 0 2 0 m:0 m:7");
        assertCreateFails("error getting device: no path named sda", "0 0 1 1 round-robin 0 1 0 sda");
    }

    @Test
    void attachRefusalFailsTheLoad() throws Exception {
        fx.handlers.register("picky", args -> new HardwareHandler() {
            @Override
            public void attach(MapPath path) throws AttachException {
                if (path.name().equals("m:1")) {
                    throw new AttachException(path.name() + ": device does not support ALUA (TPGS 0)");
                }
            }

            @Override
            public void pgInit(PgInitRequest request) {
            }
        });
        assertCreateFails("error attaching hardware handler: m:1: device does not support ALUA (TPGS 0)",
                "0 1 picky 1 1 round-robin 0 2 0 m:0 m:1");
        assertEquals(0, fx.handlers.useCount("picky"));
    }

    @Test
    void tableLongerThanTheDeviceIsRefused() {
        assertCreateFails("m:0 too small for target: start=0, len=257, dev_size=256",
                "0 257 multipath 0 0 1 1 round-robin 0 1 0 m:0");
        assertCreateFails("zero-length target", "0 0 multipath 0 0 1 1 round-robin 0 1 0 m:0");
    }

    @Test
    void capacityComesFromAnyPathThatAnswers() throws Exception {
        fx.device(0).injectSense(1, SenseKey.NOT_READY, 0x04, 0x0B); // standby path refuses
        fx.device(1).injectSense(1, SenseKey.UNIT_ATTENTION, 0x29, 0x00); // power-on UA first
        MultipathMap map = fx.create("0 0 1 1 round-robin 0 2 0 m:0 m:1");
        assertEquals(MapFixture.BLOCKS, map.blockCount());
    }

    @Test
    void noPathAnsweringCapacityFailsTheLoad() {
        fx.device(0).linkDown();
        assertCreateFails("error getting device: no path answered READ CAPACITY (m:0: transport error "
                + "CONNECTION_LOST: m:0 link down)", "0 0 1 1 round-robin 0 1 0 m:0");
    }

    @Test
    void namesAreCheckedAndUnique() throws Exception {
        fx.engine.create("mpatha", "0 0 1 1 round-robin 0 1 0 m:0");
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class,
                () -> fx.engine.create("mpatha", "0 0 1 1 round-robin 0 1 0 m:1"));
        assertEquals("map mpatha already exists", e.getMessage());
        e = assertThrows(InvalidArgumentsException.class,
                () -> fx.engine.create("a b", "0 0 1 1 round-robin 0 1 0 m:1"));
        assertEquals("invalid map name 'a b': 1 to 127 characters, no '/', no white space", e.getMessage());
        e = assertThrows(InvalidArgumentsException.class, () -> fx.engine.remove("nosuch"));
        assertEquals("no map named nosuch", e.getMessage());
    }
}
