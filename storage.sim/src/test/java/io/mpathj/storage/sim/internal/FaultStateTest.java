package io.mpathj.storage.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mpathj.api.scsi.Cdbs;
import io.mpathj.api.scsi.ScsiCommand;
import io.mpathj.api.scsi.ScsiResult;
import io.mpathj.api.scsi.TransportError;
import io.mpathj.storage.sim.ManualSimTime;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hold/link-down handshake of one fault state, without a path in between. */
class FaultStateTest {
    private final ManualSimTime time = new ManualSimTime();
    private final FaultState faults = new FaultState("port A0", time, () -> { });

    private static ScsiCommand read() {
        return ScsiCommand.dataIn(Cdbs.read10(0, 1), ByteBuffer.allocate(512));
    }

    /**
     * A path checks the link, then asks to be held. When link down runs between the two, the command must fail
     * with the link instead of joining a hold nobody will ever release (the EMC failover test hung on this).
     */
    @Test
    void aCommandThatReachesTheHoldAfterLinkDownFailsInsteadOfHangingForever() {
        faults.hang();
        faults.linkDown(); // after the caller's own link check, before its hold
        CompletableFuture<ScsiResult> held = faults.holdIfHanging(read(), c -> CompletableFuture.completedStage(
                ScsiResult.good()));
        assertNotNull(held, "a hanging port still answers for the command");
        assertEquals(TransportError.CONNECTION_LOST, held.getNow(null).transportError().orElseThrow());
        assertEquals(0, faults.hungCommands());
        assertEquals(0, time.pendingTasks(), "no timeout left scheduled for a command that was never held");
    }
}
