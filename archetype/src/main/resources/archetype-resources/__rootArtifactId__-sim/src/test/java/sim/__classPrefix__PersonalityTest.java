package ${package}.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.path.PathDevice;
import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated array answers as the real one: standby controllers refuse, START STOP UNIT moves the LUs. */
class ${classPrefix}PersonalityTest {
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private SimArray array;

    @BeforeEach
    void setUp() {
        array = SimArrayBuilder.of("v", new ${classPrefix}Personality(), new ManualSimTime())
                .portGroup(1, true, "A0").portGroup(2, false, "B0").memoryLu(0, 64, 512)
                .powerOnUnitAttention(false).build();
        arrays.add(array);
    }

    @AfterEach
    void tearDown() {
        array.close();
    }

    private ScsiResult send(String path, byte[] cdb) throws Exception {
        PathDevice device = arrays.resolve("sim:v/" + path + "/0").orElseThrow();
        return device.execute(ScsiCommand.noData(cdb)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static boolean standby(ScsiResult r) {
        return r.sense().map(s -> s.key() == ${classPrefix}Behavior.STANDBY.key() && s.asc() == 0x04
                && s.ascq() == 0x0B).orElse(false);
    }

    @Test
    void theStandbyControllerRefusesUntilStartStopUnitMakesItActive() throws Exception {
        assertTrue(send("A0", Cdbs.testUnitReady()).isGood());
        assertTrue(standby(send("B0", Cdbs.testUnitReady())));
        assertTrue(send("B0", Cdbs.startStopUnit(true)).isGood());
        assertTrue(send("B0", Cdbs.testUnitReady()).isGood());
        assertTrue(standby(send("A0", Cdbs.testUnitReady())), "the other controller is standby now");
        assertEquals("standby", array.accessState(0, 1));
        assertEquals("active", array.accessState(0, 2));
    }
}
