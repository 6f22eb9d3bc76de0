package io.mpathj.bench;

import io.mpathj.api.map.MapEvent;
import io.mpathj.api.map.Multipath;
import io.mpathj.daemon.internal.PluginTypes;
import io.mpathj.daemon.internal.assembly.Assembler;
import io.mpathj.daemon.internal.assembly.Bindings;
import io.mpathj.daemon.internal.assembly.WwidsFile;
import io.mpathj.daemon.internal.conf.EffectiveSettings;
import io.mpathj.daemon.internal.conf.MergedConfig;
import io.mpathj.daemon.internal.conf.MultipathConf;
import io.mpathj.daemon.internal.prio.ConstPrioritizer;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.storage.sim.Tpgs;
import io.mpathj.testkit.EngineHarness;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps that assemble themselves, at scale: one simulated array with LUS LUs behind 4 ports (no TPGS, so every path
 * is usable) is added to the registry, which announces its LUS × 4 paths to the assembly in one call; the assembly
 * identifies every path (TEST UNIT READY, INQUIRY, VPD 0x80 and 0x83), prioritizes it (const), groups by WWID and
 * creates each map (find_multipaths greedy, user_friendly_names with a bindings file, failover, round-robin) on
 * the real engine. Measures the wall time from the announcement to the first and the last map created, the process
 * CPU time meanwhile (a steadier figure than wall time on a shared machine), and the heap after a full GC before the
 * announcement and after the last map. Arguments: LUs (1000), rounds (3; each in
 * a fresh engine, bindings and array).
 */
public final class AssemblyScaleBenchmark {
    private static final String CONF = "defaults {\n find_multipaths greedy\n user_friendly_names yes\n"
            + " path_selector \"round-robin 0\"\n}\n";

    private AssemblyScaleBenchmark() {
    }

    /** One round's figures. */
    public record Result(int maps, long firstMapNanos, long lastMapNanos, long cpuNanos, long heapBefore,
            long heapAfter) {
        @Override
        public String toString() {
            return String.format("%d maps of 4 paths: first map %.0f ms, all maps %.0f ms after the announcement "
                    + "(process CPU %.0f ms); heap after GC %.1f MB before, %.1f MB after (+%.1f MB)", maps,
                    firstMapNanos / 1e6, lastMapNanos / 1e6, cpuNanos / 1e6, heapBefore / 1e6, heapAfter / 1e6,
                    (heapAfter - heapBefore) / 1e6);
        }
    }

    public static void main(String[] args) throws Exception {
        int lus = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (int r = 1; r <= rounds; r++) {
            System.out.println("round " + r + ": " + run(lus, 120));
        }
    }

    /** One round: a fresh engine, array and bindings; fails when not every map is created within the limit. */
    public static Result run(int lus, int limitSeconds) throws Exception {
        Path etc = Files.createTempDirectory("mpathj-assembly-bench");
        ScheduledExecutorService simTimer = Executors.newSingleThreadScheduledExecutor();
        SimArrayRegistry registry = new SimArrayRegistry();
        SimArrayBuilder b = SimArrayBuilder.alua("scale", new SystemSimTime(simTimer)).tpgs(Tpgs.NONE)
                .inquiry("ACME", "SCALE", "0001")
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.ACTIVE_OPTIMIZED, false, "B0", "B1")
                .powerOnUnitAttention(false).attachHandlerAtProbe(false);
        for (int i = 0; i < lus; i++) {
            b.memoryLu(i, 64, 512);
        }
        SimArray array = b.build();
        PluginTypes types = new PluginTypes().prioritizer("const", new ConstPrioritizer());
        Assembler.Config config = new Assembler.Config(MergedConfig.of(MultipathConf.parse("multipath.conf", CONF),
                List.of()), Bindings.read(etc.resolve("bindings")), WwidsFile.read(etc.resolve("wwids")));
        try (EngineHarness harness = new EngineHarness().paths(registry);
                Assembler assembler = new Assembler(harness.multipath(), types, config, new Assembler.Sink() {
                    @Override
                    public void assembled(String map, EffectiveSettings settings) {
                    }

                    @Override
                    public void disassembled(String map) {
                    }
                })) {
            Multipath multipath = harness.multipath();
            assembler.start();
            registry.addListener(assembler);
            AtomicInteger created = new AtomicInteger();
            AtomicLong first = new AtomicLong();
            AtomicLong last = new AtomicLong();
            CountDownLatch all = new CountDownLatch(1);
            try (Multipath.Subscription events = multipath.listen(e -> {
                if (e.kind() == MapEvent.Kind.MAP_CREATED) {
                    int n = created.incrementAndGet();
                    if (n == 1) {
                        first.set(System.nanoTime());
                    }
                    if (n == lus) {
                        last.set(System.nanoTime());
                        all.countDown();
                    }
                }
            })) {
                long heapBefore = heapAfterGc();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                registry.add(array); // announces lus × 4 paths in one call
                if (!all.await(limitSeconds, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(created.get() + " of " + lus + " maps after " + limitSeconds
                            + " s:\n" + assembler.describe());
                }
                long cpu = processCpuNanos() - cpu0;
                long heapAfter = heapAfterGc();
                if (multipath.names().size() != lus) {
                    throw new IllegalStateException(multipath.names().size() + " maps, not " + lus);
                }
                return new Result(lus, first.get() - t0, last.get() - t0, cpu, heapBefore, heapAfter);
            }
        } finally {
            array.close();
            simTimer.shutdownNow();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
