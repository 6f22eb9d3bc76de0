package io.mpathj.lio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathj.api.map.PathView;
import io.mpathj.testkit.TestMap;
import io.mpathj.transport.iscsi.IscsiPath;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alua handler against the guest's other ALUA layouts (tools/lio/guest-init.sh): two ports of one target port
 * group, explicit-only ALUA, and two LUs behind the same two TPGs. Each runs the verified workload and asserts no
 * I/O failed, was lost, doubled or corrupted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LioLayoutsTest extends LioTestSupport {
    /** Successful I/Os each path of a group must carry for the I/O to count as spread over both. */
    static final long SPREAD_IOS = 50;
    /** Far below the 60 s an activation waiting for an implicit transition would take on an explicit-only array. */
    static final long NO_WAIT_MILLIS = 5_000;

    private static String accessStatus(String lu, String group) {
        return lio.command("get core/fileio_0/" + lu + "/alua/" + group + "/alua_access_status").get(0);
    }

    /** Waits until both paths of the run have carried {@link #SPREAD_IOS} more I/Os than now. */
    private static void spread(Run r) throws InterruptedException {
        long a = ios(r.map(), r.a());
        long b = ios(r.map(), r.b());
        waitFor("I/O through both paths of the group", WAIT_SECONDS,
                () -> ios(r.map(), r.a()) >= a + SPREAD_IOS && ios(r.map(), r.b()) >= b + SPREAD_IOS);
    }

    /**
     * One LU seen through two ports of the same group ({@code samegroup}: tpgt_1 and tpgt_2 both in pg_a,
     * Active/Optimized), one priority group over both paths: the I/O is spread over both; tpgt_1 disabled under load
     * leaves it going through path B alone, without STPG (pg_a is not altered); with tpgt_1 back and path A reinstated
     * it is spread again.
     */
    @Test
    void twoPortsOfOneGroupShareTheIoAndEitherCarriesItAlone() throws Exception {
        Run r = start(LioTarget.Layout.SAMEGROUP, 0, "0 1 alua 1 1 round-robin 0 2 1 %s 1 %s 1");
        try {
            spread(r);
            String before = counts(r);
            long t0 = change(r, "tpg 1 0 samegroup");
            waitFor("path A failed", WAIT_SECONDS, () -> !view(r.map(), r.a()).active());
            long bBefore = ios(r.map(), r.b());
            waitFor(PHASE_IOS + " I/Os through path B alone", WAIT_SECONDS,
                    () -> ios(r.map(), r.b()) >= bBefore + PHASE_IOS);
            long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(0, r.state("pg_a"));
            assertNotEquals("Altered by Explicit STPG", accessStatus("lu2", "pg_a"), "no STPG was needed");
            figure(String.format("(same group) I/O spread over both ports (%s); tpgt_1 disabled: %d I/Os on B alone "
                    + "after %d ms, longest I/O stall %d ms; alua %s", before, PHASE_IOS, failoverMillis,
                    r.w().gapMillis(), assertAlua(r, "A:1:A", "B:1:A")));

            lio.command("tpg 1 1 samegroup");
            await(r.a().whenOnline());
            r.map().message(List.of("reinstate_path", r.a().name()));
            spread(r);
            finish(r, "(same group)");
        } finally {
            stopQuietly(r);
        }
    }

    /**
     * Explicit-only ALUA ({@code explicit}: alua_access_type 2): the target cannot change a state itself (configfs
     * refuses), tpgt_1 disabled under load fails path A and the handler's STPG makes pg_b Active/Optimized at once
     * (it does not wait for an implicit transition that cannot come); tpgt_1 enabled again, reinstate_path and
     * switch_group 1 bring the I/O back to path A.
     */
    @Test
    void explicitOnlyFailsOverByStpgWithoutWaiting() throws Exception {
        assertEquals(List.of("Explicit"), lio.command("get core/fileio_0/lu3/alua/pg_a/alua_access_type"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> lio.command("alua pg_b 0 lu3"));
        assertTrue(refused.getMessage().contains("error:"), refused.getMessage());
        Run r = start(LioTarget.Layout.EXPLICIT, 0);
        try {
            onPathA(r);
            long t0 = change(r, "tpg 1 0 explicit");
            long stpgMillis = awaitStpg(r, "pg_b", r.b(), t0);
            long stall = r.w().gapMillis();
            assertEquals("Altered by Explicit STPG", accessStatus("lu3", "pg_b"));
            assertEquals(0, r.state("pg_a"), "STPG for pg_b changed pg_a");
            figure(String.format("(explicit only) tpgt_1 disabled: pg_b A/O by STPG read back after %d ms, longest "
                    + "I/O stall %d ms; alua %s", stpgMillis, stall, assertAlua(r, "A:1:A", "B:2:A")));
            assertTrue(stall < NO_WAIT_MILLIS, "the I/O stalled " + stall + " ms: the handler waited instead of "
                    + "activating the explicit-only group by STPG");

            lio.command("tpg 1 1 explicit");
            await(r.a().whenOnline());
            long failbackMillis = failBack(r);
            figure(String.format("(explicit only) tpgt_1 enabled, reinstate_path + switch_group 1: %d I/Os on A "
                    + "after %d ms, longest stall %d ms", PHASE_IOS, failbackMillis, r.w().gapMillis()));
            finish(r, "(explicit only)");
        } finally {
            stopQuietly(r);
        }
    }

    /**
     * Two LUs behind the same two TPGs (LUN 0 = lu0 and LUN 1 = lu1 of the main target, each with its own pg_a and
     * pg_b): two maps. lu1's pg_a set Standby under load fails over lu1's map only (STPG for lu1's pg_b); then lu0's
     * pg_a set Standby fails over lu0's map only. The handler of each map reads its own LU's groups.
     */
    @Test
    void twoLusBehindTheSameTpgsFailOverIndependently() throws Exception {
        Run lu0 = start(LioTarget.Layout.BOTH, 0);
        Run lu1 = start(LioTarget.Layout.BOTH, 1);
        try {
            onPathA(lu0);
            onPathA(lu1);
            failOverAlone(lu1, lu0);
            failOverAlone(lu0, lu1);
            finish(lu0, "(two LUs) lu0");
            finish(lu1, "(two LUs) lu1");
        } finally {
            stopQuietly(lu0);
            stopQuietly(lu1);
        }
    }

    /**
     * The target sets {@code moved}'s pg_a Standby: its map fails path A and activates pg_b by STPG, while
     * {@code other}'s map goes on through the path it used, without a failure, and its LU's states stay.
     */
    private static void failOverAlone(Run moved, Run other) throws Exception {
        IscsiPath otherPath = view(other.map(), other.a()).active() ? other.a() : other.b();
        PathView otherBefore = view(other.map(), otherPath);
        int otherA = other.state("pg_a");
        int otherB = other.state("pg_b");
        other.w().resetGap();
        long t0 = change(moved, "alua pg_a 2 " + moved.lu());
        long stpgMillis = awaitStpg(moved, "pg_b", moved.b(), t0);
        String alua = assertAlua(moved, "A:1:S", "B:2:A");
        long otherIos = ios(other.map(), otherPath);
        waitFor(PHASE_IOS + " I/Os of " + other.lu() + " through the path it used", WAIT_SECONDS,
                () -> ios(other.map(), otherPath) >= otherIos + PHASE_IOS);
        assertEquals(otherA, other.state("pg_a"), other.lu() + "'s pg_a changed");
        assertEquals(otherB, other.state("pg_b"), other.lu() + "'s pg_b changed");
        assertEquals(otherBefore.failCount(), view(other.map(), otherPath).failCount(), other.map().paths().toString());
        assertTrue(view(other.map(), otherPath).active(), other.map().paths().toString());
        figure(String.format("(two LUs) %s's pg_a set Standby: %s's pg_b A/O by STPG read back after %d ms, longest "
                + "I/O stall %d ms, alua %s; %s went on through %s (longest stall %d ms), its groups unchanged",
                moved.lu(), moved.lu(), stpgMillis, moved.w().gapMillis(), alua, other.lu(),
                otherPath == other.a() ? "A" : "B", other.w().gapMillis()));
    }
}
