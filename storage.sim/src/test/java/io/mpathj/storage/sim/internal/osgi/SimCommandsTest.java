package io.mpathj.storage.sim.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimCommandsTest {
    private final SimPlatform platform = new SimPlatform();
    private final SimCommands commands = new SimCommands(platform);

    private SimArray add(String personality) {
        SimArray a = ConfiguredSimArray.build(platform, config("array1", personality, 2, 2, 4096));
        platform.registry().add(a);
        return a;
    }

    @AfterEach
    void tearDown() {
        platform.registry().arrays().forEach(SimArray::close);
    }

    @Test
    void theDefaultConfigurationBuildsTwoPortGroupsOfTwoPorts() {
        add("alua");
        assertEquals(String.join("\n",
                "array1 alua tpgs=both",
                "  group 1 pref lun0=active_optimized ports: A0(up) A1(up)",
                "  group 2 lun0=standby ports: B0(up) B1(up)"), commands.arrays().lines().limit(3)
                        .reduce((a, b) -> a + "\n" + b).orElseThrow());
        assertTrue(commands.arrays().contains("lun 0: 4096 x 512 bytes"), commands.arrays());
    }

    @Test
    void portDownFailsCommandsWithATransportError() throws Exception {
        SimArray a = add("alua");
        assertEquals("array1/A0 down", commands.port("array1", "A0", "DOWN"));
        ScsiResult r = a.path("A0", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(r.isTransportFailure());
        commands.port("array1", "A0", "up");
        assertFalse(a.port("A0").faults().isLinkDown());
    }

    @Test
    void stateAndTrespassDriveThePersonalities() {
        SimArray alua = add("alua");
        assertEquals("array1 group 2 -> active_optimized", commands.state("array1", 2, "A"));
        assertEquals(AccessState.ACTIVE_OPTIMIZED, alua.alua().state(0, 2));
        SimArray cx = ConfiguredSimArray.build(platform, config("cx", "clariion", 2, 1, 1024));
        platform.registry().add(cx);
        assertEquals("cx lun 0 owned by SP B", commands.trespass("cx", 0, 2));
        assertEquals(2, cx.clariion().owner(0));
        assertEquals("trespass: array1 is not a CLARiiON array",
                assertThrows(IllegalArgumentException.class, () -> commands.trespass("array1", 0, 2)).getMessage());
        assertEquals("state: cx is not an ALUA array",
                assertThrows(IllegalArgumentException.class, () -> commands.state("cx", 1, "S")).getMessage());
    }

    @Test
    void badInputGetsOneClearLine() {
        add("alua");
        assertEquals("no simulated array named nosuch; arrays: array1",
                assertThrows(IllegalArgumentException.class, () -> commands.port("nosuch", "A0", "up"))
                        .getMessage());
        assertEquals("no port Z9 on array1; ports: A0, A1, B0, B1",
                assertThrows(IllegalArgumentException.class, () -> commands.port("array1", "Z9", "up"))
                        .getMessage());
        assertEquals("port: say up or down, not sideways",
                assertThrows(IllegalArgumentException.class, () -> commands.port("array1", "A0", "sideways"))
                        .getMessage());
        assertEquals("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 2-4-b",
                assertThrows(IllegalArgumentException.class, () -> commands.sense("array1", "A0", "2-4-b", 1))
                        .getMessage());
        assertEquals("unknown ALUA state sleepy; use active, nonoptimized, standby, unavailable, offline or "
                + "transitioning", assertThrows(IllegalArgumentException.class,
                        () -> commands.state("array1", 1, "sleepy")).getMessage());
        assertEquals("no port group 7 on array1",
                assertThrows(IllegalArgumentException.class, () -> commands.state("array1", 7, "S")).getMessage());
        assertEquals("port_groups must be between 1 and 8, not 9", assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSimArray.build(platform, config("x", "alua", 9, 1, 1))).getMessage());
        assertEquals("personality must be alua or clariion, not rdac", assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSimArray.build(platform, config("x", "rdac", 1, 1, 1))).getMessage());
    }

    @Test
    void injectedSenseReachesTheNextIoCommands() throws Exception {
        SimArray a = add("alua");
        a.clearUnitAttentions();
        assertEquals("array1/A0: next 1 I/O commands get sense 03/11/00", commands.sense("array1", "A0", "03/11/00",
                1));
        ScsiResult r = a.path("A0", 0).orElseThrow().execute(ScsiCommand.dataIn(Cdbs.read16(0, 1),
                ByteBuffer.allocate(512))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("03/11/00", r.sense().orElseThrow().triple());
    }

    static SimArrayConfiguration config(String name, String personality, int groups, int ports, long blocks) {
        return new SimArrayConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SimArrayConfiguration.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String personality() {
                return personality;
            }

            @Override
            public String tpgs() {
                return "both";
            }

            @Override
            public int port_groups() {
                return groups;
            }

            @Override
            public int ports_per_group() {
                return ports;
            }

            @Override
            public int luns() {
                return 1;
            }

            @Override
            public long lun_blocks() {
                return blocks;
            }

            @Override
            public int block_size() {
                return 512;
            }
        };
    }
}
