package io.mpathj.handler.emc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mpathj.api.checker.CheckResult;
import io.mpathj.api.checker.CheckerState;
import io.mpathj.api.checker.PathChecker;
import io.mpathj.api.path.PathDevice;
import io.mpathj.api.prio.Prioritizer;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.storage.sim.ManualSimTime;
import io.mpathj.storage.sim.SimArray;
import io.mpathj.storage.sim.SimArrayBuilder;
import io.mpathj.testkit.ForwardingPathDevice;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emc_clariion checker and the emc prioritizer on the simulated CLARiiON (SP A = group 1, SP B = group 2).
 *
 * <p>storage.sim's VPD page C0h carries what scsi_dh_emc reads but not the failover configuration multipath-tools
 * checks: byte 27 (effective initiator type, 3) and byte 30 bit 2 (arraycommpath) are 0, so on the raw sim both
 * refuse every path ({@link #theSimsPageLacksTheFailoverConfiguration}). The other tests put those two bytes in, as
 * a CLARiiON set up for Linux failover reports them, and leave the rest of the page to the sim.
 */
class EmcArrayChecksTest {
    private static final int SP_A = 1;
    private static final int SP_B = 2;

    private final ManualSimTime time = new ManualSimTime();
    private SimArray cx;

    @AfterEach
    void tearDown() {
        if (cx != null) {
            cx.close();
        }
    }

    private SimArray array() {
        cx = SimArrayBuilder.clariion("cx", time).powerOnUnitAttention(false).storageProcessor("A0", "A1")
                .storageProcessor("B0", "B1").memoryLu(0, 256, 512).defaultOwner(0, SP_A).build();
        return cx;
    }

    /** The sim's path with bytes 27 and 30 of page C0h set as a CLARiiON in failover mode 4 sets them. */
    private PathDevice configured(String port) {
        return new ForwardingPathDevice(cx.path(port, 0).orElseThrow()) {
            @Override
            public CompletionStage<ScsiResult> execute(ScsiCommand command) {
                return device.execute(command).thenApply(r -> {
                    byte[] cdb = command.cdb();
                    if (r.isGood() && cdb[0] == 0x12 && (cdb[1] & 1) == 1 && (cdb[2] & 0xFF) == 0xC0) {
                        ByteBuffer page = command.data();
                        page.put(page.position() + 27, (byte) 3);
                        page.put(page.position() + 30, (byte) (page.get(page.position() + 30) | 0x04));
                    }
                    return r;
                });
            }
        };
    }

    private static CheckResult check(PathChecker c, PathDevice d) throws Exception {
        return c.check(d, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static int prio(PathDevice d) throws Exception {
        return new EmcPrioritizer().create("").priority(d, Duration.ofSeconds(5)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSimsPageLacksTheFailoverConfiguration() throws Exception {
        array();
        PathDevice a0 = cx.path("A0", 0).orElseThrow();
        assertEquals(CheckResult.of(CheckerState.DOWN, "emc_clariion checker: Path not correctly configured for "
                + "failover"), check(new EmcClariionChecker().create(), a0),
                "storage.sim now reports initiator type and arraycommpath: check the raw sim's paths instead");
        assertEquals(Prioritizer.UNDEFINED, prio(a0));
    }

    @Test
    void everyPathIsUpAndTheOwnersDefaultSpHasTheHighestPriority() throws Exception {
        array();
        EmcClariionChecker checker = new EmcClariionChecker();
        for (String port : new String[] {"A0", "A1", "B0", "B1"}) {
            assertEquals(CheckResult.of(CheckerState.UP, "emc_clariion checker: Active path is healthy"),
                    check(checker.create(), configured(port)), port);
        }
        assertEquals(4, prio(configured("A0")), "SP A owns the LU and is its default");
        assertEquals(4, prio(configured("A1")));
        assertEquals(1, prio(configured("B0")), "SP B: bound, not the default");
    }

    @Test
    void aTrespassMovesThePriorities() throws Exception {
        array();
        cx.clariion().trespass(0, SP_B); // navicli, or another host
        assertEquals(3, prio(configured("A0")), "the default SP, now bound only");
        assertEquals(2, prio(configured("B0")), "the owner, away from the default");
        assertEquals(CheckerState.UP, check(new EmcClariionChecker().create(), configured("B1")).state());
        assertEquals(CheckerState.UP, check(new EmcClariionChecker().create(), configured("A1")).state());
    }

    @Test
    void anNduMakesEveryPathShakyAndLeavesThemWithoutPriority() throws Exception {
        array();
        cx.clariion().setNonDisruptiveUpgrade(true);
        assertEquals(CheckerState.SHAKY, check(new EmcClariionChecker().create(), configured("A0")).state());
        assertEquals(Prioritizer.UNDEFINED, prio(configured("B0")));
        cx.clariion().setNonDisruptiveUpgrade(false);
        assertEquals(CheckerState.UP, check(new EmcClariionChecker().create(), configured("A0")).state());
    }

    @Test
    void aPathWhosePortIsDownIsDown() throws Exception {
        array();
        cx.port("A0").faults().linkDown();
        assertEquals(CheckerState.DOWN, check(new EmcClariionChecker().create(), configured("A0")).state());
        assertEquals(Prioritizer.UNDEFINED, prio(configured("A0")));
    }
}
