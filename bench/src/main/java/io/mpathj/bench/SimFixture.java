package io.mpathj.bench;

import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.storage.sim.SimArrayRegistry;
import io.mpathj.storage.sim.SystemSimTime;
import io.mpathj.testkit.EngineHarness;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An engine over an in-memory simulated ALUA array with no power-on unit attention: group A (ports A0..A3,
 * active/optimized) and group B (B0..B3, standby), one LU of 256 MiB. The "physical limit" maps are measured against.
 */
final class SimFixture implements AutoCloseable {
    static final int BLOCK = 512;
    static final long BLOCKS = 1L << 19;

    final ScheduledExecutorService timeThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sim-time");
        t.setDaemon(true);
        return t;
    });
    final SimArrayRegistry registry = new SimArrayRegistry();
    final SimArray array;
    final EngineHarness harness = new EngineHarness();

    SimFixture(String name) {
        this(name, 1);
    }

    /** An array with LUs 0 … {@code luns - 1} (memory allocated only where written). */
    SimFixture(String name, int luns) {
        SimArrayBuilder b = SimArrayBuilder.alua(name, new SystemSimTime(timeThread))
                .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0", "A1", "A2", "A3")
                .portGroup(2, AccessState.STANDBY, false, "B0", "B1", "B2", "B3");
        for (int lun = 0; lun < luns; lun++) {
            b.memoryLu(lun, BLOCKS, BLOCK);
        }
        array = b.powerOnUnitAttention(false).build();
        registry.add(array);
        harness.paths(registry);
        // a running platform's executor has its threads; creating them is not part of any figure here
        ((java.util.concurrent.ScheduledThreadPoolExecutor) harness.executor()).prestartAllCoreThreads();
    }

    /** The four paths of group A as a round-robin group: {@code sim:NAME/A0/0 … A3}. */
    String groupA() {
        return "round-robin 0 4 0 " + paths("A");
    }

    String groupB() {
        return "round-robin 0 4 0 " + paths("B");
    }

    private String paths(String group) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(i == 0 ? "" : " ").append("sim:").append(array.name()).append('/').append(group).append(i)
                    .append("/0");
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        harness.close();
        array.close();
        timeThread.shutdownNow();
    }
}
