package io.mpathj.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.StatusType;
import io.mpathj.core.internal.map.MultipathMap;
import io.mpathj.handler.alua.internal.AluaHandlerType;
import io.mpathj.selector.round_robin.RoundRobin;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.internal.osgi.SimCommands;
import io.mpathj.storage.sim.internal.osgi.SimPlatform;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@code mpath:} and {@code sim:} Gogo commands called directly with bad arguments: each refusal is one line
 * that Gogo prints as it is (the exception's toString() is its message: no class name, no stack), and the running
 * map "bystander" (over sim array "array1", like the distribution's default) is left exactly as it was.
 */
class GogoBadInputTest {
    private final MultipathPlatform platform = new MultipathPlatform();
    private final MpathCommands mpath = new MpathCommands(platform);
    private final SimPlatform simPlatform = new SimPlatform();
    private final SimCommands sim = new SimCommands(simPlatform);
    private MultipathMap bystander;
    private String info;
    private String table;
    private String arrays;

    @BeforeEach
    void setUp() throws Exception {
        platform.addPathProvider(simPlatform.registry());
        platform.selectors().offer(RoundRobin.NAME, RoundRobin.type(), "rr 1.0.0");
        platform.handlers().offer(AluaHandlerType.NAME, new AluaHandlerType(platform.executor(),
                Duration.ofMillis(5)), "alua 1.0.0");
        sim.create("1", "2097152", "512", "both", "array1", "alua");
        sim.create("1", "2097152", "512", "both", "cx", "clariion", "2", "1");
        mpath.create("bystander", "0 1 alua 2 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0 "
                + "round-robin 0 2 0 sim:array1/B0/0 sim:array1/B1/0");
        bystander = platform.engine().map("bystander").orElseThrow();
        io(); // settles group 1 (pg_init) so the status stays put from here on
        info = bystander.status(StatusType.INFO);
        table = bystander.status(StatusType.TABLE);
        arrays = sim.arrays();
    }

    @AfterEach
    void tearDown() {
        platform.deactivate();
        simPlatform.registry().arrays().forEach(SimArray::close);
    }

    private void io() throws Exception {
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0x5A);
        bystander.write(7, ByteBuffer.wrap(data)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ByteBuffer back = ByteBuffer.allocate(512);
        bystander.read(7, back).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, back.array());
    }

    /** The command fails with exactly this line, and nothing else moved. */
    private void refused(String line, Executable command) throws Exception {
        RuntimeException e = assertThrows(RuntimeException.class, command);
        assertEquals(line, e.getMessage());
        assertEquals(line, e.toString(), "Gogo prints toString(): the line alone, without a class name");
        assertFalse(line.contains("\n"));
        assertEquals(info, bystander.status(StatusType.INFO));
        assertEquals(table, bystander.status(StatusType.TABLE));
        assertEquals(arrays, sim.arrays());
        io();
        assertEquals(info, bystander.status(StatusType.INFO));
    }

    @Test
    void mpathCreateWithBadArguments() throws Exception {
        refused("create: no table given; e.g. mpath:create m1 \"0 1 alua 1 1 round-robin 0 2 0 sim:array1/A0/0 "
                + "sim:array1/A1/0\"", () -> mpath.create("m1"));
        refused("create m1: invalid number of priority groups", () -> mpath.create("m1", "0", "0"));
        refused("create m1: unknown hardware handler type 'rdac'", () -> mpath.create("m1",
                "0 1 rdac 1 1 round-robin 0 1 0 sim:array1/A0/0"));
        refused("create m1: error getting device: no path named sim:array1/Q0/0", () -> mpath.create("m1",
                "0 0 1 1 round-robin 0 1 0 sim:array1/Q0/0"));
        refused("create a/b: invalid map name 'a/b': 1 to 127 characters, no '/', no white space",
                () -> mpath.create("a/b", "0 0 1 1 round-robin 0 1 0 sim:array1/A0/0"));
        refused("create bystander: map bystander already exists",
                () -> mpath.create("bystander", "0 0 1 1 round-robin 0 1 0 sim:array1/A0/0"));
        assertEquals(1, platform.handlers().useCount(AluaHandlerType.NAME));
    }

    @Test
    void mpathCommandsOnMapsThatDoNotExist() throws Exception {
        refused("no map named nosuch; maps: bystander", () -> mpath.status("nosuch"));
        refused("no map named nosuch; maps: bystander", () -> mpath.table("nosuch"));
        refused("no map named nosuch; maps: bystander", () -> mpath.topology("nosuch"));
        refused("no map named nosuch; maps: bystander", () -> mpath.message("nosuch", "queue_if_no_path"));
        refused("no map named nosuch; maps: bystander", () -> mpath.remove(false, "nosuch"));
        refused("no map named nosuch; maps: bystander", () -> mpath.reload("nosuch", "0 0 0 0"));
        refused("no map named nosuch; maps: bystander", () -> mpath.suspend("nosuch"));
        refused("no map named nosuch; maps: bystander", () -> mpath.info("nosuch"));
    }

    @Test
    void mpathMessageWithBadWords() throws Exception {
        refused("message bystander: Invalid multipath message arguments. Expected 2 arguments, got 0.",
                () -> mpath.message("bystander"));
        refused("message bystander: Invalid multipath message arguments. Expected 2 arguments, got 0.",
                () -> mpath.message("bystander", "0"));
        refused("message bystander: Unrecognised multipath message received: frob",
                () -> mpath.message("bystander", "frob", "1"));
        refused("message bystander: invalid PG number supplied to switch_pg_num",
                () -> mpath.message("bystander", "switch_group", "3"));
        refused("message bystander: invalid PG number supplied to bypass_pg",
                () -> mpath.message("bystander", "disable_group", "x"));
        refused("message bystander: message: error getting device sim:array1/A0/1",
                () -> mpath.message("bystander", "fail_path", "sim:array1/A0/1"));
    }

    @Test
    void mpathIoAndUnloadWithBadArguments() throws Exception {
        refused("io: --seconds must be between 1 and 3600, not 0", () -> mpath.io(null, "0", "8", "0", "4096", "bystander"));
        refused("io: --seconds must be between 1 and 3600, not 3601",
                () -> mpath.io(null, "3601", "8", "0", "4096", "bystander"));
        refused("io: --seconds must be between 1 and 3600, not -5", () -> mpath.io(null, "-5", "8", "0", "4096", "bystander"));
        refused("io: --seconds takes a whole number, not '99999999999999999999'",
                () -> mpath.io(null, "99999999999999999999", "8", "0", "4096", "bystander"));
        refused("io: --depth must be between 1 and 256, not 0", () -> mpath.io(null, "1", "0", "0", "4096", "bystander"));
        refused("usage: mpath:io [-s SECONDS] [-q DEPTH] [-b BYTES] [--span BLOCKS] NAME (help mpath:io says more)",
                () -> mpath.io());
        refused("unload: no hardware handler or path selector named nosuch is loaded", () -> mpath.unload("nosuch"));
        refused("unload: hardware handler alua is in use by map bystander", () -> mpath.unload("alua"));
        refused("unload: path selector round-robin is in use by map bystander", () -> mpath.unload("round-robin"));
    }

    @Test
    void simCommandsOnArraysAndPortsThatDoNotExist() throws Exception {
        refused("no simulated array named nosuch; arrays: array1, cx", () -> sim.port("nosuch", "A0", "down"));
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", () -> sim.port("array1", "Z9", "down"));
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", () -> sim.hang("array1", "Z9"));
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", () -> sim.release("array1", "Z9"));
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", () -> sim.clear("array1", "Z9"));
        refused("no simulated array named nosuch; arrays: array1, cx", () -> sim.destroy("nosuch"));
        refused("no port group 7 on array1; groups: 1, 2", () -> sim.state("array1", "7", "S"));
        refused("no port group 3 on cx; groups: 1, 2", () -> sim.trespass("cx", "0", "3"));
        refused("no LU 9 on cx; LUs: 0", () -> sim.trespass("cx", "9", "2"));
    }

    @Test
    void simCommandsWithBadWords() throws Exception {
        refused("port: say up or down, not sideways", () -> sim.port("array1", "A0", "sideways"));
        refused("unknown ALUA state sleepy; use active, nonoptimized, standby, unavailable, offline or transitioning",
                () -> sim.state("array1", "2", "sleepy"));
        refused("state: cx is not an ALUA array", () -> sim.state("cx", "1", "S"));
        refused("trespass: array1 is not a CLARiiON array", () -> sim.trespass("array1", "0", "2"));
        refused("ndu: array1 is not a CLARiiON array", () -> sim.ndu("array1", "on"));
        refused("say on or off, not maybe", () -> sim.ndu("cx", "maybe"));
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 2-4-b", () -> sim.sense("array1", "A0",
                "2-4-b", "1"));
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 10/04/0b", () -> sim.sense("array1", "A0",
                "10/04/0b", "1"));
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 02/104/0b", () -> sim.sense("array1", "A0",
                "02/104/0b", "1"));
        refused("sense: COUNT must be from 1 to 1000000, not 0", () -> sim.sense("array1", "A0", "02/04/0b", "0"));
        refused("latency: MILLISECONDS must be from 0 to 600000, not -1", () -> sim.latency("array1", "A0", "-1"));
        refused("latency: MILLISECONDS must be from 0 to 600000, not 600001",
                () -> sim.latency("array1", "A0", "600001"));
    }

    @Test
    void simCreateWithBadArguments() throws Exception {
        refused("create: PERSONALITY must be alua or clariion, not rdac", () -> create("x", "rdac", "1", "1"));
        refused("create: GROUPS must be from 1 to 8, not 9", () -> create("x", "alua", "9", "1"));
        refused("create: PORTS must be from 1 to 8, not 0", () -> create("x", "alua", "1", "0"));
        refused("create: GROUPS must be from 1 to 8, not 99999999999", () -> create("x", "alua", "99999999999", "2"));
        refused("create: NAME 'a b' is not an array name (1 to 64 letters, digits, '.', '_' or '-')",
                () -> create("a b", "alua", "1", "1"));
        refused("create: a simulated array named array1 already exists (from sim:create)",
                () -> create("array1", "alua", "1", "1"));
        assertTrue(sim.arrays().startsWith("array1 alua"));
    }

    /** sim:create NAME PERSONALITY GROUPS PORTS with the options at their defaults. */
    private String create(String name, String personality, String groups, String ports) {
        return sim.create("1", "2097152", "512", "both", name, personality, groups, ports);
    }
}
