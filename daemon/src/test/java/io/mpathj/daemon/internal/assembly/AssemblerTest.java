package io.mpathj.daemon.internal.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.StatusType;
import io.mpathj.api.map.OpenMap;
import io.mpathj.daemon.internal.PluginTypes;
import io.mpathj.daemon.internal.conf.DeviceRule;
import io.mpathj.daemon.internal.conf.EffectiveSettings;
import io.mpathj.daemon.internal.conf.MergedConfig;
import io.mpathj.daemon.internal.conf.MultipathConf;
import io.mpathj.daemon.internal.prio.ConstPrioritizer;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.VerifiedWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembly over the real map engine and simulated arrays announced by their registry: find_multipaths modes,
 * naming (bindings, alias, WWID), hand-written maps left alone, reload when a port comes and goes under a verified
 * workload, removal with the last path (not while open), and device rules from bundles in their precedence.
 */
class AssemblerTest {
    private static final String BASE = "defaults {\n path_selector \"round-robin 0\"\n user_friendly_names yes\n";
    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry registry = new SimArrayRegistry();
    private final EngineHarness harness = new EngineHarness().paths(registry);
    private final PluginTypes types = new PluginTypes().prioritizer("const", new ConstPrioritizer());
    private final List<SimArray> arrays = new ArrayList<>();
    private final Map<String, EffectiveSettings> sunk = new ConcurrentHashMap<>();
    @TempDir
    Path etc;
    private Assembler assembler;

