package io.mpathj.lio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.map.PathView;
import io.mpathj.testkit.TestMap;
import io.mpathj.transport.iscsi.IscsiPath;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alua handler against LIO with implicit ALUA only (the guest's target {@code implicit}, LU lu4:
 * {@code alua_access_type} 1 for both groups: LIO refuses STPG, drivers/target/target_core_alua.c): the target moves
 * the groups itself, the handler only reads them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LioImplicitOnlyTest extends LioTestSupport {

    /**
     * The array fails over under load (pg_b Active/Optimized, then pg_a Standby): 02/04/0B fails path A, the map
     * switches to group 2, whose RTPG already reads Active/Optimized; then, with path A reinstated, the array fails
     * back (pg_a Active/Optimized, pg_b Standby): path B fails and the map returns to group 1.
     */
    @Test
    void theArraysOwnFailoverAndFailbackKeepTheIoGoing() throws Exception {
        assertEquals(List.of("Implicit"), lio.command("get core/fileio_0/lu4/alua/pg_a/alua_access_type"));
        Run r = start(LioTarget.Layout.IMPLICIT, 0);
        try {
            onPathA(r);
            long failoverMillis = targetMoves(r, "pg_b", "pg_a", r.b());
            PathView a = view(r.map(), r.a());
            assertTrue(a.failCount() > 0 && !a.active(), r.map().paths().toString());
            assertEquals(2, r.state("pg_a"));
            assertEquals(0, r.state("pg_b"));
            figure(String.format("(implicit only) the target moved pg_b to A/O and pg_a to Standby: %d I/Os on B "
                    + "after %d ms, longest I/O stall %d ms; alua %s", PHASE_IOS, failoverMillis,
                    r.w().gapMillis(), assertAlua(r, "A:1:S", "B:2:A")));

            r.map().message(List.of("reinstate_path", r.a().name()));
            long failbackMillis = targetMoves(r, "pg_a", "pg_b", r.a());
            PathView b = view(r.map(), r.b());
            assertTrue(b.failCount() > 0 && !b.active(), r.map().paths().toString());
            figure(String.format("(implicit only) the target moved pg_a back to A/O and pg_b to Standby: %d I/Os "
                    + "on A after %d ms, longest I/O stall %d ms; alua %s", PHASE_IOS, failbackMillis,
                    r.w().gapMillis(), assertAlua(r, "A:1:A")));
            finish(r, "(implicit only)");
        } finally {
            stopQuietly(r);
        }
    }

    /**
     * The target makes {@code active} Active/Optimized, then {@code standby} Standby, as an array's implicit
     * failover does; returns the milliseconds until the workload has done {@link #PHASE_IOS} I/Os through {@code to}.
     */
    private static long targetMoves(Run r, String active, String standby, IscsiPath to) throws Exception {
        r.w().resetGap();
        long t0 = System.nanoTime();
        lio.command("alua " + active + " 0 " + r.lu());
        lio.command("alua " + standby + " 2 " + r.lu());
        long before = ios(r.map(), to);
        waitFor(PHASE_IOS + " I/Os through " + to.name(), WAIT_SECONDS, () -> ios(r.map(), to) >= before + PHASE_IOS);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
