package io.mpathj.daemon.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.config.ConfigReader;
import io.mpathj.api.map.PathView;
import io.mpathj.daemon.internal.checker.DirectioChecker;
import io.mpathj.daemon.internal.checker.NoneChecker;
import io.mpathj.daemon.internal.checker.ReadSector0Checker;
import io.mpathj.daemon.internal.checker.TurChecker;
import io.mpathj.daemon.internal.prio.AluaPrioritizer;
import io.mpathj.daemon.internal.prio.ConstPrioritizer;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.testkit.EngineHarness;
import io.mpathj.testkit.TestMap;
import io.mpathj.testkit.VerifiedWorkload;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon on an embedded multipath target and a simulated ALUA array (group 1 active/optimized and preferred,
 * group 2 active/non-optimized), on manual time: reinstate, failback, no_path_retry, ghost paths, flapping.
 */
class PathDaemonTest {
    private static final String TABLE = "0 0 2 1 round-robin 0 2 0 sim:d/A0/0 sim:d/A1/0 "
            + "round-robin 0 2 0 sim:d/B0/0 sim:d/B1/0";
    private final ManualSimTime time = new ManualSimTime();
    private final SimArrayRegistry arrays = new SimArrayRegistry();
    private final EngineHarness harness = new EngineHarness().paths(arrays);
    private final PluginTypes types = new PluginTypes()
            .checker("tur", new TurChecker()).checker("directio", new DirectioChecker())
            .checker("readsector0", new ReadSector0Checker()).checker("none", new NoneChecker())
            .prioritizer("const", new ConstPrioritizer()).prioritizer("alua", new AluaPrioritizer());
    private SimArray array;
    private PathDaemon daemon;

