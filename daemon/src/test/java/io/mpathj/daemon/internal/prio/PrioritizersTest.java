package io.mpathj.daemon.internal.prio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.InvalidArgumentsException;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.prio.PrioritizerType;
import io.mpathj.storage.sim.AccessState;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each prioritizer against simulated paths. */
class PrioritizersTest {
    private final ManualSimTime time = new ManualSimTime();
    private final SimArray array = SimArrayBuilder.alua("p", time)
            .portGroup(1, AccessState.ACTIVE_OPTIMIZED, true, "A0")
            .portGroup(2, AccessState.ACTIVE_NON_OPTIMIZED, false, "N0")
            .portGroup(3, AccessState.STANDBY, false, "S0")
            .portGroup(4, AccessState.UNAVAILABLE, false, "U0")
            .portGroup(5, AccessState.ACTIVE_NON_OPTIMIZED, true, "P0")
            .memoryLu(0, 1024, 512)
            .powerOnUnitAttention(false)
            .attachHandlerAtProbe(false)
            .build();

    @AfterEach
    void close() {
        array.close();
    }

    private int prio(PrioritizerType type, String args, String port) throws InvalidArgumentsException {
        CompletableFuture<Integer> f = type.create(args).priority(array.path(port, 0).orElseThrow(),
                Duration.ofSeconds(30)).toCompletableFuture();
        for (int i = 0; i < 100 && !f.isDone(); i++) {
            time.advance(Duration.ofMillis(100));
        }
        return f.join();
    }

    @Test
    void aluaFromRtpgAndTheTargetPortGroupOfVpd83() throws Exception {
        AluaPrioritizer alua = new AluaPrioritizer();
        assertEquals(50, prio(alua, "", "A0"), "active/optimized with PREF: no bonus");
        assertEquals(130, prio(alua, "exclusive_pref_bit", "A0"), "exclusive_pref_bit: +80 even when optimized");
        assertEquals(10, prio(alua, "", "N0"));
        assertEquals(1, prio(alua, "", "S0"));
        assertEquals(0, prio(alua, "", "U0"));
        assertEquals(90, prio(alua, "", "P0"), "non-optimized with PREF: 10 + 80");
        array.port("S0").faults().linkDown();
        assertEquals(Prioritizer.UNDEFINED, prio(alua, "", "S0"));
        assertThrows(InvalidArgumentsException.class, () -> alua.create("bogus"));
    }

    @Test
    void aluaValuesAsMultipathTools() {
        assertEquals(5, AluaPrioritizer.priority(AluaPrioritizer.LBA_DEPENDENT, false, false));
        assertEquals(81, AluaPrioritizer.priority(AluaPrioritizer.STANDBY, true, false));
        assertEquals(0, AluaPrioritizer.priority(0xE, false, false));
    }

    @Test
    void constIsOne() throws Exception {
        assertEquals(1, prio(new ConstPrioritizer(), "", "U0"));
        assertThrows(InvalidArgumentsException.class, () -> new ConstPrioritizer().create("x"));
    }

    @Test
    void weightedpathMatchesThePathName() throws Exception {
        WeightedPathPrioritizer w = new WeightedPathPrioritizer();
        String args = "devname /A[0-9]/ 20 /N 5";
        assertEquals(20, prio(w, args, "A0"));
        assertEquals(5, prio(w, args, "N0"));
        assertEquals(0, prio(w, args, "S0"));
        InvalidArgumentsException e = assertThrows(InvalidArgumentsException.class, () -> w.create("hbtl 1:0 2"));
        assertTrue(e.getMessage().contains("devname"), e.getMessage());
        assertThrows(InvalidArgumentsException.class, () -> w.create("devname ( 2"));
    }

    @Test
    void pathLatencyStepsOfTheBase() throws Exception {
        double base = PathLatencyPrioritizer.DEFAULT_BASE_NUM;
        assertEquals(24, PathLatencyPrioritizer.priority(100, base), "100 us: 6 decades below 100 s, 4 steps each");
        assertEquals(32, PathLatencyPrioritizer.priority(0.01, base), "kept at 1 us");
        assertEquals(2, PathLatencyPrioritizer.priority(1_000_000, 10), "1 s: 2 decades below 100 s");
        int p = prio(new PathLatencyPrioritizer(), "io_num=20 base_num=10", "A0");
        assertTrue(p >= 0 && p <= 8, "a sim read takes between 1 us and 100 s: " + p);
        assertThrows(InvalidArgumentsException.class, () -> new PathLatencyPrioritizer().create("io_num=5"));
    }
}
