package io.mpathj.storage.sim.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.Tpgs;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code sim:} commands driven through Gogo's own command processor, as typed at the {@code g!} prompt. */
class SimCommandsTest {
    private final SimPlatform platform = TestPlatforms.withBuiltInPersonalities();
    private final SimCommands commands = new SimCommands(platform);
    private final GogoShell shell = new GogoShell(commands);

    @AfterEach
    void tearDown() {
        shell.close();
        platform.registry().arrays().forEach(SimArray::close);
    }

    private SimArray array(String name) {
        return platform.registry().array(name).orElseThrow();
    }

    @Test
    void createWithDefaultsBuildsTwoPortGroupsOfTwoPortsAndOneLuOfOneGib() {
        assertEquals("created alua array array1 (tpgs=both): 2 groups of 2 ports, 1 LU of 2097152 x 512 bytes; "
                + "paths sim:array1/PORT/LUN for ports A0 A1 B0 B1, LUN 0", shell.run("sim:create array1 alua"));
        assertEquals(String.join("\n",
                "array1 alua tpgs=both",
                "  group 1 pref lun0=active_optimized ports: A0(up) A1(up)",
                "  group 2 lun0=standby ports: B0(up) B1(up)",
                "  lun 0: 2097152 x 512 bytes, serial " + array("array1").logicalUnit(0).serialNumber()),
                shell.run("sim:arrays"));
    }

    @Test
    void aPlainDiskWithoutAluaServesIoOnEveryPort() {
        shell.run("sim:create --tpgs none d alua 2 2");
        String arrays = shell.run("sim:arrays");
        assertTrue(arrays.contains("group 1 pref lun0=active_optimized ports: A0(up) A1(up)"), arrays);
        assertTrue(arrays.contains("group 2 lun0=active_optimized ports: B0(up) B1(up)"), arrays);
    }

    @Test
    void createTakesGroupsPortsAndEveryOption() {
        assertEquals("created alua array x (tpgs=implicit): 3 groups of 1 port, 3 LUs of 1000 x 4096 bytes; "
                + "paths sim:x/PORT/LUN for ports A0 B0 C0, LUNs 0..2",
                shell.run("sim:create --luns 3 -b 1000 --block-size 4096 -t implicit x alua 3 1"));
        SimArray x = array("x");
        assertEquals(Tpgs.IMPLICIT, x.alua().tpgs());
        assertEquals(3, x.portGroups().size());
        assertEquals(3, x.logicalUnits().size());
        assertEquals(1000, x.logicalUnit(2).blockCount());
        assertEquals(4096, x.logicalUnit(2).blockSize());
        assertEquals("created clariion array cx: 4 groups of 2 ports, 1 LU of 2097152 x 512 bytes; paths "
                + "sim:cx/PORT/LUN for ports A0 A1 B0 B1 C0 C1 D0 D1, LUN 0", shell.run("sim:create cx clariion 4"));
        assertEquals("clariion", array("cx").personality());
    }

    @Test
    void lsAndPortsPrintOneNamePerLineForCompletion() {
        assertEquals("", shell.run("sim:ls"), "no arrays: nothing at all");
        assertEquals("no simulated array named b; there are none (sim:create makes one)", shell.fail("sim:ports b"));
        assertEquals("no simulated arrays", shell.run("sim:arrays"));
        shell.run("sim:create b alua 1 3");
        shell.run("sim:create a clariion");
        assertEquals("a\nb", shell.run("sim:ls"));
        assertEquals("A0\nA1\nA2", shell.run("sim:ports b"));
        assertEquals("no simulated array named c; arrays: a, b", shell.fail("sim:ports c"));
    }

