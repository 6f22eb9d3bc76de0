package io.mpathj.storage.sim.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.scsi.SenseData;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimLogicalUnit;
import io.mpathj.storage.sim.SimPath;
import io.mpathj.storage.sim.SimPortGroup;
import io.mpathj.storage.sim.personality.ArrayBehavior;
import io.mpathj.storage.sim.personality.ArrayContext;
import io.mpathj.storage.sim.personality.ArrayPersonality;
import io.mpathj.storage.sim.personality.Identity;
import io.mpathj.storage.sim.Tpgs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code io.mpathj.sim.array-NAME.cfg} files, read as FileInstall hands them to ConfigAdmin (every value a string, plus
 * the file's URL), made into arrays, refused, edited and deleted.
 */
class ConfiguredSimArrayTest {
    @TempDir
    Path dir;
    private final SimPlatform platform = TestPlatforms.withBuiltInPersonalities();
    private final SimCommands commands = new SimCommands(platform);
    private final List<ConfiguredSimArray> components = new java.util.ArrayList<>();

    @AfterEach
    void tearDown() {
        components.forEach(ConfiguredSimArray::deactivate);
        platform.registry().arrays().forEach(SimArray::close);
    }

    /** Writes etc/io.mpathj.sim.array-FILE.cfg and returns its properties as FileInstall gives them. */
    private Map<String, Object> file(String file, String... lines) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path cfg = etc.resolve("io.mpathj.sim.array-" + file + ".cfg");
        Files.writeString(cfg, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfg)) {
            p.load(r);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        m.put("felix.fileinstall.filename", cfg.toUri().toString());
        m.put("service.pid", "io.mpathj.sim.array." + file);
        m.put("service.factoryPid", "io.mpathj.sim.array");
        // what DS itself adds to a component's properties (SCR 2.2, DS 1.5): not a key of the file
        m.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        m.put("component.name", ConfiguredSimArray.class.getName());
        m.put("component.id", 7L);
        return m;
    }

    private ConfiguredSimArray activate(Map<String, Object> properties) {
        ConfiguredSimArray c = new ConfiguredSimArray(platform, properties);
        components.add(c);
        return c;
    }

    /** What the component logged (slf4j-simple writes to System.err) while {@code action} ran. */
    private static <T> String logOf(Supplier<T> action) {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        err.print(text);
        return text;
    }

    @Test
    void everyDocumentedKeyIsReadFromTheFile() throws Exception {
        ConfiguredSimArray c = activate(file("x", "# all eight keys", "name=big", "personality=alua",
                "tpgs=explicit", "port_groups=3", "ports_per_group=4", "luns=5", "lun_blocks=1000",
                "block_size=4096"));
        SimArray a = c.array();
        assertEquals("big", a.name());
        assertEquals("alua", a.personality());
        assertEquals(Tpgs.EXPLICIT, a.alua().tpgs());
        assertEquals(3, a.portGroups().size());
        assertEquals(List.of("A0", "A1", "A2", "A3"), a.portGroup(1).ports().stream().map(p -> p.name()).toList());
        assertEquals(12, a.ports().size());
        assertEquals(5, a.logicalUnits().size());
        assertEquals(1000, a.logicalUnit(4).blockCount());
        assertEquals(4096, a.logicalUnit(4).blockSize());
        assertEquals(AccessState.ACTIVE_OPTIMIZED, a.alua().state(0, 1));
        assertEquals(AccessState.STANDBY, a.alua().state(0, 3));
        assertTrue(commands.arrays().startsWith("big alua tpgs=explicit\n  group 1 pref lun0=active_optimized "
                + "lun1=active_optimized"), commands.arrays());
        assertTrue(commands.arrays().contains("  lun 4: 1000 x 4096 bytes"), commands.arrays());
    }

    @Test
    void absentKeysTakeTheDocumentedDefaultsAndTheNameComesFromTheFile() throws Exception {
        SimArray a = activate(file("plain", "# nothing but a comment")).array();
        assertEquals("plain", a.name());
        assertEquals(Tpgs.BOTH, a.alua().tpgs());
        assertEquals(List.of("A0", "A1", "B0", "B1"), a.ports().stream().map(p -> p.name()).toList());
        assertEquals(1, a.logicalUnits().size());
        assertEquals(2_097_152, a.logicalUnit(0).blockCount());
        assertEquals(512, a.logicalUnit(0).blockSize());
        SimArray cx = activate(file("cx", "personality=CLARiiON", "tpgs=implicit", "port_groups=2",
                "ports_per_group=1")).array();
        assertEquals("clariion", cx.personality());
        assertEquals("cx clariion\n  group 1 pref lun0=owner ports: A0(up)\n  group 2 lun0=passive ports: B0(up)",
                commands.arrays().substring(commands.arrays().indexOf("cx clariion")).lines().limit(3)
                        .reduce((x, y) -> x + "\n" + y).orElseThrow());
    }

    @Test
    void aBadValueRefusesTheWholeFileWithAnErrorNamingFileKeyAndValue() throws Exception {
        Map<String, Object> bad = file("x", "name=x", "port_groups=2", "lun_blocks=abc");
        String log = logOf(() -> activate(bad));
        assertTrue(log.contains("ERROR io.mpathj.storage.sim.internal.osgi.ConfiguredSimArray - "
                + "etc/io.mpathj.sim.array-x.cfg: refused, lun_blocks: 'abc' is not a whole number"), log);
        assertTrue(platform.registry().arrays().isEmpty(), "no half-built array, no default in place of abc");
        assertEquals("no simulated arrays\nrefused etc/io.mpathj.sim.array-x.cfg: lun_blocks: 'abc' is not a whole "
                + "number", commands.arrays());
    }

    @Test
    void everyKeyIsCheckedAndEveryProblemOfAFileIsListed() throws Exception {
        assertRefused("name: 'a b' is not an array name (1 to 64 letters, digits, '.', '_' or '-')", "name=a b");
        assertRefused("name: '' is not an array name (1 to 64 letters, digits, '.', '_' or '-')", "name=");
        assertRefused("personality: no array personality named rdac; personalities: alua, clariion, eseries, msa",
                "personality=rdac");
        assertRefused("personality: 'r d' is not a personality name (letters, digits, '_', '-')", "personality=r d");
        assertRefused("eseries: an E-Series array has two controllers (port groups), not 3", "personality=eseries",
                "port_groups=3");
        assertRefused("tpgs: 'sometimes' is not one of none, implicit, explicit, both", "tpgs=sometimes");
        assertRefused("port_groups: 9 is outside 1..8", "port_groups=9");
        assertRefused("ports_per_group: 0 is outside 1..8", "ports_per_group=0");
        assertRefused("luns: 65 is outside 1..64", "luns=65");
        assertRefused("luns: '99999999999999999999' is not a whole number that fits in 64 bits",
                "luns=99999999999999999999");
        assertRefused("lun_blocks: -1 is outside 1..2147483648", "lun_blocks=-1");
        assertRefused("lun_blocks: 268435457 is outside 1..268435456", "block_size=4096", "lun_blocks=268435457");
        assertRefused("block_size: '1024' is not one of 512, 4096", "block_size=1024");
        assertRefused("port_groups: 'two' is not a whole number; luns: 0 is outside 1..64; block_size: '' is not one "
                + "of 512, 4096", "port_groups=two", "luns=0", "block_size=");
        Map<String, Object> noFile = new HashMap<>(Map.of("service.pid", "io.mpathj.sim.array.42"));
        activate(noFile);
        assertTrue(commands.arrays().contains("refused io.mpathj.sim.array.42: name: missing (required)"),
                commands.arrays());
    }

    private void assertRefused(String reason, String... lines) throws IOException {
        ConfiguredSimArray c = activate(file("bad", lines));
        assertNull(c.array());
        assertEquals("no simulated arrays\nrefused etc/io.mpathj.sim.array-bad.cfg: " + reason, commands.arrays());
        c.deactivate();
        assertEquals("no simulated arrays", commands.arrays(), "the refusal goes with its configuration");
    }

    @Test
    void unknownKeysAreWarnedAboutAndTheArrayIsStillMade() throws Exception {
        Map<String, Object> typo = file("x", "port.groups=3", "lun-blocks=8", "luns=2");
        String log = logOf(() -> activate(typo));
        assertTrue(log.contains("WARN io.mpathj.storage.sim.internal.osgi.ConfiguredSimArray - "
                + "etc/io.mpathj.sim.array-x.cfg: unknown keys lun-blocks, port.groups ignored; the keys are name, "
                + "personality, tpgs, port_groups, ports_per_group, luns, lun_blocks, block_size"), log);
        SimArray a = platform.registry().array("x").orElseThrow();
        assertEquals(2, a.portGroups().size());
        assertEquals(2, a.logicalUnits().size());
    }

    @Test
    void aSecondFileWithTheSameNameIsRefusedUntilTheFirstGoes() throws Exception {
        ConfiguredSimArray first = activate(file("a", "name=shared", "ports_per_group=1"));
        Map<String, Object> second = file("b", "name=shared", "ports_per_group=3");
        String log = logOf(() -> activate(second));
        assertTrue(log.contains("etc/io.mpathj.sim.array-b.cfg: refused, name: a simulated array named shared "
                + "already exists (from etc/io.mpathj.sim.array-a.cfg)"), log);
        assertTrue(commands.arrays().endsWith("\nrefused etc/io.mpathj.sim.array-b.cfg: name: a simulated array "
                + "named shared already exists (from etc/io.mpathj.sim.array-a.cfg)"), commands.arrays());
        assertEquals(2, platform.registry().array("shared").orElseThrow().ports().size(), "the first one's");
        first.deactivate();
        assertEquals(6, platform.registry().array("shared").orElseThrow().ports().size(),
                "the second file's array, once the name is free");
        assertFalse(commands.arrays().contains("refused"), commands.arrays());
    }

    /** A file naming a personality no bundle offers yet waits for it, as it waits for a name in use. */
    @Test
    void aFileWaitsForItsPersonalityServiceAndIsBuiltWhenItArrives() throws Exception {
        ConfiguredSimArray c = activate(file("v", "personality=vendorx", "port_groups=1"));
        assertNull(c.array());
        assertTrue(commands.arrays().contains("refused etc/io.mpathj.sim.array-v.cfg: personality: no array "
                + "personality named vendorx; personalities: alua, clariion, eseries, msa"), commands.arrays());
        ArrayPersonality vendor = new ArrayPersonality() {
            @Override
            public String name() {
                return "vendorx";
            }

            @Override
            public String description() {
                return "every port serves every LU";
            }

            @Override
            public Identity defaultIdentity() {
                return new Identity("VENDORX", "BOX", "0001", Tpgs.NONE);
            }

            @Override
            public ArrayBehavior attach(ArrayContext context) {
                return new ArrayBehavior() {
                    @Override
                    public SenseData refuse(SimPath path, int opcode) {
                        return null;
                    }

                    @Override
                    public String accessState(SimLogicalUnit lu, SimPortGroup group) {
                        return "open";
                    }
                };
            }
        };
        platform.addPersonality(vendor, Map.of(ArrayPersonality.NAME_PROPERTY, "vendorx"));
        assertNotNull(c.array(), "built when the personality arrived");
        assertEquals("vendorx", c.array().personality());
        assertEquals("v vendorx\n  group 1 pref lun0=open ports: A0(up) A1(up)", commands.arrays().lines().limit(2)
                .reduce((x, y) -> x + "\n" + y).orElseThrow());
        platform.removePersonality(vendor, Map.of(ArrayPersonality.NAME_PROPERTY, "vendorx"));
        assertEquals(List.of("alua", "clariion", "eseries", "msa"), platform.personalityNames());
    }

    @Test
    void anEditThatChangesNothingStructuralKeepsTheArray() throws Exception {
        ConfiguredSimArray c = activate(file("x", "personality=alua", "luns=2"));
        SimArray before = c.array();
        before.port("A0").faults().linkDown();
        c.modified(file("x", "# a comment", "personality=ALUA", "luns = 2", "tpgs=both", "name=x", "extra=1"));
        assertSame(before, c.array());
        assertTrue(before.port("A0").faults().isLinkDown(), "same array, same state");
    }

    @Test
    void aStructuralEditReplacesTheArray() throws Exception {
        ConfiguredSimArray c = activate(file("x", "luns=1"));
        SimArray before = c.array();
        before.port("A0").faults().linkDown();
        c.modified(file("x", "luns=3"));
        SimArray after = c.array();
        assertNotSame(before, after);
        assertSame(after, platform.registry().array("x").orElseThrow());
        assertEquals(3, after.logicalUnits().size());
        assertFalse(after.port("A0").faults().isLinkDown(), "a new array: its ports start up");
        assertTrue(before.path("A1", 0).orElseThrow().execute(io.mpathj.api.scsi.ScsiCommand.noData(
                io.mpathj.api.scsi.Cdbs.testUnitReady())).toCompletableFuture().get().isTransportFailure(),
                "the old array is closed: its paths fail");
        c.modified(file("x", "name=y", "luns=3"));
        assertEquals("y", String.join(",", commands.ls()));
    }

    @Test
    void anEditThatBreaksTheFileRemovesTheArrayAndAFixBringsItBack() throws Exception {
        ConfiguredSimArray c = activate(file("x", "luns=1"));
        c.modified(file("x", "luns=lots"));
        assertNull(c.array());
        assertEquals("no simulated arrays\nrefused etc/io.mpathj.sim.array-x.cfg: luns: 'lots' is not a whole number",
                commands.arrays());
        c.modified(file("x", "luns=4"));
        assertEquals(4, c.array().logicalUnits().size());
        assertEquals("x", commands.ls());
    }

    @Test
    void anArrayMadeInTheShellHoldsItsNameAgainstAFile() throws Exception {
        try (GogoShell shell = new GogoShell(commands)) {
            shell.run("sim:create x clariion");
            ConfiguredSimArray c = activate(file("x"));
            assertNull(c.array());
            assertTrue(commands.arrays().endsWith("refused etc/io.mpathj.sim.array-x.cfg: name: a simulated array "
                    + "named x already exists (from sim:create)"), commands.arrays());
            shell.run("sim:destroy x");
            assertEquals("alua", c.array().personality(), "the file's array took the freed name");
        }
    }
}