    /** A plain disk (no TPGS: every port serves I/O) with ports A0, A1 and B0, B1. */
    private SimArray plain(String name, int lus, String vendor, String product) {
        SimArrayBuilder b = SimArrayBuilder.alua(name, time).tpgs(Tpgs.NONE).inquiry(vendor, product, "0001")
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.ACTIVE_OPTIMIZED, false, "B0", "B1")
                .powerOnUnitAttention(false).attachHandlerAtProbe(false);
        for (int i = 0; i < lus; i++) {
            b.memoryLu(i, 4096, 512);
        }
        SimArray a = b.build();
        arrays.add(a);
        return a;
    }

    private Assembler.Config config(String conf, List<DeviceRule> rules) {
        return new Assembler.Config(MergedConfig.of(MultipathConf.parse("multipath.conf", conf), rules),
                Bindings.read(etc.resolve("bindings")), WwidsFile.read(etc.resolve("wwids")));
    }

    private Assembler start(String conf) {
        assembler = new Assembler(harness.multipath(), types, config(conf, List.of()), new Assembler.Sink() {
            @Override
            public void assembled(String map, EffectiveSettings settings) {
                sunk.put(map, settings);
            }

            @Override
            public void disassembled(String map) {
                sunk.remove(map);
            }
        });
        assembler.start();
        registry.addListener(assembler);
        return assembler;
    }

    private void settle(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(assembler.isSettled() && done.getAsBoolean())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "\n" + assembler.describe());
            }
            Thread.sleep(10);
        }
    }

    private String table(String map) throws Exception {
        return harness.multipath().status(map, StatusType.TABLE);
    }

    @AfterEach
    void close() throws Exception {
        if (assembler != null) {
            assembler.close();
        }
        harness.close();
        arrays.forEach(SimArray::close);
    }

    @Test
    void greedyAssemblesEveryLuNamedByBindings() throws Exception {
        start(BASE + " find_multipaths greedy\n}\n");
        registry.add(plain("one", 2, "ACME", "VAULT"));
        registry.add(plain("two", 1, "ACME", "VAULT"));
        settle("three maps", () -> assembler.assembledMaps().size() == 3);
        assertEquals(List.of("mpatha", "mpathb", "mpathc"), harness.multipath().names());
        String t = table(assembler.assembledMaps().values().iterator().next());
        assertTrue(t.startsWith("0 0 4 1 round-robin 0 1 1 sim:"), "failover, no handler: " + t);
        assertEquals(3, Files.readAllLines(etc.resolve("bindings")).stream().filter(l -> l.startsWith("mpath"))
                .count());
        assertEquals(3, Files.readAllLines(etc.resolve("wwids")).stream().filter(l -> l.startsWith("/")).count());
    }

    @Test
    void strictAssemblesOnlyKnownWwidsAndYesNeedsTwoPaths() throws Exception {
        start("defaults {\n path_selector \"round-robin 0\"\n}\n"); // strict by default; names are WWIDs
        SimArray a = plain("s", 2, "ACME", "VAULT");
        registry.add(a);
        settle("identification", () -> assembler.describe().contains("not in the wwids file"));
        assertTrue(harness.multipath().names().isEmpty(), assembler.describe());

        String wwid = "3" + Long.toHexString(a.logicalUnit(1).naaIdentifier());
        Files.writeString(etc.resolve("wwids"), "/" + wwid + "/\n");
        assembler.reconfigure(config("defaults {\n path_selector \"round-robin 0\"\n}\n", List.of()));
        settle("the known WWID", () -> assembler.assembledMaps().size() == 1);
        assertEquals(List.of(wwid), harness.multipath().names(), "no user_friendly_names: the WWID names it");

        // find_multipaths yes: a LU seen through one port only waits for a second
        SimArray y = plain("y", 1, "ACME", "VAULT");
        registry.add(y);
        for (String port : List.of("A1", "B0", "B1")) {
            registry.withdrawPort("y", port);
        }
        assembler.reconfigure(config("defaults {\n path_selector \"round-robin 0\"\n find_multipaths yes\n}\n",
                List.of()));
        settle("s's other LU (two paths and more) assembled", () -> assembler.assembledMaps().size() == 2);
        assertTrue(assembler.describe().contains("find_multipaths on: one path"), assembler.describe());
        registry.presentPort("y", "B0");
        settle("y with its second path", () -> assembler.assembledMaps().size() == 3);
    }

    @Test
    void aHandWrittenMapKeepsItsWwid() throws Exception {
        registry.add(plain("h", 1, "ACME", "VAULT"));
        harness.multipath().create("hand", "0 0 1 1 round-robin 0 2 0 sim:h/A0/0 sim:h/B0/0");
        start(BASE + " find_multipaths greedy\n}\n");
        settle("claim", () -> assembler.describe().contains("claimed by map hand"));
        assertEquals(List.of("hand"), harness.multipath().names());
    }

    @Test
    void portsComeAndGoByReloadUnderVerifiedIoAndTheLastPathRemovesTheMap() throws Exception {
        start(BASE + " find_multipaths greedy\n path_grouping_policy multibus\n}\n");
        SimArray a = plain("p", 1, "ACME", "VAULT");
        registry.add(a);
        registry.withdrawPort("p", "B1");
        settle("mpatha with 3 paths", () -> assembler.assembledMaps().size() == 1
                && assembler.describe().contains("paths=3"));
        assertEquals("0 0 1 1 round-robin 0 3 1 sim:p/A0/0 1 sim:p/A1/0 1 sim:p/B0/0 1 ", table("mpatha"));
        try (OpenMap open = harness.multipath().open("mpatha", "test")) {
            VerifiedWorkload w = new VerifiedWorkload(open, 512, 8);
            w.write(() -> time.advance(Duration.ofMillis(1)), 100_000);
            registry.presentPort("p", "B1");
            settle("4 paths", () -> assembler.describe().contains("paths=4"));
            assertEquals("0 0 1 1 round-robin 0 4 1 sim:p/A0/0 1 sim:p/A1/0 1 sim:p/B0/0 1 sim:p/B1/0 1 ",
                    table("mpatha"));
            w.verify(() -> time.advance(Duration.ofMillis(1)), 100_000);
            registry.withdrawPort("p", "A0");
            settle("3 paths again", () -> assembler.describe().contains("paths=3"));
            w.verify(() -> time.advance(Duration.ofMillis(1)), 100_000);

            registry.remove("p");
            settle("kept while open", () -> assembler.describe().contains("no paths, kept"));
            assertEquals(List.of("mpatha"), harness.multipath().names());
        }
        settle("removed once closed", () -> harness.multipath().names().isEmpty());
        assertTrue(assembler.assembledMaps().isEmpty());
    }

    @Test
    void bundleRulesRankBelowTheOperatorsDevicesAndAboveTheBuiltInTable() throws Exception {
        start(BASE + " find_multipaths greedy\n}\n");
        registry.add(plain("v", 1, "ACME", "VAULT"));
        settle("generic map", () -> assembler.assembledMaps().size() == 1);
        assertTrue(table("mpatha").startsWith("0 0 4 1 "), table("mpatha"));

        List<io.mpathj.daemon.internal.conf.Diagnostic> problems = new ArrayList<>();
        DeviceRule vendor = DeviceRule.of("com.acme.rules", "device rule from bundle com.acme.rules",
                Map.of("vendor", "ACME", "product", "^VAULT", "path_grouping_policy", "multibus",
                        "no_path_retry", "queue"), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assembler.reconfigure(config(BASE + " find_multipaths greedy\n}\n", List.of(vendor)));
        settle("the vendor's rule", () -> {
            try {
                return table("mpatha").startsWith("1 queue_if_no_path 0 1 1 round-robin 0 4 1 ");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("device rule from bundle com.acme.rules", sunk.get("mpatha").get("path_grouping_policy")
                .origin());

        String operator = BASE + " find_multipaths greedy\n}\ndevices {\n device {\n  vendor ACME\n  product VAULT\n"
                + "  path_grouping_policy group_by_node_name\n }\n}\n";
        assembler.reconfigure(config(operator, List.of(vendor)));
        settle("the operator's entry over the bundle's", () -> {
            try {
                return table("mpatha").startsWith("1 queue_if_no_path 0 1 1 round-robin 0 4 1 ")
                        && "group_by_node_name".equals(sunk.get("mpatha").value("path_grouping_policy"));
            } catch (Exception e) {
                return false;
            }
        });
        // one node: group_by_node_name makes one group too; the no_path_retry still comes from the bundle

        assembler.reconfigure(config(BASE + " find_multipaths greedy\n}\n", List.of()));
        settle("back to the generic rule", () -> {
            try {
                return table("mpatha").startsWith("0 0 4 1 ");
            } catch (Exception e) {
                return false;
            }
        });
        assertFalse(harness.multipath().names().size() > 1);
    }

    /**
     * The first path of a vendor has the repository's rules for it loaded (PluginLoader, capability
     * mpathj.device_rules=VENDOR), once per vendor; the rules that arrive (as the DeviceRules service would bring them,
     * through reconfigure) shape the first map, not a reload.
     */
    @Test
    void theFirstPathOfAVendorLoadsItsRulesOnceAndItsMapIsBuiltWithThem() throws Exception {
        List<io.mpathj.daemon.internal.conf.Diagnostic> problems = new ArrayList<>();
        DeviceRule vendor = DeviceRule.fromBundle("com.acme.rules", Map.of("vendor", "ACME", "product", "^VAULT",
                "path_grouping_policy", "multibus"), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        String conf = BASE + " find_multipaths greedy\n}\n";
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        types.loader((namespace, name) -> {
            asked.add(namespace + "=" + name);
            if (name.equals("ACME")) {
                assembler.reconfigure(config(conf, List.of(vendor)));
            }
            return "test loader";
        });
        start(conf);
        registry.add(plain("v", 2, "ACME", "VAULT"));
        registry.add(plain("w", 1, "OTHER", "DISK"));
        settle("three maps", () -> assembler.assembledMaps().size() == 3);
        for (String map : assembler.assembledMaps().values()) {
            String t = table(map);
            boolean acme = t.contains("sim:v/");
            assertTrue(acme ? t.startsWith("0 0 1 1 round-robin 0 4 ") : t.startsWith("0 0 4 1 "), map + ": " + t);
        }
        assertEquals(List.of("mpathj.device_rules=ACME", "mpathj.device_rules=OTHER"),
                asked.stream().sorted().toList(), "one load per vendor, not per path");
        assertEquals(List.of("mpatha", "mpathb", "mpathc"), harness.multipath().names(),
                "each map created once (no map was removed and made again)");
    }

    /** Under find_multipaths strict, a WWID not in the wwids file will not be assembled: no vendor bundle is loaded. */
    @Test
    void pathsTheAssemblyWillNotMapLoadNoVendorRules() throws Exception {
        String conf = BASE + " find_multipaths strict\n}\n";
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        types.loader((namespace, name) -> {
            asked.add(namespace + "=" + name);
            return "test loader";
        });
        start(conf);
        registry.add(plain("v", 2, "ACME", "VAULT"));
        settle("the paths identified", () -> assembler.isSettled());
        assertEquals(Map.of(), assembler.assembledMaps());
        assertEquals(List.of(), asked, "nothing loaded for paths no map will be made of");
    }
}
