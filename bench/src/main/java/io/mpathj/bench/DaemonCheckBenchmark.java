package io.mpathj.bench;

import com.sun.management.OperatingSystemMXBean;
import io.mpathj.daemon.internal.ExecutorClock;
import io.mpathj.daemon.internal.PathDaemon;
import io.mpathj.daemon.internal.PluginTypes;
import io.mpathj.daemon.internal.Settings;
import io.mpathj.daemon.internal.checker.TurChecker;
import io.mpathj.daemon.internal.prio.ConstPrioritizer;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.testkit.EngineHarness;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;

/**
 * The daemon at scale: MAPS maps of 4 sim paths (two groups of two ports, one LU per map), every path checked with
 * tur every 5 s (polling_interval = max_polling_interval = 5). Measures the process CPU over a window of steady
 * state and the heap after a full GC, with and without the daemon. Arguments: maps (10000), seconds (60).
 */
public final class DaemonCheckBenchmark {
    private DaemonCheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int maps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        SimArrayRegistry arrays = new SimArrayRegistry();
        SimArrayBuilder b = SimArrayBuilder.alua("bench", new SystemSimTime(Executors.newSingleThreadScheduledExecutor()))
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1")
                .portGroup(2, AccessState.ACTIVE_NON_OPTIMIZED, false, "B0", "B1")
                .powerOnUnitAttention(false).attachHandlerAtProbe(false);
        for (int i = 0; i < maps; i++) {
            b.memoryLu(i, 64, 512);
        }
        SimArray array = b.build();
        arrays.add(array);
        try (EngineHarness harness = new EngineHarness().paths(arrays)) {
            for (int i = 0; i < maps; i++) {
                harness.multipath().create("m" + i, "0 0 2 1 round-robin 0 2 0 sim:bench/A0/" + i + " sim:bench/A1/"
                        + i + " round-robin 0 2 0 sim:bench/B0/" + i + " sim:bench/B1/" + i);
            }
            double idle = measure("without daemon", seconds / 2);
            Settings s = new Settings(5, 5, 30, "tur", "const", "", Settings.FAILBACK_MANUAL,
                    Settings.NO_PATH_RETRY_UNSET);
            PluginTypes types = new PluginTypes().checker("tur", new TurChecker())
                    .prioritizer("const", new ConstPrioritizer());
            try (ExecutorClock clock = new ExecutorClock("bench-multipathd");
                    PathDaemon daemon = new PathDaemon(harness.multipath(), types, clock, n -> s)) {
                daemon.start();
                Thread.sleep(10_000); // adoption and the first spread-out round of checks
                double busy = measure("with daemon", seconds);
                System.out.printf("checking %d maps x 4 paths every 5 s: %.2f %% of one core (%d checks/s)%n",
                        maps, busy - idle, maps * 4 / 5);
            }
        } finally {
            array.close();
        }
    }

    private static double measure(String what, int seconds) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double pct = 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
        System.out.printf("%s: process cpu %.2f %% of one core over %d s, heap after gc %.0f MB%n", what, pct,
                seconds, heap / 1e6);
        return pct;
    }
}