    @Test
    void tooFewOrTooManyWordsPrintTheUsage() {
        shell.run("sim:create array1 alua");
        assertEquals("create: wrong number of arguments (none); usage: sim:create [--luns N] [--lun-blocks N] "
                + "[--block-size 512|4096] [--tpgs none|implicit|explicit|both] NAME PERSONALITY [GROUPS [PORTS]]",
                shell.fail("sim:create"));
        assertEquals("create: wrong number of arguments (1: x); " + SimCommands.USAGE.get("create"),
                shell.fail("sim:create x"));
        assertEquals("create: wrong number of arguments (5: x alua 1 1 1); " + SimCommands.USAGE.get("create"),
                shell.fail("sim:create x alua 1 1 1"));
        assertEquals("create: wrong number of arguments (3: x alua --luns); " + SimCommands.USAGE.get("create"),
                shell.fail("sim:create x alua --luns"), "an option without its value");
        assertEquals("port: wrong number of arguments (2: array1 A0); usage: sim:port ARRAY PORT up|down",
                shell.fail("sim:port array1 A0"));
        assertEquals("ls: wrong number of arguments (1: x); usage: sim:ls", shell.fail("sim:ls x"));
        for (Map.Entry<String, String> e : SimCommands.USAGE.entrySet()) {
            String command = e.getKey();
            int words = e.getValue().split(" ").length - 2; // "usage: sim:x" then the words
            if (words > 0) {
                assertEquals(command + ": wrong number of arguments (none); " + e.getValue(),
                        shell.fail("sim:" + command));
            }
            assertEquals(command + ": wrong number of arguments (9: 1 2 3 4 5 6 7 8 9); " + e.getValue(),
                    shell.fail("sim:" + command + " 1 2 3 4 5 6 7 8 9"));
        }
        assertEquals(1, platform.registry().arrays().size(), "nothing was created");
    }

