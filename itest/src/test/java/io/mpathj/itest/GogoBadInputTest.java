package io.mpathj.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.mpathj.api.handler.HardwareHandlerType;
import io.mpathj.api.map.Multipath;
import io.mpathj.api.map.OpenMap;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

/**
 * The {@code mpath:} and {@code sim:} Gogo commands typed with bad arguments, through the real Gogo
 * CommandProcessor and the real bundles: each refusal is one line that Gogo prints as it is (the exception's
 * toString() is its message: no class name, no stack), the command prints nothing else, and the running map
 * "bystander" (over sim array "array1", like the distribution's default) and the sim arrays are left exactly as they
 * were: the same status and table, the same {@code sim:arrays}, and its I/O still completes with the right data.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class GogoBadInputTest extends ContainerTest {
    private Gogo gogo;
    private Multipath multipath;
    private String info;
    private String table;
    private String arrays;

    @Before
    public void createTheBystander() throws Exception {
        gogo = gogo();
        multipath = awaitService(Multipath.class);
        awaitService(HardwareHandlerType.class, "(mpathj.hardware.handler.name=alua)", SERVICE_TIMEOUT);
        gogo.run("sim:create array1 alua");
        gogo.run("sim:create cx clariion 2 1");
        gogo.run("mpath:create bystander \"0 1 alua 2 1 round-robin 0 2 0 sim:array1/A0/0 sim:array1/A1/0 "
                + "round-robin 0 2 0 sim:array1/B0/0 sim:array1/B1/0\"");
        io(); // settles group 1 (pg_init) so the status stays put from here on
        info = gogo.run("mpath:status bystander").formatted();
        table = gogo.run("mpath:table bystander").formatted();
        arrays = gogo.run("sim:arrays").formatted();
    }

    /** A block written to the bystander through the public map API reads back the same. */
    private void io() throws Exception {
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0x5A);
        ByteBuffer back = ByteBuffer.allocate(512);
        try (OpenMap map = multipath.open("bystander", GogoBadInputTest.class.getSimpleName())) {
            map.write(7, ByteBuffer.wrap(data)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            map.read(7, back).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, back.array());
    }

    /** The command line fails with exactly this line, prints nothing else, and nothing else moved. */
    private void refused(String line, String command) throws Exception {
        Gogo.CommandFailedException failed = assertThrows(Gogo.CommandFailedException.class, () -> gogo.run(command));
        Throwable e = failed.getCause();
        assertEquals(command, line, e.getMessage());
        assertEquals("Gogo prints toString(): the line alone, without a class name", line, e.toString());
        assertFalse(line.contains("\n"));
        assertEquals(command + " printed", "", failed.out());
        assertEquals(command + " printed to stderr", "", failed.err());
        assertEquals(info, gogo.run("mpath:status bystander").formatted());
        assertEquals(table, gogo.run("mpath:table bystander").formatted());
        assertEquals(arrays, gogo.run("sim:arrays").formatted());
        io();
        assertEquals(info, gogo.run("mpath:status bystander").formatted());
    }

    @Test
    public void mpathCreateWithBadArguments() throws Exception {
        refused("create: no table given; e.g. mpath:create m1 \"0 1 alua 1 1 round-robin 0 2 0 sim:array1/A0/0 "
                + "sim:array1/A1/0\"", "mpath:create m1");
        refused("create m1: invalid number of priority groups", "mpath:create m1 0 0");
        // in the container the on-demand loader looked for rdac first, and says where
        refused("create m1: unknown hardware handler type 'rdac': searched no repositories are configured",
                "mpath:create m1 \"0 1 rdac 1 1 round-robin 0 1 0 sim:array1/A0/0\"");
        refused("create m1: error getting device: no path named sim:array1/Q0/0",
                "mpath:create m1 \"0 0 1 1 round-robin 0 1 0 sim:array1/Q0/0\"");
        refused("create a/b: invalid map name 'a/b': 1 to 127 characters, no '/', no white space",
                "mpath:create a/b \"0 0 1 1 round-robin 0 1 0 sim:array1/A0/0\"");
        refused("create bystander: map bystander already exists",
                "mpath:create bystander \"0 0 1 1 round-robin 0 1 0 sim:array1/A0/0\"");
        // alua's use count is still one: the bystander's
        String handlers = gogo.run("mpath:handlers").formatted();
        assertTrue(handlers, handlers.matches("(?s).*\nalua +io\\.mpathj\\.handler\\.alua \\S+ +active +1 +bystander"
                + "(\n.*)?"));
    }

    @Test
    public void mpathCommandsOnMapsThatDoNotExist() throws Exception {
        refused("no map named nosuch; maps: bystander", "mpath:status nosuch");
        refused("no map named nosuch; maps: bystander", "mpath:table nosuch");
        refused("no map named nosuch; maps: bystander", "mpath:message nosuch queue_if_no_path");
        refused("no map named nosuch; maps: bystander", "mpath:remove nosuch");
        refused("no map named nosuch; maps: bystander", "mpath:reload nosuch \"0 0 0 0\"");
        refused("no map named nosuch; maps: bystander", "mpath:suspend nosuch");
        refused("no map named nosuch; maps: bystander", "mpath:info nosuch");
    }

    /** The views (multipath -ll): these commands may move from core to a daemon bundle. */
    @Test
    public void viewsOnMapsThatDoNotExist() throws Exception {
        refused("no map named nosuch; maps: bystander", "mpath:topology nosuch");
    }

    @Test
    public void mpathMessageWithBadWords() throws Exception {
        refused("message bystander: Invalid multipath message arguments. Expected 2 arguments, got 0.",
                "mpath:message bystander");
        refused("message bystander: Invalid multipath message arguments. Expected 2 arguments, got 0.",
                "mpath:message bystander 0");
        refused("message bystander: Unrecognised multipath message received: frob", "mpath:message bystander frob 1");
        refused("message bystander: invalid PG number supplied to switch_pg_num",
                "mpath:message bystander switch_group 3");
        refused("message bystander: invalid PG number supplied to bypass_pg",
                "mpath:message bystander disable_group x");
        refused("message bystander: message: error getting device sim:array1/A0/1",
                "mpath:message bystander fail_path sim:array1/A0/1");
    }

    @Test
    public void mpathIoAndUnloadWithBadArguments() throws Exception {
        refused("io: --seconds must be between 1 and 3600, not 0", "mpath:io -s 0 bystander");
        refused("io: --seconds must be between 1 and 3600, not 3601", "mpath:io -s 3601 bystander");
        refused("io: --seconds must be between 1 and 3600, not -5", "mpath:io -s -5 bystander");
        refused("io: --seconds takes a whole number, not '99999999999999999999'",
                "mpath:io -s 99999999999999999999 bystander");
        refused("io: --depth must be between 1 and 256, not 0", "mpath:io -s 1 -q 0 bystander");
        refused("usage: mpath:io [-s SECONDS] [-q DEPTH] [-b BYTES] [--span BLOCKS] NAME (help mpath:io says more)",
                "mpath:io");
        refused("unload: no hardware handler or path selector named nosuch is loaded", "mpath:unload nosuch");
        refused("unload: hardware handler alua is in use by map bystander", "mpath:unload alua");
        refused("unload: path selector round-robin is in use by map bystander", "mpath:unload round-robin");
    }

    @Test
    public void simCommandsOnArraysAndPortsThatDoNotExist() throws Exception {
        refused("no simulated array named nosuch; arrays: array1, cx", "sim:port nosuch A0 down");
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", "sim:port array1 Z9 down");
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", "sim:hang array1 Z9");
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", "sim:release array1 Z9");
        refused("no port Z9 on array1; ports: A0, A1, B0, B1", "sim:clear array1 Z9");
        refused("no simulated array named nosuch; arrays: array1, cx", "sim:destroy nosuch");
        refused("no port group 7 on array1; groups: 1, 2", "sim:state array1 7 S");
        refused("no port group 3 on cx; groups: 1, 2", "sim:trespass cx 0 3");
        refused("no LU 9 on cx; LUs: 0", "sim:trespass cx 9 2");
    }

    @Test
    public void simCommandsWithBadWords() throws Exception {
        refused("port: say up or down, not sideways", "sim:port array1 A0 sideways");
        refused("unknown ALUA state sleepy; use active, nonoptimized, standby, unavailable, offline or transitioning",
                "sim:state array1 2 sleepy");
        refused("state: cx is not an ALUA array", "sim:state cx 1 S");
        refused("trespass: array1 is not a CLARiiON or E-Series array", "sim:trespass array1 0 2");
        refused("ndu: array1 is not a CLARiiON array", "sim:ndu array1 on");
        refused("say on or off, not maybe", "sim:ndu cx maybe");
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 2-4-b", "sim:sense array1 A0 2-4-b 1");
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 10/04/0b", "sim:sense array1 A0 10/04/0b 1");
        refused("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 02/104/0b",
                "sim:sense array1 A0 02/104/0b 1");
        refused("sense: COUNT must be from 1 to 1000000, not 0", "sim:sense array1 A0 02/04/0b 0");
        refused("sense: --command no command class sometimes; classes: all, io, tur, inquiry, start-stop, mode-sense, "
                + "mode-select, rtpg, stpg, request-sense, non-io", "sim:sense -c sometimes array1 A0 02/04/0b 1");
        refused("latency: MILLISECONDS must be from 0 to 600000, not -1", "sim:latency array1 A0 -1");
        refused("latency: MILLISECONDS must be from 0 to 600000, not 600001", "sim:latency array1 A0 600001");
    }

    @Test
    public void simCreateWithBadArguments() throws Exception {
        refused("create: no array personality named rdac; personalities: alua, clariion, eseries, msa",
                "sim:create x rdac 1 1");
        refused("create: eseries: an E-Series array has two controllers (port groups), not 1",
                "sim:create x eseries 1 1");
        refused("create: GROUPS must be from 1 to 8, not 9", "sim:create x alua 9 1");
        refused("create: PORTS must be from 1 to 8, not 0", "sim:create x alua 1 0");
        refused("create: GROUPS must be from 1 to 8, not 99999999999", "sim:create x alua 99999999999 2");
        refused("create: NAME 'a b' is not an array name (1 to 64 letters, digits, '.', '_' or '-')",
                "sim:create \"a b\" alua 1 1");
        refused("create: a simulated array named array1 already exists (from sim:create)",
                "sim:create array1 alua 1 1");
        assertTrue(gogo.run("sim:arrays").formatted().startsWith("array1 alua"));
    }
}
