package io.mpathj.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Simulated arrays from {@code etc/io.mpathj.sim.array-NAME.cfg} files, as an operator writes them: FileInstall
 * watches the folder and feeds ConfigAdmin, the sim bundle reads the documented keys, and {@code sim:arrays} shows
 * the arrays and the files it refused. Also the {@code sim:} commands' refusals through the container's real Gogo.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SimConfigTest extends ContainerTest {
    /** The watched etc/ folder; the configuration runs in the test JVM and the tests in the probe: a property. */
    private static final String ETC_PROPERTY = "mpathj.itest.simconfig.etc";

    private final List<Path> written = new ArrayList<>();

    @Override
    protected Option[] extraOptions() {
        Path etc = new File("target/simconfig-" + UUID.randomUUID(), "etc").getAbsoluteFile().toPath();
        try {
            Files.createDirectories(etc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.setProperty(ETC_PROPERTY, etc.toString());
        return new Option[] {MpathjOptions.bundleFile("org.apache.felix.fileinstall"),
                frameworkProperty("felix.fileinstall.dir").value(etc.toString()),
                frameworkProperty("felix.fileinstall.poll").value("100"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false")};
    }

    /** Writes (or rewrites, in one step) etc/io.mpathj.sim.array-NAME.cfg. */
    private Path write(String file, String... lines) throws IOException {
        Path etc = Path.of(System.getProperty(ETC_PROPERTY));
        Path cfg = etc.resolve("io.mpathj.sim.array-" + file + ".cfg");
        Path staged = etc.resolve("." + file + ".tmp");
        Files.writeString(staged, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(staged, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!written.contains(cfg)) {
            written.add(cfg);
        }
        return cfg;
    }

    /** Deletes what the test wrote and waits until FileInstall has removed every array and refusal it made. */
    @After
    public void deleteTheFiles() throws Exception {
        for (Path f : written) {
            Files.deleteIfExists(f);
        }
        Gogo gogo = gogo();
        eventually(gogo, "sim:arrays", "no simulated arrays"::equals);
    }

    /** Runs the command until its output satisfies the condition (FileInstall polls every 100 ms); returns it. */
    private static String eventually(Gogo gogo, String command, Predicate<String> condition)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out = gogo.run(command).formatted();
        while (!condition.test(out)) {
            assertTrue("timed out; '" + command + "' still prints:\n" + out, System.nanoTime() < end);
            Thread.sleep(50);
            out = gogo.run(command).formatted();
        }
        return out;
    }

    private static String section(String arrays, String name) {
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : arrays.split("\n")) {
            if (!line.startsWith(" ")) {
                in = line.startsWith(name + " ");
            }
            if (in) {
                sb.append(line.replaceAll("serial \\S+", "serial S")).append('\n');
            }
        }
        return sb.toString().stripTrailing();
    }

    @Test
    public void everyDocumentedKeyOfAFileShapesTheArray() throws Exception {
        Gogo gogo = gogo();
        write("keys", "# every documented key", "name=big", "personality=alua", "tpgs=implicit", "port_groups=3",
                "ports_per_group=1", "luns=2", "lun_blocks=4096", "block_size=4096");
        write("cx", "personality=clariion", "port_groups=2", "ports_per_group=2");
        eventually(gogo, "sim:ls", "big\ncx"::equals);
        String arrays = gogo.run("sim:arrays").formatted();
        assertEquals(String.join("\n",
                "big alua tpgs=implicit",
                "  group 1 pref lun0=active_optimized lun1=active_optimized ports: A0(up)",
                "  group 2 lun0=standby lun1=standby ports: B0(up)",
                "  group 3 lun0=standby lun1=standby ports: C0(up)",
                "  lun 0: 4096 x 4096 bytes, serial S",
                "  lun 1: 4096 x 4096 bytes, serial S"), section(arrays, "big"));
        assertEquals("defaults, and the name from the file", String.join("\n",
                "cx clariion",
                "  group 1 pref lun0=owner ports: A0(up) A1(up)",
                "  group 2 lun0=passive ports: B0(up) B1(up)",
                "  lun 0: 2097152 x 512 bytes, serial S"), section(arrays, "cx"));
        assertEquals("A0\nB0\nC0", gogo.run("sim:ports big").formatted());
    }

    @Test
    public void aBadValueRefusesTheFileUntilItIsFixed() throws Exception {
        Gogo gogo = gogo();
        // the log: slf4j-simple, on the test JVM's class path, writes to whatever System.err is when it logs. Gogo
        // puts its own System.err back whenever it runs a command, so none runs while the log is captured.
        String error = "ERROR io.mpathj.storage.sim.internal.osgi.ConfiguredSimArray - etc/io.mpathj.sim.array-x.cfg: "
                + "refused, lun_blocks: 'abc' is not a whole number";
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            write("x", "port_groups=2", "lun_blocks=abc", "colour=blue");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!log.toString(StandardCharsets.UTF_8).contains(error) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(err);
            err.print(log.toString(StandardCharsets.UTF_8));
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged, logged.contains(error));
        assertTrue(logged, logged.contains("WARN io.mpathj.storage.sim.internal.osgi.ConfiguredSimArray - "
                + "etc/io.mpathj.sim.array-x.cfg: unknown keys colour ignored; the keys are name, personality, tpgs, "
                + "port_groups, ports_per_group, luns, lun_blocks, block_size"));
        eventually(gogo, "sim:arrays", ("no simulated arrays\nrefused etc/io.mpathj.sim.array-x.cfg: lun_blocks: "
                + "'abc' is not a whole number")::equals);
        assertEquals("", gogo.run("sim:ls").formatted());
        write("x", "port_groups=2", "lun_blocks=100", "colour=blue");
        String arrays = eventually(gogo, "sim:arrays", a -> a.startsWith("x alua"));
        assertFalse(arrays, arrays.contains("refused"));
        assertTrue(arrays, arrays.contains("  lun 0: 100 x 512 bytes"));
    }

    @Test
    public void aSecondFileWithAnArraysNameIsRefusedUntilTheFirstIsDeleted() throws Exception {
        Gogo gogo = gogo();
        Path first = write("one", "name=shared", "ports_per_group=1");
        eventually(gogo, "sim:ls", "shared"::equals);
        write("two", "name=shared", "ports_per_group=3");
        eventually(gogo, "sim:arrays", a -> a.endsWith("\nrefused etc/io.mpathj.sim.array-two.cfg: name: a simulated "
                + "array named shared already exists (from etc/io.mpathj.sim.array-one.cfg)"));
        assertEquals("A0\nB0", gogo.run("sim:ports shared").formatted());
        Files.delete(first);
        eventually(gogo, "sim:ports shared", "A0\nA1\nA2\nB0\nB1\nB2"::equals);
        assertFalse(gogo.run("sim:arrays").formatted().contains("refused"));
    }

    @Test
    public void editsKeepTheArrayUnlessTheyChangeItsShapeAndDeletingTheFileRemovesIt() throws Exception {
        Gogo gogo = gogo();
        Path file = write("e", "luns=1");
        eventually(gogo, "sim:ls", "e"::equals);
        gogo.run("sim:port e A0 down");
        write("e", "# the same array, written differently", "luns = 1", "personality=ALUA", "name=e");
        Thread.sleep(1000); // ten polls: FileInstall has passed the edit on
        assertTrue(gogo.run("sim:arrays").formatted().contains("ports: A0(down) A1(up)"));
        write("e", "luns=2");
        String arrays = eventually(gogo, "sim:arrays", a -> a.contains("lun 1:"));
        assertTrue("a new array: its ports start up\n" + arrays, arrays.contains("ports: A0(up) A1(up)"));
        Files.delete(file);
        eventually(gogo, "sim:ls", ""::equals);
    }

    @Test
    public void badCommandLinesGetOneLineThroughTheContainersShell() throws Exception {
        Gogo gogo = gogo();
        assertFailure(gogo, "sim:create", "create: wrong number of arguments (none); usage: sim:create [--luns N] "
                + "[--lun-blocks N] [--block-size 512|4096] [--tpgs none|implicit|explicit|both] NAME PERSONALITY "
                + "[GROUPS [PORTS]]");
        assertFailure(gogo, "sim:create x alua 99999999999 2", "create: GROUPS must be from 1 to 8, not 99999999999");
        assertFailure(gogo, "sim:port x", "port: wrong number of arguments (1: x); usage: sim:port ARRAY PORT up|down");
        assertFailure(gogo, "sim:latency x A0 -5",
                "no simulated array named x; there are none (sim:create makes one)");
        assertEquals("created alua array x (tpgs=both): 2 groups of 2 ports, 1 LU of 8 x 512 bytes; paths "
                + "sim:x/PORT/LUN for ports A0 A1 B0 B1, LUN 0", gogo.run("sim:create --lun-blocks 8 x alua")
                        .formatted());
        assertFailure(gogo, "sim:latency x A0 -5", "latency: MILLISECONDS must be from 0 to 600000, not -5");
        assertEquals("removed array x", gogo.run("sim:destroy x").formatted());
    }

    private static void assertFailure(Gogo gogo, String command, String message) {
        try {
            gogo.run(command);
        } catch (Gogo.CommandFailedException e) {
            assertEquals(message, e.getCause().getMessage());
            assertEquals("the shell prints the message alone", message, e.getCause().toString());
            return;
        }
        throw new AssertionError(command + " did not fail");
    }
}