    private TestMap start(AccessState second, Map<String, Object> settings) throws Exception {
        array = SimArrayBuilder.alua("d", time)
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, second, false, "B0", "B1")
                .memoryLu(0, 4096, 512)
                .powerOnUnitAttention(false)
                .attachHandlerAtProbe(false)
                .implicitFailover(false)
                // no hardware handler here to activate a group: one that comes back is active again
                .demotedState(AccessState.ACTIVE_OPTIMIZED)
                .build();
        arrays.add(array);
        TestMap map = harness.create("m", TABLE);
        ConfigReader reader = new ConfigReader(settings);
        Settings s = Settings.DEFAULTS.read(reader);
        assertTrue(reader.problems().isEmpty(), reader.problemSummary());
        daemon = new PathDaemon(harness.multipath(), types, new SimClock(time), name -> s);
        daemon.start();
        tick(Duration.ofSeconds(6));
        return map;
    }

    @AfterEach
    void close() throws Exception {
        if (daemon != null) {
            daemon.close();
            tick(Duration.ofMillis(10));
        }
        harness.close();
        if (array != null) {
            array.close();
        }
    }

    /** Advances manual time in 100 ms steps, letting the core's threads deliver events in between. */
    private void tick(Duration d) throws InterruptedException {
        for (long t = 0; t < d.toMillis(); t += 100) {
            time.advance(Duration.ofMillis(100));
            Thread.sleep(1);
        }
        time.advance(Duration.ZERO);
    }

    private boolean active(TestMap map, String port) {
        return map.view().path("sim:d/" + port + "/0").map(PathView::active).orElseThrow();
    }

    private PathDaemon.PathState state(String port) {
        return daemon.map("m").orElseThrow().paths().stream()
                .filter(p -> p.name().equals("sim:d/" + port + "/0")).findFirst().orElseThrow();
    }

    /** Group 1's ports go down under I/O until the daemon saw it; the map moves to group 2. */
    private void failGroupOne(TestMap map) throws InterruptedException {
        array.port("A0").faults().linkDown();
        array.port("A1").faults().linkDown();
        workload(map);
        tick(Duration.ofSeconds(25));
    }

    private void workload(TestMap map) {
        VerifiedWorkload w = new VerifiedWorkload(map, 256, 8);
        w.write(() -> {
            time.advance(Duration.ofMillis(10));
            Thread.onSpinWait();
        }, 1_000_000);
        w.verify(() -> time.advance(Duration.ofMillis(10)), 100_000);
    }

    @Test
    void aDownPortIsFailedAndReinstatedWithinTwoIntervals() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("polling_interval", "5"));
        assertEquals(CheckerState.UP, state("A0").state());
        array.port("A0").faults().linkDown();
        tick(Duration.ofSeconds(21)); // the interval may have doubled to max 20 s while stable
        assertFalse(active(map, "A0"), "the checker failed the path");
        assertEquals(CheckerState.DOWN, state("A0").state());
        assertEquals(5, state("A0").interval(), "a down path is checked every polling_interval");
        workload(map);
        array.port("A0").faults().linkUp();
        tick(Duration.ofSeconds(10));
        assertTrue(active(map, "A0"), "reinstated within 2 x polling_interval, no command");
        workload(map);
    }

    /**
     * multipath -ll's lines for a group whose paths are down and one whose paths are up, as the real multipath-tools
     * printed them (MultipathToolsGoldenTest: sdb offline): the path lines after the path's name are the golden's
     * after {@code H:C:T:L sdX MAJ:MIN}, padding included, and a group without a usable path has priority 0.
     */
    @Test
    void topologyLinesAreMultipathLlsWithPathsDown() throws Exception {
        start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("polling_interval", "5"));
        array.port("A0").faults().linkDown();
        array.port("A1").faults().linkDown();
        tick(Duration.ofSeconds(21));
        String topology = Views.topology(daemon.map("m").orElseThrow());
        List<String> golden = MultipathToolsGoldenTest.stdout("22-multipath-ll.txt");
        List<String> states = MultipathToolsGoldenTest.pathStates(golden);
        String down = states.get(1);
        String up = states.get(0);
        assertEquals("failed faulty offline", down);
        List<String> ours = topology.lines().filter(l -> l.matches("[|` ] [|`]- .*"))
                .map(l -> l.replaceFirst("^[|` ] [|`]- \\S+ ", "")).toList();
        assertEquals(List.of(down, down, up, up), ours, topology);
        String noUsablePath = golden.stream().filter(l -> l.contains("prio=0")).findFirst().orElseThrow();
        assertEquals("|-+- policy='service-time 0' prio=0 status=enabled", noUsablePath);
        assertTrue(topology.contains(noUsablePath.replace("service-time", "round-robin") + "\n"), topology);
    }

    /**
     * A path the checker fails and later reinstates is logged in multipathd's words, as the real multipathd logged
     * sdb going offline and coming back (conformance/multipath-tools-VERSION/outputs/41: its device number and map name
     * become this path's name and map).
     */
    @Test
    void aFailedAndReinstatedPathIsLoggedInMultipathdsWords() throws Exception {
        start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("polling_interval", "5"));
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            array.port("A0").faults().linkDown();
            tick(Duration.ofSeconds(21));
            array.port("A0").faults().linkUp();
            tick(Duration.ofSeconds(10));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        List<String> golden = MultipathToolsGoldenTest.stdout("41-multipathd-log.txt").stream()
                .filter(l -> l.startsWith("checker failed path") || l.contains("reinstated")
                        || l.contains("remaining active paths"))
                .map(l -> l.replace("8:16", "sim:d/A0/0").replace("8:48", "sim:d/A0/0").replace("mpatha", "m"))
                .toList();
        // the golden's sdb: failed (3 left), reinstated (4); its first line is sdd's reinstatement at start-up
        List<String> afterStart = golden.subList(golden.indexOf("checker failed path sim:d/A0/0 in map m"),
                golden.size());
        assertEquals(List.of("checker failed path sim:d/A0/0 in map m", "m: remaining active paths: 3",
                "sim:d/A0/0: reinstated", "m: remaining active paths: 4"), afterStart);
        int at = 0;
        for (String line : afterStart) {
            int found = log.indexOf(" - " + line + "\n", at);
            assertTrue(found >= 0, "no \"" + line + "\" after the previous line in\n" + log);
            at = found + 1;
        }
    }

    @Test
    void intervalsDoubleWhileStableUpToMax() throws Exception {
        start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("polling_interval", "2", "max_polling_interval", "8"));
        tick(Duration.ofSeconds(30));
        assertEquals(8, state("A0").interval());
        array.port("A0").faults().linkDown();
        tick(Duration.ofSeconds(9));
        assertEquals(2, state("A0").interval(), "back to the minimum on change");
    }

    @Test
    void failbackImmediateReturnsToGroupOne() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("failback", "immediate", "prio", "alua"));
        assertEquals(50, daemon.map("m").orElseThrow().groupPrio(1));
        assertEquals(10, daemon.map("m").orElseThrow().groupPrio(2));
        failGroupOne(map);
        assertEquals(2, map.view().currentGroup(), "I/O moved to group 2");
        array.port("A0").faults().linkUp();
        array.port("A1").faults().linkUp();
        tick(Duration.ofSeconds(10));
        workload(map);
        assertEquals(1, map.view().currentGroup(), "failback immediate");
    }

    @Test
    void failbackManualStays() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("failback", "manual", "prio", "alua"));
        failGroupOne(map);
        assertEquals(2, map.view().currentGroup());
        array.port("A0").faults().linkUp();
        array.port("A1").faults().linkUp();
        tick(Duration.ofSeconds(10));
        workload(map);
        assertTrue(active(map, "A0") && active(map, "A1"), "reinstated");
        assertEquals(2, map.view().currentGroup(), "failback manual: no switch");
    }

    @Test
    void failbackDeferredWaitsItsSeconds() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("failback", "30", "prio", "alua"));
        failGroupOne(map);
        array.port("A0").faults().linkUp();
        array.port("A1").faults().linkUp();
        tick(Duration.ofSeconds(10));
        workload(map);
        assertEquals(2, map.view().currentGroup(), "not yet");
        tick(Duration.ofSeconds(30));
        workload(map);
        assertEquals(1, map.view().currentGroup(), "after failback seconds");
    }

    @Test
    void noPathRetryQueuesForItsIntervalsThenFails() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("no_path_retry", "3"));
        assertTrue(map.view().queueIfNoPath(), "no_path_retry N turns queueing on");
        for (String p : new String[] {"A0", "A1", "B0", "B1"}) {
            array.port(p).faults().linkDown();
        }
        PathDaemon.MapState m = daemon.map("m").orElseThrow();
        for (int i = 0; i < 30 && m.retrySecondsLeft() < 0; i++) {
            tick(Duration.ofSeconds(1));
        }
        assertEquals(0, map.validPaths());
        long left = m.retrySecondsLeft();
        assertTrue(left > 10 && left <= 15, "3 intervals of 5 s: " + left);
        CompletableFuture<Void> read = map.read(0, ByteBuffer.allocate(512)).toCompletableFuture();
        tick(Duration.ofSeconds(left - 1));
        assertFalse(read.isDone(), "queued");
        tick(Duration.ofSeconds(2));
        for (int i = 0; i < 200 && !read.isDone(); i++) {
            Thread.sleep(5);
        }
        assertTrue(read.isCompletedExceptionally(), "queued I/O failed after 3 intervals");
        assertFalse(map.view().queueIfNoPath());
        array.port("B0").faults().linkUp();
        tick(Duration.ofSeconds(6));
        assertTrue(map.view().queueIfNoPath(), "queueing again once a path returned");
    }

    @Test
    void aStandbyPathIsGhostWithPrioOne() throws Exception {
        TestMap map = start(AccessState.STANDBY, Map.of("prio", "alua"));
        assertEquals(CheckerState.GHOST, state("B0").state());
        assertEquals(1, state("B0").prio());
        assertEquals(50, state("A0").prio());
        assertTrue(active(map, "B0"), "ghost paths stay usable");
        workload(map);
        PathDaemon.MapState m = daemon.map("m").orElseThrow();
        String topology = Views.topology(m);
        assertTrue(topology.contains("policy='round-robin 0' prio=50 status=active"), topology);
        assertTrue(topology.contains("policy='round-robin 0' prio=1 status=enabled"), topology);
        assertTrue(topology.contains("sim:d/B0/0 active ghost running"), topology);
        String paths = Views.paths(daemon.maps());
        assertTrue(paths.lines().anyMatch(l -> l.startsWith("sim:d/B0/0") && l.contains(" ghost ")
                && l.contains(" 1 ")), paths);
        String maps = Views.maps(daemon.maps());
        assertTrue(maps.contains("tur") && maps.contains("alua") && maps.contains("manual"), maps);
    }

    @Test
    void aFlappingPathFailsNoIoAndDoesNotSpin() throws Exception {
        TestMap map = start(AccessState.ACTIVE_NON_OPTIMIZED, Map.of("polling_interval", "1"));
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < 100; i++) { // 30 s of simulated time: down/up every 300 ms
            if (i % 2 == 0) {
                array.port("A0").faults().linkDown();
            } else {
                array.port("A0").faults().linkUp();
            }
            VerifiedWorkload w = new VerifiedWorkload(map, 16, 4);
            w.write(() -> time.advance(Duration.ofMillis(1)), 1_000_000);
            tick(Duration.ofMillis(300));
        }
        array.port("A0").faults().linkUp();
        tick(Duration.ofSeconds(3));
        workload(map);
        double cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e6;
        System.out.printf("flapping 30 s simulated: test thread cpu %.0f ms in %.0f ms wall%n", cpuMillis,
                (System.nanoTime() - wall0) / 1e6);
        assertTrue(active(map, "A0"), "reinstated at the end");
        assertTrue(cpuMillis < 10_000, "no spinning: " + cpuMillis + " ms");
    }
}