    @Test
    void numbersAreRangeCheckedNotWrapped() {
        shell.run("sim:create array1 alua");
        shell.run("sim:create cx clariion 2 1");
        assertEquals("create: GROUPS must be from 1 to 8, not 99999999999",
                shell.fail("sim:create x alua 99999999999 2"));
        assertEquals("create: GROUPS must be from 1 to 8, not 4294967298", shell.fail("sim:create x alua 4294967298 2"),
                "2^32 + 2 would wrap to 2 as an int");
        assertEquals("create: GROUPS must be from 1 to 8, not 123456789012345678901234567890",
                shell.fail("sim:create x alua 123456789012345678901234567890"));
        assertEquals("create: PORTS must be from 1 to 8, not -2", shell.fail("sim:create x alua 2 -2"));
        assertEquals("create: GROUPS must be a whole number from 1 to 8, not two",
                shell.fail("sim:create x alua two"));
        assertEquals("create: GROUPS must be a whole number from 1 to 8, not 1.5", shell.fail("sim:create x alua 1.5"));
        assertEquals("create: --luns must be from 1 to 64, not 65", shell.fail("sim:create --luns 65 x alua"));
        assertEquals("create: --lun-blocks must be from 1 to 2147483648, not 2147483649",
                shell.fail("sim:create --lun-blocks 2147483649 x alua"));
        assertEquals("create: --lun-blocks must be from 1 to 268435456, not 268435457",
                shell.fail("sim:create --lun-blocks 268435457 --block-size 4096 x alua"));
        assertEquals("create: --block-size must be 512 or 4096, not 1024",
                shell.fail("sim:create --block-size 1024 x alua"));
        assertEquals("create: --tpgs must be none, implicit, explicit or both, not sometimes",
                shell.fail("sim:create --tpgs sometimes x alua"));
        assertEquals("create: unknown option --lunz; " + SimCommands.USAGE.get("create"),
                shell.fail("sim:create --lunz 3 x alua"));
        assertEquals("latency: MILLISECONDS must be from 0 to 600000, not -1", shell.fail("sim:latency array1 A0 -1"));
        assertEquals("latency: MILLISECONDS must be from 0 to 600000, not 600001",
                shell.fail("sim:latency array1 A0 600001"));
        assertEquals("latency: MILLISECONDS must be from 0 to 600000, not 9223372036854775808",
                shell.fail("sim:latency array1 A0 9223372036854775808"));
        assertEquals("sense: COUNT must be from 1 to 1000000, not 0", shell.fail("sim:sense array1 A0 02/04/0b 0"));
        assertEquals("sense: COUNT must be from 1 to 1000000, not 99999999999",
                shell.fail("sim:sense array1 A0 02/04/0b 99999999999"));
        assertEquals("trespass: LUN must be from 0 to 2147483647, not -1", shell.fail("sim:trespass cx -1 2"));
        assertEquals("no port group 4294967298 on array1; groups: 1, 2",
                shell.fail("sim:state array1 4294967298 S"));
        assertEquals("no port group 3 on cx; groups: 1, 2", shell.fail("sim:trespass cx 0 3"));
        assertEquals(new TreeSet<>(List.of("array1", "cx")), new TreeSet<>(Arrays.asList(
                shell.run("sim:ls").split("\n"))), "nothing was created");
        assertTrue(array("array1").path("A0", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture().isDone(), "no latency was set: the command completes inline");
    }

    @Test
    void unknownArraysPortsLusAndWordsGetOneLine() {
        shell.run("sim:create array1 alua");
        shell.run("sim:create cx clariion 2 1");
        assertEquals("no simulated array named nosuch; arrays: array1, cx", shell.fail("sim:port nosuch A0 up"));
        assertEquals("no simulated array named null; arrays: array1, cx", shell.fail("sim:port null A0 up"),
                "Gogo passes the word null as null");
        assertEquals("no port Z9 on array1; ports: A0, A1, B0, B1", shell.fail("sim:port array1 Z9 up"));
        assertEquals("no port Z9 on array1; ports: A0, A1, B0, B1", shell.fail("sim:hang array1 Z9"));
        assertEquals("port: say up or down, not sideways", shell.fail("sim:port array1 A0 sideways"));
        assertEquals("unknown ALUA state sleepy; use active, nonoptimized, standby, unavailable, offline or "
                + "transitioning", shell.fail("sim:state array1 2 sleepy"));
        assertEquals("no port group 7 on array1; groups: 1, 2", shell.fail("sim:state array1 7 S"));
        assertEquals("state: cx is not an ALUA array", shell.fail("sim:state cx 1 S"));
        assertEquals("trespass: array1 is not a CLARiiON or E-Series array", shell.fail("sim:trespass array1 0 2"));
        assertEquals("no LU 9 on cx; LUs: 0", shell.fail("sim:trespass cx 9 2"));
        assertEquals("say on or off, not maybe", shell.fail("sim:ndu cx maybe"));
        assertEquals("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 2-4-b",
                shell.fail("sim:sense array1 A0 2-4-b 1"));
        assertEquals("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 10/04/0b",
                shell.fail("sim:sense array1 A0 10/04/0b 1"));
        assertEquals("sense must be KEY/ASC/ASCQ in hex (e.g. 02/04/0b), not 02/104/0b",
                shell.fail("sim:sense array1 A0 02/104/0b 1"));
        assertEquals("create: NAME 'a b' is not an array name (1 to 64 letters, digits, '.', '_' or '-')",
                shell.fail("sim:create 'a b' alua"));
        assertEquals("create: no array personality named rdac; personalities: alua, clariion, eseries, msa",
                shell.fail("sim:create x rdac"));
        assertEquals("create: eseries: an E-Series array has two controllers (port groups), not 1",
                shell.fail("sim:create x eseries 1"));
        assertEquals("create: a simulated array named array1 already exists (from sim:create)",
                shell.fail("sim:create array1 clariion"));
        assertEquals("no simulated array named nosuch; arrays: array1, cx", shell.fail("sim:destroy nosuch"));
        assertEquals("sim: no command frob; commands: arrays, clear, create, destroy, hang, latency, ls, ndu, "
                + "personalities, port, ports, release, sense, state, trespass", assertThrowsLine(() -> commands._main("frob")));
    }

    private static String assertThrowsLine(Runnable r) {
        try {
            r.run();
        } catch (SimCommandException e) {
            return e.toString();
        }
        throw new AssertionError("did not throw");
    }

    @Test
    void portDownFailsCommandsWithATransportError() throws Exception {
        shell.run("sim:create array1 alua");
        SimArray a = array("array1");
        assertEquals("array1/A0 down", shell.run("sim:port array1 A0 DOWN"));
        ScsiResult r = a.path("A0", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(r.isTransportFailure());
        assertTrue(shell.run("sim:arrays").contains("ports: A0(down) A1(up)"));
        assertEquals("array1/A0 up", shell.run("sim:port array1 A0 up"));
        assertFalse(a.port("A0").faults().isLinkDown());
    }

    @Test
    void stateAndTrespassDriveThePersonalities() {
        shell.run("sim:create array1 alua");
        shell.run("sim:create cx clariion 2 1");
        assertEquals("array1 group 2 -> active_optimized", shell.run("sim:state array1 2 A"));
        assertEquals(AccessState.ACTIVE_OPTIMIZED, array("array1").alua().state(0, 2));
        assertEquals("cx lun 0 owned by SP B", shell.run("sim:trespass cx 0 2"));
        assertEquals(2, array("cx").clariion().owner(0));
        assertTrue(shell.run("sim:arrays").contains("  group 2 lun0=owner ports: B0(up)"));
        assertEquals("cx NDU on", shell.run("sim:ndu cx on"));
        assertTrue(shell.run("sim:arrays").contains("cx clariion"));
    }

    @Test
    void latencyHangReleaseAndClearActOnThePort() throws Exception {
        shell.run("sim:create array1 alua");
        SimArray a = array("array1");
        a.clearUnitAttentions();
        assertEquals("array1/A0 latency 250 ms", shell.run("sim:latency array1 A0 250"));
        long start = System.nanoTime();
        var late = a.path("A0", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture();
        assertFalse(late.isDone());
        assertTrue(late.get(5, TimeUnit.SECONDS).isGood());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(240), "250 ms later");
        assertEquals("array1/A1 hangs commands", shell.run("sim:hang array1 A1"));
        var held = a.path("A1", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture();
        Thread.sleep(50);
        assertFalse(held.isDone());
        assertEquals("array1/A1 released 1 commands", shell.run("sim:release array1 A1"));
        assertTrue(held.get(5, TimeUnit.SECONDS).isGood());
        assertEquals("array1/A0 cleared", shell.run("sim:clear array1 A0"));
        assertTrue(a.path("A0", 0).orElseThrow().execute(ScsiCommand.noData(Cdbs.testUnitReady()))
                .toCompletableFuture().isDone(), "no latency after clear: the command completes inline");
    }

    @Test
    void injectedSenseReachesTheNextIoCommands() throws Exception {
        shell.run("sim:create array1 alua");
        SimArray a = array("array1");
        a.clearUnitAttentions();
        assertEquals("array1/A0: next 2 I/O commands get sense 03/11/00", shell.run("sim:sense array1 A0 03/11/00 2"));
        for (int i = 0; i < 2; i++) {
            ScsiResult r = a.path("A0", 0).orElseThrow().execute(ScsiCommand.dataIn(Cdbs.read16(0, 1),
                    ByteBuffer.allocate(512))).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("03/11/00", r.sense().orElseThrow().triple());
        }
        ScsiResult third = a.path("A0", 0).orElseThrow().execute(ScsiCommand.dataIn(Cdbs.read16(0, 1),
                ByteBuffer.allocate(512))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(third.isGood());
    }

    /** --command targets a class of commands: TUR on an MSA's active path looks passive, I/O is untouched. */
    @Test
    void injectedSenseCanTargetAnyCommandClass() throws Exception {
        shell.run("sim:create m msa 2 1");
        SimArray a = array("m");
        a.clearUnitAttentions();
        assertEquals("m/A0: next 1 tur commands get sense 02/04/02",
                shell.run("sim:sense --command tur m A0 02/04/02 1"));
        assertEquals("02/04/02", run(a, "A0", ScsiCommand.noData(Cdbs.testUnitReady())).sense().orElseThrow()
                .triple());
        assertTrue(run(a, "A0", ScsiCommand.noData(Cdbs.testUnitReady())).isGood(), "one TUR only");
        assertEquals("m/A0: next 2 start-stop commands get sense 02/04/03",
                shell.run("sim:sense -c START-STOP m A0 02/04/03 2"));
        assertTrue(run(a, "A0", ScsiCommand.dataIn(Cdbs.read16(0, 1), ByteBuffer.allocate(512))).isGood(),
                "I/O is not a START STOP UNIT");
        assertEquals("02/04/03", run(a, "A0", ScsiCommand.noData(Cdbs.startStopUnit(true))).sense().orElseThrow()
                .triple());
        assertEquals("m/A0: next 1 inquiry commands get sense 04/44/00",
                shell.run("sim:sense --command inquiry m A0 04/44/00 1"));
        assertEquals("04/44/00", run(a, "A0", ScsiCommand.dataIn(Cdbs.inquiry(36), ByteBuffer.allocate(36)))
                .sense().orElseThrow().triple());
        assertEquals("sense: --command no command class frob; classes: all, io, tur, inquiry, start-stop, "
                + "mode-sense, mode-select, rtpg, stpg, request-sense, non-io",
                shell.fail("sim:sense --command frob m A0 02/04/02 1"));
    }

    private static ScsiResult run(SimArray a, String port, ScsiCommand command) throws Exception {
        return a.path(port, 0).orElseThrow().execute(command).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void createMakesEveryBuiltInPersonalityAndListsThem() {
        assertEquals(String.join("\n",
                "alua: SPC-4 ALUA: preferred group active/optimized, the others standby; RTPG, STPG",
                "clariion: EMC CLARiiON active/passive: SP A owns the LUs, MODE SELECT page 22h trespasses",
                "eseries: NetApp E-Series RDAC, AVT off: controller A owns the LUs, MODE SELECT page 2Ch transfers "
                        + "them",
                "msa: HP MSA active/standby: controller A active, START STOP UNIT through B makes B active"),
                shell.run("sim:personalities"));
        assertEquals("created eseries array e: 2 groups of 2 ports, 2 LUs of 64 x 512 bytes; paths sim:e/PORT/LUN "
                + "for ports A0 A1 B0 B1, LUNs 0..1", shell.run("sim:create -l 2 -b 64 e eseries"));
        assertEquals(String.join("\n",
                "e eseries",
                "  group 1 pref lun0=owner lun1=owner ports: A0(up) A1(up)",
                "  group 2 lun0=unowned lun1=unowned ports: B0(up) B1(up)"),
                shell.run("sim:arrays").lines().limit(3).reduce((x, y) -> x + "\n" + y).orElseThrow());
        assertEquals("e lun 1 owned by controller B", shell.run("sim:trespass e 1 2"));
        assertEquals(2, array("e").eseries().owner(1));
        shell.run("sim:create --tpgs both m MSA 2 1");
        assertEquals("msa", array("m").personality());
        assertTrue(shell.run("sim:arrays").contains("m msa\n  group 1 pref lun0=active ports: A0(up)\n"
                + "  group 2 lun0=standby ports: B0(up)"), shell.run("sim:arrays"));
    }

    @Test
    void destroyRemovesArraysMadeInTheShellButNotThoseOfAFile() {
        shell.run("sim:create t alua 1 1");
        assertEquals("removed array t", shell.run("sim:destroy t"));
        assertEquals("", shell.run("sim:ls"));
        ConfiguredSimArray configured = new ConfiguredSimArray(platform, Map.of("felix.fileinstall.filename",
                "file:/run/etc/io.mpathj.sim.array-f.cfg"));
        assertEquals("destroy: f comes from etc/io.mpathj.sim.array-f.cfg; delete that file to remove it",
                shell.fail("sim:destroy f"));
        assertEquals("f", shell.run("sim:ls"));
        configured.deactivate();
        assertEquals("", shell.run("sim:ls"));
    }

    /** Every command has a one-line description, and every parameter and option one too: help shows them all. */
    @Test
    void everyCommandAndParameterIsDescribed() throws Exception {
        for (String command : SimCommands.USAGE.keySet()) {
            Method[] methods = Arrays.stream(SimCommands.class.getMethods()).filter(m -> m.getName().equals(command))
                    .toArray(Method[]::new);
            assertEquals(1, methods.length, "one method, so help shows one usage: " + command);
            Descriptor d = methods[0].getAnnotation(Descriptor.class);
            assertNotNull(d, command);
            assertFalse(d.value().contains("\n"), command);
            List<String> named = new ArrayList<>();
            for (Parameter p : methods[0].getParameters()) {
                assertNotNull(p.getAnnotation(Descriptor.class), command + " " + p.getName());
                assertEquals(String.class, p.getType().isArray() ? p.getType().getComponentType() : p.getType(),
                        "text, checked by the command, not coerced by Gogo: " + command);
                if (p.getAnnotation(org.apache.felix.service.command.Parameter.class) == null) {
                    String text = p.getAnnotation(Descriptor.class).value();
                    named.add(text.substring(0, Math.max(0, text.indexOf(": "))));
                }
            }
            // help lists parameters by type (String) and description: each description starts with its usage word
            assertEquals(SimCommands.USAGE.get(command).replaceAll(" \\[--[^]]*]", ""),
                    ("usage: sim:" + command + " " + String.join(" ", named)).strip());
        }
    }

    /** The functions the component registers (from the descriptor bnd generates) are exactly the documented ones. */
    @Test
    void theComponentRegistersEveryCommandWithAUsage() throws Exception {
        Path xml = Path.of("target/classes/OSGI-INF/" + SimCommands.class.getName() + ".xml");
        String descriptor = Files.readString(xml);
        Matcher m = Pattern.compile("osgi\\.command\\.function\"[^>]*>([^<]*)<").matcher(descriptor);
        assertTrue(m.find(), descriptor);
        assertEquals(new TreeSet<>(SimCommands.USAGE.keySet()), new TreeSet<>(Arrays.asList(m.group(1).strip()
                .split("\\s+"))));
    }
}
