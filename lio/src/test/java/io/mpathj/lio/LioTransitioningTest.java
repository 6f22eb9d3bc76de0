package io.mpathj.lio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A transition that does not end, against LIO: lu0's pg_a advertises an implicit transition time of
 * {@value #TRANSITION_SECONDS} s ({@code implicit_trans_secs}, the IMPLICIT TRANSITION TIME of the extended RTPG
 * header: the handler's transition timeout for the group) and is then held in Transitioning under load
 * ({@code alua_access_state} 15: LIO answers every I/O through tpgt_1 with NOT READY 04/0A).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LioTransitioningTest extends LioTestSupport {
    static final int TRANSITION_SECONDS = 3;
    /** What the failover may add to the transition timeout: the failed path, pg_init with STPG and RTPG. */
    static final long FAILOVER_MILLIS = 2_000;

    /**
     * I/O through path A is retried while the transition is younger than LIO's 3 s, so it stalls for that long; then
     * the handler fails path A, the map switches to group 2 and the handler's STPG makes pg_b Active/Optimized, while
     * LIO still holds pg_a in Transitioning. Once the target ends the transition, {@code reinstate_path} and
     * {@code switch_group 1} bring the I/O back to path A.
     */
    @Test
    void aTransitionLongerThanLiosTransitionTimeFailsThePathAndTheMapMovesOn() throws Exception {
        lio.command("put core/fileio_0/lu0/alua/pg_a/implicit_trans_secs " + TRANSITION_SECONDS);
        Run r = start();
        try {
            onPathA(r);
            long t0 = change(r, "alua pg_a 15");
            waitFor("path A failed", WAIT_SECONDS, () -> !view(r.map(), r.a()).active());
            long failedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long stpgMillis = awaitStpg(r, "pg_b", r.b(), t0);
            long stall = r.w().gapMillis();
            assertEquals(15, r.state("pg_a"), "LIO still holds pg_a in Transitioning");
            String alua = assertAlua(r, "B:2:A");
            figure(String.format("(transitioning) pg_a held in Transitioning, implicit transition time %d s: path A "
                    + "failed after %d ms, pg_b A/O read back after %d ms, I/O stalled %d ms; alua %s",
                    TRANSITION_SECONDS, failedMillis, stpgMillis, stall, alua));
            // the stall begins before the first 04/0A, the transition timeout counts from it
            assertTrue(stall >= TRANSITION_SECONDS * 1000L, "the I/O stalled only " + stall + " ms: the path "
                    + "failed before the transition timeout of " + TRANSITION_SECONDS + " s");
            assertTrue(stall <= TRANSITION_SECONDS * 1000L + FAILOVER_MILLIS, "the I/O stalled " + stall
                    + " ms, more than the transition timeout of " + TRANSITION_SECONDS + " s + " + FAILOVER_MILLIS
                    + " ms");

            lio.command("alua pg_a 0");
            long failbackMillis = failBack(r);
            figure(String.format("(transitioning) the target ended the transition (pg_a A/O): reinstate_path + "
                    + "switch_group 1: %d I/Os on A after %d ms, longest stall %d ms", PHASE_IOS, failbackMillis,
                    r.w().gapMillis()));
            assertTrue(view(r.map(), r.a()).active(), r.map().paths().toString());
            finish(r, "(transitioning)");
        } finally {
            stopQuietly(r);
        }
    }
}
